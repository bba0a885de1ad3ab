#pragma once
// Shared by the structure-aware FAPI fuzz targets (request_object, client_assertion): fixed keys, so the
// seed corpora stay valid from run to run; a FAPI Context built from in-memory fakes with a fixed clock;
// and a grant repository that traps if anything touches it (neither validator may).
//
// The keys below are throwaway test keys made for these harnesses only; they protect nothing.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <openssl/bio.h>
#include <openssl/pem.h>

#include "fapi/context.hpp"
#include "fuzz_key_store.hpp"
#include "jose/base64url.hpp"
#include "jose/jwk.hpp"
#include "jose/jws_signature.hpp"
#include "jose/key_store.hpp"
#include "jose/openssl_ptr.hpp"
#include "oauth/client_registry.hpp"
#include "storage/random.hpp"
#include "../tests/unit/oauth/fake_ttl_store.hpp"

namespace fapid::fuzz {

// tpp-one's signing key (PS256, kid tpp-one-sig): signs the seeds and the structure-aware inputs.
inline constexpr const char* kClientRsaPem = R"(-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCM+Ej+DqEkEa7e
+ElfqjqiNtrZouoUDLXEp+9Z6gEzsADyB6i4O1XnwoVaZ5dbhiDtS6GpYjFFUc/7
wUNiIM7o0a0Y9AmHTtDtIKCPNa4K9n9X9Y2MTPVeo1V7mWK9KPD2WOB/1a0mWu5C
+0p/yuFdtF2BO5upZn9hZJET2qpDWZQggjk4chjP2idToroKZAWnnPtPkrTSV0zR
ekoBsbBZj/GO+tOODop18JuWQPH+HZjEqLQigJt+WuqGaK7ZpusQtMSIrhPePIGW
hYGLiAWVTezWX2Br9pWHwYMIPkFSqikS/4Pf1fK/Me2v6y2sDFRhPsXIVDMC+RRa
mrZmYxy3AgMBAAECggEAQhq7v8cEcXGJWy162s1sqVyny57FvZkoM4u8haFh5ucF
ynkk+R957TAecIJbS6PeFOh+anuNN0BiE2BRRNa1sB+C2Ey3myeueUPvhrhZYPKu
TITtV3lPJo3ZLBiFYMauGBcdT1TX2UCSsf48tShh/hryLgPRvuI9oWITVggYB3Rs
AxvcXPg7UWE6EiuUf7EN3mHfVICDpWhhX7rYNLQ4Z2IZfF0aj2wHsINMh3SyRvp2
Pm7TH8n/X5iARw189Cv2NxNhc6wy7fwv+/tCXAa/8f3VGMiIlEn9EAjO1FRL5Tso
zai6DXIis1Z2Q64YKtmTDGWN82w6DaRbTnufOeSgYQKBgQC+lnWRnz+mPC5c3zeu
2TLUSBjwiDlp4Z7BYJr3Efm8W3MA9L83py4ma395dW2SI1tvqxkKao6DlB9UHEKn
LaxwtrW+lvEWUavUDTs4lbgSnoBTassb7QMSHM06W93I3Ic4D2IvMzGj1aXdYzKc
srKZca9mEnurJstvm8x1zILymwKBgQC9WkTnXdk/JnFI8Za83LZT7lQuC46JkQZT
D+AGNBabXSex8JPZo9kIziP88//oxTo0Fo2vIMMV3oFLcpjikowibWAUtowwE+tt
D2CfmVbUeEVkuBGsg9x6TfMxmzDanENHTpKSGVTFfK4SA7aRf9EZ4dxB8nh9P6cW
k8PGiUACFQKBgQChIbPkmi7F7LuF6XK6cQd4UjxDn+hqjEYcWACsQpZRmT9x33qL
ItzxvpDXr2Aj3aDAmHdjRxOWSvTxt7LihMr1wIOHzzWlGQedEFKxVGN72mXEINX3
ljqyZYddf63S1B++VcM9BJtDWK4Srntr3+j/sg4IzjegS/xTL/V84psTYQKBgQC1
2KpRtGx93FJxZiqIiELGCh1n9wtVjCSRwq435vBLFsSXe97R5iv569beCAqdpkPG
YF6DcKhKKVzsc0rmVS0lpvreCY5KYeb33wvBWobsF/E00B2RGzWzc4b5/fuGBwoJ
wii7DH7ABoQ5or1DsIfFHobkApO6XVX/NbuPwKHrHQKBgEZ8VHL3j3lm6NFFECWH
hAIprc/wSgFgbY7f5C9xDVGIaWtRmHLS0IPGJz+xVZH6iqNcfJRQfrsA7H0/bZMj
21cT1LpfoQLZxlzBDCcYIeePjLUk0wOmYpJZuEChqeWDTUaFCt9AovjRsO+fabkt
7fFsnKSXyew+dHBa8V3O56xj
-----END PRIVATE KEY-----
)";
// tpp-two's signing key (ES256, kid tpp-two-sig).
inline constexpr const char* kClientEcPem = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgT5nZGBnECdYGaG/F
q1RedYLDr5pGC3rdXYFG2u9J5NShRANCAAR9QzOk0vwKZdelBRgEhQ31EY4B9NPy
B6SFXgrKpLZ1n0KzLWW1NBvQYZWd1h3epJZGXGuSkJusnbk5aCV9Q+zZ
-----END PRIVATE KEY-----
)";
// The server's RSA-OAEP key (kid fuzz-enc): request objects may arrive as JWE (RFC 9101 §6.1).
inline constexpr const char* kServerEncPem = R"(-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDO8DtApuZqHXmq
S2QBf2k5VOeOv1obN/S8v5SJTLebbHM3du2blrLwjH2cIPuMadWUOAA9UdcHx6Xy
C8d7v8w97ZB2uLXMVoNBttZONg0uwEObPJT+BcLJ9a81TcYWWgvaUXubjmF0NRRI
o52kK+7Mce7igUmgzgxDHlE9P6pFg95UlvrAfOIHE5syKoHDP8WzbmmANEC8HfO3
sQsVZ9Fhoi/zepCEmdx12NBzyc8mh9IgYC0/vEHIQs6y6Iu2o7g6H0CtX6MSQOER
i2DrTI5VBMYw6YTnjks/fjz2PN4BDjvMI3syLC2KNsPkUyeMxr/hmB+qQSNvL3r6
okS1UNjxAgMBAAECggEAAhghzWFzBwNl2hCZwj8fGj6u+j2bBJgAINHih7IwUIEc
OGU6ed7gUDlnwwb9bLoceHvJmtVDcxd06TpvyiOShlTrZ5wucNM2UFmwmQmIgB7f
gEhwbJKz2jXjkEtJdCv0n0DAWr5p45Ju8l4/h+wO5mBHzeCHlXpIWvyJT3CfwUTT
9iOu9OtN8YvqJJgKUXLkOb6MGfwt4mPhLjEhltT+50RVvSzkJhF3NhQlDJYy+fGQ
gBTL/w5WvJGYXNbADdaVb/9xFRMKJa/F5exfSB3U7f5d1qRjJ6ro6zvCsVzz6lT1
jgrUhyg3n+CcbIF74DkIp0a5tSG7bVwdraliKvJXUQKBgQD0dWeWv39uwRpEa2FH
LbNvcjsDRnvQe26aNczN9ne7StJ3oY5CmeVkQo9mXd12uGAQtoTYVZ10M83nZrtP
AJMDLxqFxfPlVDEjLSHx3qcBUDpjK3LRO9a1he5eqx5DHxzsnXt6HZ26xWXDYfa9
a9Mcn7UW6Ulks3DvCSc+CSTwmQKBgQDYtVjYoExW3W28F6yambaIw/Eqxbjf93Cy
i1MAogqIC1VEIvn6XkLiU8O4WZEJigbGqhqaKGxFjuzGtTc3qMrV0dgFrlh0B58A
4VDxCCoFIBSn6kL2bHz6swcRSpS0DeVjQKYMFejBR2EMbfCUUETWYFRTNMjTcbdk
LUiHXYZqGQKBgQDA3xyS0JX/UTWjQ8FlgkYvKMYsqGCptakm3EmxOsNurvLtVjbC
j19wQh+X2XkQ4RlSNl8LvEjVVMYgy2n/Q+m5umFHqE3s4wc9xK8igNPs8lqOwcn+
ESMu5vOSF5pxxMtyWDICv/khUfsfM1yUSM0wqUUcRYUVgYoZ3nPquxY9CQKBgFGu
WOSd1uhO4dOpoLdNBM4b/MTAbeSNIX9KoGh2qz2H+AWMoWhLKy6fn//WUqKj0dYD
u68rWVQGgRyMpVlnV7ysMZ5Cjrh9PuNYCegvyZbQ9rgrxj2XuqvL2vgbgl0zd6in
b27Suz5OpzfGII3mi2u6N059cMyx6gvqPZI4IDfRAoGAUOFATIeVYo03zLW5Den+
tj+r84fl1AfG6pMerw+FqKbDdAJWbQiCE5CsmEeuPvAZdvLsVJ0yHmgkDso5P4vg
/CpvRjfyMWticYYtLVj14aypya2DSPvVQB9LU4Orymjr9+sQ1LJQxXOdcGon6ZAi
QIyLu3pKK9QhQPCg1ne+plU=
-----END PRIVATE KEY-----
)";

