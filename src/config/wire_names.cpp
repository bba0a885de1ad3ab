#include "config/wire_names.hpp"

#include <array>
#include <utility>

namespace fapid::config {

namespace {

constexpr std::array<std::pair<AuthMethod, std::string_view>, 4> kAuthMethods{{
    {AuthMethod::client_secret_post, "client_secret_post"},
    {AuthMethod::client_secret_basic, "client_secret_basic"},
    {AuthMethod::private_key_jwt, "private_key_jwt"},
    {AuthMethod::tls_client_auth, "tls_client_auth"},
}};

constexpr std::array<std::pair<Profile, std::string_view>, 2> kProfiles{{
    {Profile::fapi1_advanced, "fapi1-advanced"},
    {Profile::fapi2, "fapi2"},
}};

constexpr std::array<std::pair<AccessTokenFormat, std::string_view>, 2> kAccessTokenFormats{{
    {AccessTokenFormat::jwt, "jwt"},
    {AccessTokenFormat::opaque, "opaque"},
}};

constexpr std::array<std::pair<TokenBinding, std::string_view>, 2> kTokenBindings{{
    {TokenBinding::mtls, "mtls"},
    {TokenBinding::dpop, "dpop"},
}};

constexpr std::array<std::pair<bool, std::string_view>, 2> kRequestObjectSigning{{
    {true, "required"},
    {false, "optional"},
}};

constexpr std::array<std::pair<PasswordAlgorithm, std::string_view>, 3> kPasswordAlgorithms{{
    {PasswordAlgorithm::argon2id, "argon2id"},
    {PasswordAlgorithm::bcrypt, "bcrypt"},
    {PasswordAlgorithm::pbkdf2_sha256, "pbkdf2-sha256"},
}};

template <class Table, class E>
std::string_view name_of(const Table& table, E value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return {};
}

template <class E, class Table>
std::optional<E> value_of(const Table& table, std::string_view name) {
  for (const auto& [v, n] : table)
    if (n == name) return v;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(AuthMethod method) { return name_of(kAuthMethods, method); }
std::optional<AuthMethod> auth_method_from(std::string_view s) { return value_of<AuthMethod>(kAuthMethods, s); }
std::string_view to_string(Profile profile) { return profile == Profile::none ? "none" : name_of(kProfiles, profile); }
std::optional<Profile> profile_from(std::string_view s) { return value_of<Profile>(kProfiles, s); }
std::string_view to_string(AccessTokenFormat format) { return name_of(kAccessTokenFormats, format); }
std::optional<AccessTokenFormat> access_token_format_from(std::string_view s) {
  return value_of<AccessTokenFormat>(kAccessTokenFormats, s);
}
std::string_view to_string(TokenBinding binding) { return name_of(kTokenBindings, binding); }
std::optional<TokenBinding> token_binding_from(std::string_view s) { return value_of<TokenBinding>(kTokenBindings, s); }
std::string_view request_object_signing_name(bool required) { return name_of(kRequestObjectSigning, required); }
std::optional<bool> request_object_signing_from(std::string_view s) { return value_of<bool>(kRequestObjectSigning, s); }
std::string_view to_string(PasswordAlgorithm algorithm) { return name_of(kPasswordAlgorithms, algorithm); }
std::optional<PasswordAlgorithm> password_algorithm_from(std::string_view s) {
  return value_of<PasswordAlgorithm>(kPasswordAlgorithms, s);
}

}  // namespace fapid::config
