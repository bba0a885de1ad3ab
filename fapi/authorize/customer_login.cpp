#include "fapi/authorize/customer_login.hpp"

#include "log/logger.hpp"

namespace fapid::fapi {

namespace {

constexpr std::size_t kMaxLogin = 256;
constexpr std::size_t kMaxPassword = 1024;

// Verified when the login is unknown, so an unknown login costs what a wrong password costs.
const std::string& decoy_hash(const users::PasswordHasher& hasher) {
  static const std::string hash = [&] {
    auto h = hasher.hash("decoy password, never matched");
    return h ? *h : std::string();
  }();
  return hash;
}

storage::LockoutPolicy lockout(const Context& ctx) {
  return {ctx.cfg.users.max_failures, ctx.cfg.users.lock_for};
}

}  // namespace

Result<LoginResult> check_login(const Context& ctx, std::string_view login, std::string_view password) {
  const auto& hasher = *ctx.deps.hasher;
  if (login.empty() || login.size() > kMaxLogin || password.size() > kMaxPassword) return LoginResult{};
  auto found = ctx.users().find_by_login(login);
  if (!found) return found.error();
  const auto now = ctx.clock().now();
  if (!*found || (*found)->disabled) {
    (void)hasher.verify(password, decoy_hash(hasher));
    log::info("login_refused", {{"reason", *found ? "disabled" : "unknown_login"}});
    return LoginResult{};
  }
  const auto& user = **found;
  if (user.locked_until && *user.locked_until > now) {
    log::info("login_refused", {{"reason", "locked"}, {"sub", std::string_view(user.id)}});
    return LoginResult{LoginVerdict::locked, std::nullopt};
  }
  auto verdict = hasher.verify(password, user.password_hash);
  if (!verdict) {
    // A stored hash this server cannot read is an operator's problem, never a way in.
    log::error("password_hash_unreadable", {{"sub", std::string_view(user.id)}, {"reason", std::string_view(verdict.error().detail)}});
    return LoginResult{};
  }
  if (*verdict == users::Verdict::mismatch) {
    auto counted = ctx.users().record_failed_login(user.id, lockout(ctx), now);
    if (!counted) return counted.error();
    const bool locked = *counted && (*counted)->locked_until && *(*counted)->locked_until > now;
    log::info("login_refused", {{"reason", locked ? "wrong_password_now_locked" : "wrong_password"}, {"sub", std::string_view(user.id)}});
    return LoginResult{locked ? LoginVerdict::locked : LoginVerdict::wrong_credentials, std::nullopt};
  }
  std::optional<std::string> rehashed;
  if (*verdict == users::Verdict::match_needs_rehash) {
    if (auto h = hasher.hash(password)) rehashed = std::move(*h);
  }
  if (auto ok = ctx.users().record_successful_login(user.id, rehashed, now); !ok) return ok.error();
  log::info("login_accepted", {{"sub", std::string_view(user.id)}, {"rehashed", rehashed ? "yes" : "no"}});
  return LoginResult{LoginVerdict::accepted, user};
}

}  // namespace fapid::fapi