// Fixed "now" of the seeds: 2023-11-14T22:13:20Z.
inline constexpr std::int64_t kNow = 1'700'000'000;
inline constexpr std::int64_t kSkew = 10;  // config default (SPEC CA5)
inline const std::string kPublicUrl = "https://as.fapid.test";
inline const std::string kMtlsUrl = "https://mtls.fapid.test";

inline jose::OsslPtr<EVP_PKEY> pem_key(const char* pem) {
  jose::OsslPtr<BIO> bio(BIO_new_mem_buf(pem, -1));
  jose::OsslPtr<EVP_PKEY> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) std::abort();
  return key;
}

inline std::string jwks(EVP_PKEY* key, const std::string& kid, const std::string& alg) {
  auto jwk = jose::public_jwk(key, kid, "sig", alg);
  if (!jwk) std::abort();
  return nlohmann::ordered_json{{"keys", {*jwk}}}.dump();
}

// Never called by a validator: any call is a finding.
class TrappingGrantRepository final : public storage::GrantRepository {
 public:
  Result<storage::CreateOutcome> create_grant(const storage::GrantRecord&, const std::optional<storage::RefreshTokenRecord>&,
                                              const std::optional<storage::AccessTokenRecord>&) override { __builtin_trap(); }
  Result<bool> revoke_grant(std::string_view, storage::TimePoint) override { __builtin_trap(); }
  Result<bool> revoke_grant_by_code(std::string_view, storage::TimePoint) override { __builtin_trap(); }
  Result<std::size_t> revoke_grants_for_consent(std::string_view, storage::TimePoint) override { __builtin_trap(); }
  Result<std::size_t> extend_grants_for_consent(std::string_view, storage::TimePoint, storage::TimePoint) override {
    __builtin_trap();
  }
  Result<std::optional<storage::GrantRecord>> find_grant(std::string_view) override { __builtin_trap(); }
  Result<std::optional<storage::RefreshTokenView>> find_refresh_token(std::string_view, storage::TimePoint) override {
    __builtin_trap();
  }
  Result<storage::RotateOutcome> rotate_refresh_token(std::string_view, storage::RefreshTokenRecord,
                                                      storage::AccessTokenRecord, storage::TimePoint) override {
    __builtin_trap();
  }
  Result<bool> add_access_token(std::string_view, storage::AccessTokenRecord, storage::TimePoint) override {
    __builtin_trap();
  }
  Result<std::optional<storage::AccessTokenView>> find_access_token(std::string_view, storage::TimePoint) override {
    __builtin_trap();
  }
  Result<bool> revoke_access_token(std::string_view, storage::TimePoint) override { __builtin_trap(); }
  Result<bool> revoke_refresh_token(std::string_view, storage::TimePoint) override { __builtin_trap(); }
  Result<void> revoke_self_contained_token(std::string_view, std::string_view, storage::TimePoint,
                                           storage::TimePoint) override {
    __builtin_trap();
  }
  Result<bool> self_contained_token_revoked(std::string_view, storage::TimePoint) override { __builtin_trap(); }
  Result<std::size_t> sweep_expired(storage::TimePoint) override { __builtin_trap(); }
};

