#pragma once
// Shared by the config tests: a fake environment, and a temporary directory holding dummy files at the
// dev-PKI paths so the example configuration loads without running certs/make-dev-pki.sh. The loader
// only checks that key and certificate files exist (the JOSE and TLS layers parse them), so dummy
// contents are honest here; the JWKS file is real JSON because the loader parses it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "config/config_loader.hpp"

namespace fapid::config::test {

class FakeEnvironment final : public Environment {
 public:
  FakeEnvironment() = default;
  FakeEnvironment(std::initializer_list<std::pair<const std::string, std::string>> values) : values_(values) {}
  std::optional<std::string> get(std::string_view name) const override {
    const auto it = values_.find(std::string(name));
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }
  void set(const std::string& name, const std::string& value) { values_[name] = value; }

 private:
  std::map<std::string, std::string> values_;
};

inline constexpr const char* kPortalSecret = "s3cr3t-portal-value-do-not-print";
inline constexpr const char* kTppOneJwks =
    R"({"keys":[{"kty":"RSA","kid":"tpp-one-sig","use":"sig","alg":"PS256","n":"sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw","e":"AQAB"}]})";

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "fapid-config-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& relative, const std::string& content) const {
    const auto p = path_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Replaces exactly one occurrence; fails the test when the fragment is missing so an edit that no
// longer applies cannot make a test pass vacuously.
inline std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "fragment not found: " << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The example configuration with its certs/dev/ paths moved into a temporary directory of dummy files.
class ExampleConfig : public ::testing::Test {
 protected:
  ExampleConfig() {
    for (const char* f : {"server.crt", "server.key", "ca.crt", "keys/signing-ps256.key", "keys/signing-es256.key",
                          "keys/enc-rsa-oaep.key"})
      dir_.file(std::string("certs/dev/") + f, "dummy PEM\n");
    dir_.file("certs/dev/clients/tpp-one.jwks.json", kTppOneJwks);
    dir_.file("certs/dev/secrets/portal-secret/client-secret", std::string(kPortalSecret) + "\n");
    std::string text = read_text(FAPID_SOURCE_DIR "/deploy/config.example.yaml");
    const std::string from = "certs/dev/", to = (dir_.path() / "certs/dev/").string();
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
    example_ = text;
  }

  LoadResult load(const std::string& text) const { return load_config_text(text, env_); }
  LoadResult load() const { return load(example_); }
  // The example with one fragment replaced.
  LoadResult load_with(const std::string& from, const std::string& to) const { return load(replace_once(example_, from, to)); }
  std::string dev(const std::string& relative) const { return (dir_.path() / "certs/dev" / relative).string(); }

  TempDir dir_;
  FakeEnvironment env_;
  std::string example_;
};

inline std::string joined(const LoadResult& r) {
  std::string out;
  for (const auto& e : r.errors) out += e + "\n";
  return out;
}

// The config is refused and one error is exactly `expected`.
#define EXPECT_CONFIG_ERROR(result, expected)                                                    \
  do {                                                                                           \
    const auto& r_ = (result);                                                                   \
    EXPECT_TRUE(r_.config == nullptr);                                                           \
    EXPECT_THAT(r_.errors, ::testing::Contains(std::string(expected))) << joined(r_);            \
  } while (0)

#define EXPECT_CONFIG_OK(result)                                          \
  do {                                                                    \
    const auto& r_ = (result);                                            \
    EXPECT_TRUE(r_.errors.empty()) << joined(r_);                         \
    EXPECT_TRUE(r_.config != nullptr);                                    \
  } while (0)

}  // namespace fapid::config::test
