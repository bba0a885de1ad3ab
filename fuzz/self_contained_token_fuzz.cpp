// libFuzzer target for read_self_contained_token (oauth/self_contained_token.hpp), the reader of every
// access token presented to the FAPI tree's resources, introspection and revocation. Two ways per input:
//   1. the raw input as the presented token: nobody outside holds the server's key, so nothing may ever be
//      read as self-contained, and a refusal is only possible for what the key signed;
//   2. structure-aware: the first byte picks the typ (at+jwt, JWT, none), the rest is the claims, which the
//      harness signs with the server's own PS256 key, as a token the server minted would be.
// Oracle for anything read as self-contained: typ at+jwt, gty client_credentials, iss and aud (a string)
// the issuer, exp after now, non-empty string jti and client_id, string sub and scope, a numeric iat, and
// the returned fields equal to the claims. Refusals are invalid_token with status 401.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "fuzz_key_store.hpp"
#include "jose/key_store.hpp"
#include "jose/openssl_ptr.hpp"
#include "jose/strict_json.hpp"
#include "oauth/self_contained_token.hpp"

namespace {

using namespace fapid;

constexpr std::int64_t kNow = 1'700'000'000;
const std::string kIssuer = "https://as.fapid.test/auth";

void require(bool ok) {
  if (!ok) __builtin_trap();
}

struct Server {
  std::shared_ptr<const jose::KeyStore> keys;
  jose::PublicKeySet published;
  Server() {
    jose::OsslPtr<EVP_PKEY> rsa(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048)));
    jose::OsslPtr<BIO> pem(BIO_new(BIO_s_mem()));
    if (!pem || PEM_write_bio_PrivateKey(pem.get(), rsa.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) std::abort();
    char* text = nullptr;
    const long length = BIO_get_mem_data(pem.get(), &text);
    keys = fuzz::key_store_from_pem({text, static_cast<std::size_t>(length)},
                                    {"fuzz-ps256", config::KeyUse::sig, "PS256", "", true});
    published = jose::PublicKeySet::from_jwks_json(keys->public_jwks_json()).value();
  }
};

const Server& server() {
  static const Server s;
  return s;
}

oauth::SelfContainedRules rules() {
  return {&server().published, {jose::Alg::PS256}, kIssuer, storage::TimePoint(std::chrono::seconds(kNow))};
}

bool is_string(const nlohmann::json& c, const char* name, bool non_empty) {
  return c.contains(name) && c[name].is_string() && (!non_empty || !c[name].get<std::string>().empty());
}

void check_accepted(const oauth::SelfContainedToken& t, std::string_view typ, std::string_view claims_text) {
  require(typ == "at+jwt");
  const auto parsed = jose::parse_strict_json(claims_text);
  require(parsed && parsed->is_object());
  const auto& c = *parsed;
  require(c.contains("gty") && c["gty"] == oauth::kSelfContainedGrantType);
  require(c.contains("iss") && c["iss"] == kIssuer && c.contains("aud") && c["aud"] == kIssuer);
  require(c.contains("exp") && c["exp"].is_number() && c["exp"].get<double>() > static_cast<double>(kNow));
  require(c.contains("iat") && c["iat"].is_number());
  require(is_string(c, "jti", true) && is_string(c, "client_id", true) && is_string(c, "sub", false) &&
          is_string(c, "scope", false));
  require(t.jti == c["jti"].get<std::string>() && t.client_id == c["client_id"].get<std::string>() &&
          t.subject == c["sub"].get<std::string>() && t.scope == c["scope"].get<std::string>());
  require(t.expires_at > storage::TimePoint(std::chrono::seconds(kNow)));
}

void check_refusal(const OAuthError& e) { require(e.code == ErrorCode::invalid_token && e.status == 401); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  // 1. A token from outside: never self-contained, never refused as one (no key signed it).
  auto raw = oauth::read_self_contained_token(input, rules());
  require(raw && !*raw);

  // 2. Claims the server's key signs.
  if (input.empty()) return 0;
  static constexpr std::string_view kTyps[] = {"at+jwt", "JWT", ""};
  const auto typ = kTyps[static_cast<unsigned char>(input.front()) % 3];
  const auto claims = input.substr(1);
  auto token = server().keys->sign(jose::Alg::PS256, claims, typ);
  if (!token) return 0;
  auto read = oauth::read_self_contained_token(*token, rules());
  if (!read) {
    check_refusal(read.error());
  } else if (*read) {
    check_accepted(**read, typ, claims);
  }
  return 0;
}