// Clients: tpp-one (fapi1-advanced, private_key_jwt, PS256), tpp-two (fapi2, private_key_jwt, ES256),
// tpp-mtls (fapi2, tls_client_auth) and portal (non-FAPI, client_secret_post: never served here).
struct Harness {
  jose::OsslPtr<EVP_PKEY> rsa = pem_key(kClientRsaPem);
  jose::OsslPtr<EVP_PKEY> ec = pem_key(kClientEcPem);
  std::shared_ptr<test::FakeTtlStore> store = std::make_shared<test::FakeTtlStore>();
  std::shared_ptr<test::FixedClock> clock = std::make_shared<test::FixedClock>(kNow);
  std::unique_ptr<fapi::Context> ctx;
  std::shared_ptr<const jose::KeyStore> keys;
  jose::PublicKeySet server_enc_public;

  Harness() {
    keys = key_store_from_pem(kServerEncPem, {"fuzz-enc", config::KeyUse::enc, "RSA-OAEP", "", false});
    server_enc_public = jose::PublicKeySet::from_jwks_json(keys->public_jwks_json()).value();

    auto cfg = std::make_shared<config::Config>();
    cfg->server.public_url = kPublicUrl;
    cfg->server.mtls_url = kMtlsUrl;
    auto client = [](std::string id, config::Profile p, config::AuthMethod m) {
      config::Client c;
      c.client_id = std::move(id);
      c.profile = p;
      c.auth_method = m;
      c.response_types = {p == config::Profile::fapi2 ? "code" : "code id_token"};
      c.redirect_uris = {"https://tpp.example/cb"};
      c.allowed_scopes = {"openid", "accounts"};
      return c;
    };
    auto one = client("tpp-one", config::Profile::fapi1_advanced, config::AuthMethod::private_key_jwt);
    one.jwks_json = jwks(rsa.get(), "tpp-one-sig", "PS256");
    one.require_signed_request_object = true;
    auto two = client("tpp-two", config::Profile::fapi2, config::AuthMethod::private_key_jwt);
    two.jwks_json = jwks(ec.get(), "tpp-two-sig", "ES256");
    auto mtls = client("tpp-mtls", config::Profile::fapi2, config::AuthMethod::tls_client_auth);
    mtls.tls_client_auth_subject_dn = "CN=tpp-one,OU=dev,O=Example TPP One,C=BR";
    auto portal = client("portal", config::Profile::none, config::AuthMethod::client_secret_post);
    portal.client_secret = config::Secret("portal-secret");
    cfg->clients = {one, two, mtls, portal};
    auto registry = oauth::ClientRegistry::build(cfg);
    if (!registry.registry) std::abort();

    fapi::FapiDeps deps{cfg,   keys,  registry.registry, store, std::make_shared<TrappingGrantRepository>(),
                        nullptr, nullptr, nullptr, clock, std::make_shared<storage::SystemRandom>(), nullptr, nullptr, nullptr};
    ctx = std::make_unique<fapi::Context>(std::move(deps));
  }

