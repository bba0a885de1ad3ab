#pragma once
// An X.500 distinguished name, for tls_client_auth (RFC 8705 §2.1.2, SPEC CA7): the registered
// tls_client_auth_subject_dn (an RFC 4514 string) against the subject of the client's certificate.
// Immutable; cheap to copy and safe to share between threads.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace fapid::oauth {

inline constexpr std::size_t kMaxDnTextBytes = 4 * 1024;
inline constexpr std::size_t kMaxDnRdns = 64;

struct DistinguishedNameImpl;  // defined in distinguished_name.cpp (OpenSSL types stay out of this header)

class DistinguishedName {
 public:
  // RFC 4514 string, e.g. "CN=tpp-two,OU=dev,O=Example TPP Two,C=BR" (most significant RDN last).
  // Handles escapes (\, \" \+ \; \< \> \= \# leading/trailing space, \XX hex pairs), multi-valued RDNs (+),
  // OID=#hex values (DER of a string type). Types: RFC 4514 §3 short names, serialNumber, businessCategory,
  // jurisdictionC(ountryName), organizationIdentifier (any case), other OpenSSL names (exact case), dotted
  // OIDs. Unescaped spaces around ',', '+' and '=' are tolerated (RFC 4514 §3 allows accepting more).
  // nullopt on any syntax error, unknown attribute type, a value OpenSSL's X.520 bounds refuse (C=BRA,
  // CN over 64), an empty DN, or more than kMaxDnRdns RDNs / kMaxDnTextBytes.
  static std::optional<DistinguishedName> parse_rfc4514(std::string_view text);
  // The subject of a DER X.509 certificate (the leaf of an mTLS connection). nullopt if not parseable
  // or followed by trailing bytes.
  static std::optional<DistinguishedName> subject_of_certificate(std::string_view der);
  // A DER X.509 Name (http::ClientCertificate::subject_der). nullopt if not parseable or followed by
  // trailing bytes.
  static std::optional<DistinguishedName> from_der(std::string_view name_der);

  // RFC 4517 §4.2.15 distinguishedNameMatch: same number of RDNs in the same order, each RDN the same set of
  // attribute types (order within a multi-valued RDN does not matter), values compared by caseIgnoreMatch
  // with insignificant-space handling (RFC 4518 §2.6.1) whatever the string type. Case folding is ASCII only.
  bool matches(const DistinguishedName& other) const;
  // RFC 4514 rendering (for logs and error details), deterministic: short names where OpenSSL has one,
  // bytes outside printable ASCII as \XX, unknown OIDs with #hex values.
  std::string to_string() const;

 private:
  explicit DistinguishedName(std::shared_ptr<const DistinguishedNameImpl> impl);
  std::shared_ptr<const DistinguishedNameImpl> impl_;
};

}  // namespace fapid::oauth
