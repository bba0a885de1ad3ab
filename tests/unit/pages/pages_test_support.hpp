#pragma once
// Helpers shared by the page tests: a scratch templates directory and HTML look-ups.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#include "pages/page_renderer.hpp"

namespace fapid::pages::test {

// A fresh directory under the temp dir, removed with everything in it when the test ends.
class ScratchDir {
 public:
  ScratchDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("fapid-pages-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_ / "messages");
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  void write(const std::string& name, std::string_view text) const {
    std::ofstream out(path_ / name, std::ios::binary);
    out << text;
  }
  std::string str() const { return path_.string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline PageRenderer builtin_renderer() {
  auto r = PageRenderer::load("", "");
  EXPECT_TRUE(r.has_value()) << (r.has_value() ? "" : r.error().detail);
  return std::move(r.value());
}

// The opening tags `<name ...>` in `html`, each as written.
inline std::vector<std::string> tags(std::string_view html, std::string_view name) {
  std::vector<std::string> found;
  const auto open = "<" + std::string(name) + " ";
  for (auto at = html.find(open); at != std::string_view::npos; at = html.find(open, at + 1))
    found.emplace_back(html.substr(at, html.find('>', at) - at + 1));
  return found;
}

// The value of `attribute="..."` in one tag, or "" when absent.
inline std::string attribute(std::string_view tag, std::string_view attribute) {
  const auto key = " " + std::string(attribute) + "=\"";
  const auto at = tag.find(key);
  if (at == std::string_view::npos) return {};
  const auto start = at + key.size();
  return std::string(tag.substr(start, tag.find('"', start) - start));
}

}  // namespace fapid::pages::test