  const oauth::RegisteredClient& client(std::string_view id) const {
    const auto* c = ctx->deps.clients->find(id);
    if (!c) std::abort();
    return *c;
  }

  // BASE64URL(header).BASE64URL(claims).signature, signed with `key` as `alg` whatever the header says.
  std::string sign(std::string_view header, std::string_view claims, EVP_PKEY* key, jose::Alg alg) const {
    std::string input = jose::base64url_encode(header) + "." + jose::base64url_encode(claims);
    auto signature = jose::jws_sign(key, alg, input);
    if (!signature) std::abort();
    return input + "." + jose::base64url_encode(*signature);
  }
};

inline Harness& harness() {
  static Harness h;
  return h;
}

// The decoded segment `index` of a compact JWS, parsed as JSON (nullopt if any step fails).
inline std::optional<nlohmann::json> segment_json(std::string_view compact, int index) {
  std::size_t start = 0;
  for (int i = 0; i < index; ++i) {
    start = compact.find('.', start);
    if (start == std::string_view::npos) return std::nullopt;
    ++start;
  }
  const auto end = compact.find('.', start);
  auto bytes = jose::base64url_decode(compact.substr(start, end == std::string_view::npos ? compact.npos : end - start));
  if (!bytes) return std::nullopt;
  auto j = nlohmann::json::parse(*bytes, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

// A NumericDate as the oracle reads it: any JSON number, in whole seconds (rounded down). The server
// compares whole seconds, so a fraction may pass a bound by less than a second (exp - nbf = 3600.5 is
// accepted): a deliberate tolerance, not a finding. Everything else (overflow, wrap, type) is checked.
inline std::optional<double> number(const nlohmann::json& claims, const char* name) {
  const auto it = claims.find(name);
  if (it == claims.end() || !it->is_number()) return std::nullopt;
  return std::floor(it->get<double>());
}

// FAPID_FUZZ_VERBOSE=1 reports each acceptance on stderr (to check that the valid seeds still pass).
inline void note_accepted(std::string_view what, std::string_view client) {
  static const bool verbose = std::getenv("FAPID_FUZZ_VERBOSE") != nullptr;
  if (verbose) std::fprintf(stderr, "accepted %.*s for %.*s\n", static_cast<int>(what.size()), what.data(),
                            static_cast<int>(client.size()), client.data());
}

// A string member, "" when absent or of another type (json::value would throw on the latter).
inline std::string string_member(const nlohmann::json& j, const char* name) {
  if (!j.is_object()) return "";
  const auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

inline bool audience_has(const nlohmann::json& claims, const std::string& value, bool allow_array) {
  const auto it = claims.find("aud");
  if (it == claims.end()) return false;
  if (it->is_string()) return *it == value;
  if (!allow_array || !it->is_array()) return false;
  for (const auto& a : *it)
    if (a.is_string() && a == value) return true;
  return false;
}

}  // namespace fapid::fuzz
