#include "oauth/distinguished_name.hpp"

#include <array>
#include <limits>
#include <utility>
#include <vector>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

namespace fapid::oauth {
namespace {

struct Free {
  void operator()(X509_NAME* p) const { X509_NAME_free(p); }
  void operator()(X509_NAME_ENTRY* p) const { X509_NAME_ENTRY_free(p); }
  void operator()(ASN1_OBJECT* p) const { ASN1_OBJECT_free(p); }
  void operator()(ASN1_TYPE* p) const { ASN1_TYPE_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
};
template <class T>
using Ptr = std::unique_ptr<T, Free>;

using Rdn = std::vector<Ptr<X509_NAME_ENTRY>>;

// String types a #hex value may carry: the directory string choices plus the IA5/Numeric/Printable
// ones X.520 attributes use. Not BIT STRING, SEQUENCE or other structured values.
constexpr unsigned long kHexValueTypes = B_ASN1_NUMERICSTRING | B_ASN1_PRINTABLESTRING | B_ASN1_T61STRING |
                                         B_ASN1_IA5STRING | B_ASN1_UNIVERSALSTRING | B_ASN1_BMPSTRING |
                                         B_ASN1_UTF8STRING;

// RFC 4514 §3 short names, and the Open Finance Brasil attributes under the names OpenSSL uses. Attribute
// type names are case-insensitive (RFC 4512 §1.4); OBJ_txt2obj is not, hence this table.
struct KnownType {
  std::string_view name;  // lower case
  int nid;
};
constexpr std::array kKnownTypes{
    KnownType{"cn", NID_commonName},
    KnownType{"l", NID_localityName},
    KnownType{"st", NID_stateOrProvinceName},
    KnownType{"o", NID_organizationName},
    KnownType{"ou", NID_organizationalUnitName},
    KnownType{"c", NID_countryName},
    KnownType{"street", NID_streetAddress},
    KnownType{"dc", NID_domainComponent},
    KnownType{"uid", NID_userId},
    KnownType{"serialnumber", NID_serialNumber},                       // 2.5.4.5
    KnownType{"businesscategory", NID_businessCategory},               // 2.5.4.15
    KnownType{"jurisdictionc", NID_jurisdictionCountryName},           // 1.3.6.1.4.1.311.60.2.1.3
    KnownType{"jurisdictioncountryname", NID_jurisdictionCountryName},
    KnownType{"organizationidentifier", NID_organizationIdentifier},   // 2.5.4.97
};

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool equals_ignoring_case(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_lower(a[i]) != lower[i]) return false;
  }
  return true;
}

// numericoid = number 1*( DOT number ), number = DIGIT / ( LDIGIT 1*DIGIT )  (RFC 4512 §1.4)
bool is_numeric_oid(std::string_view s) {
  std::size_t arcs = 0;
  std::size_t i = 0;
  while (true) {
    const std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start || (s[start] == '0' && i - start > 1)) return false;
    ++arcs;
    if (i == s.size()) return arcs >= 2;
    if (s[i] != '.') return false;
    ++i;
  }
}

Ptr<ASN1_OBJECT> attribute_type(std::string_view token) {
  if (token.empty()) return nullptr;
  const std::string text(token);
  if (is_digit(token[0])) {
    if (!is_numeric_oid(token)) return nullptr;
    return Ptr<ASN1_OBJECT>(OBJ_txt2obj(text.c_str(), 1));
  }
  for (const auto& known : kKnownTypes) {
    if (equals_ignoring_case(token, known.name)) return Ptr<ASN1_OBJECT>(OBJ_nid2obj(known.nid));
  }
  return Ptr<ASN1_OBJECT>(OBJ_txt2obj(text.c_str(), 0));  // other OpenSSL short or long names
}

// A single pass over trusted configuration text; every loop advances pos_, so it ends on any input.
class Rfc4514Parser {
 public:
  explicit Rfc4514Parser(std::string_view text) : text_(text) {}

  // RDNs in text order (least significant first).
  std::optional<std::vector<Rdn>> parse() {
    std::vector<Rdn> rdns;
    while (true) {
      if (rdns.size() == kMaxDnRdns) return std::nullopt;
      Rdn rdn;
      while (true) {
        auto entry = attribute_type_and_value();
        if (!entry) return std::nullopt;
        rdn.push_back(std::move(entry));
        if (at_end() || peek() != '+') break;
        ++pos_;
      }
      rdns.push_back(std::move(rdn));
      if (at_end()) return rdns;
      if (peek() != ',') return std::nullopt;
      ++pos_;
    }
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  void skip_spaces() {
    while (!at_end() && peek() == ' ') ++pos_;
  }

  Ptr<X509_NAME_ENTRY> attribute_type_and_value() {
    skip_spaces();
    const std::size_t start = pos_;
    if (at_end() || !(is_alpha(peek()) || is_digit(peek()))) return nullptr;
    const bool numeric = is_digit(peek());
    while (!at_end() && (numeric ? (is_digit(peek()) || peek() == '.') : (is_alpha(peek()) || is_digit(peek()) || peek() == '-'))) {
      ++pos_;
    }
    auto type = attribute_type(text_.substr(start, pos_ - start));
    if (!type) return nullptr;
    skip_spaces();
    if (at_end() || peek() != '=') return nullptr;
    ++pos_;
    skip_spaces();
    if (!at_end() && peek() == '#') return hex_value_entry(type.get());
    auto value = string_value();
    if (!value || value->size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) return nullptr;
    return Ptr<X509_NAME_ENTRY>(X509_NAME_ENTRY_create_by_OBJ(
        nullptr, type.get(), MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value->data()),
        static_cast<int>(value->size())));
  }

  // string = [ ( leadchar / pair ) [ *( stringchar / pair ) ( trailchar / pair ) ] ]  (RFC 4514 §3)
  std::optional<std::string> string_value() {
    std::string out;
    std::size_t significant = 0;  // length of out up to its last character that is not an unescaped space
    while (!at_end()) {
      const char c = peek();
      if (c == ',' || c == '+') break;
      if (c == '"' || c == ';' || c == '<' || c == '>' || c == '\0') return std::nullopt;
      ++pos_;
      if (c != '\\') {
        out.push_back(c);
        if (c != ' ') significant = out.size();
        continue;
      }
      if (at_end()) return std::nullopt;
      const char e = peek();
      ++pos_;
      const int high = hex_value(e);
      if (high >= 0) {
        if (at_end() || hex_value(peek()) < 0) return std::nullopt;
        out.push_back(static_cast<char>(high * 16 + hex_value(peek())));
        ++pos_;
      } else if (std::string_view(R"(\"+,;<>= #)").find(e) != std::string_view::npos) {
        out.push_back(e);
      } else {
        return std::nullopt;
      }
      significant = out.size();
    }
    out.resize(significant);
    return out;
  }

  // hexstring = SHARP 1*hexpair: the BER encoding of a string-typed value.
  Ptr<X509_NAME_ENTRY> hex_value_entry(const ASN1_OBJECT* type) {
    ++pos_;  // '#'
    std::string der;
    while (!at_end() && hex_value(peek()) >= 0) {
      const int high = hex_value(peek());
      ++pos_;
      if (at_end() || hex_value(peek()) < 0) return nullptr;
      der.push_back(static_cast<char>(high * 16 + hex_value(peek())));
      ++pos_;
    }
    skip_spaces();
    if (der.empty() || (!at_end() && peek() != ',' && peek() != '+')) return nullptr;
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    const auto* end = p + der.size();
    Ptr<ASN1_TYPE> value(d2i_ASN1_TYPE(nullptr, &p, static_cast<long>(der.size())));
    if (!value || p != end) return nullptr;
    const int tag = value->type;
    if (tag < 0 || tag > 30 || (ASN1_tag2bit(tag) & kHexValueTypes) == 0) return nullptr;
    const ASN1_STRING* s = value->value.asn1_string;
    return Ptr<X509_NAME_ENTRY>(
        X509_NAME_ENTRY_create_by_OBJ(nullptr, type, tag, ASN1_STRING_get0_data(s), ASN1_STRING_length(s)));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

std::string render_rfc4514(const X509_NAME* name) {
  Ptr<BIO> bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string();
}

}  // namespace

struct DistinguishedNameImpl {
  Ptr<X509_NAME> name;
  int entries = 0;
  std::string text;

  // Encoding once here fills OpenSSL's cached canonical encoding and clears its "modified" flag, so
  // X509_NAME_cmp later only reads: concurrent const use is then safe.
  static std::shared_ptr<const DistinguishedNameImpl> freeze(Ptr<X509_NAME> name) {
    if (!name || i2d_X509_NAME(name.get(), nullptr) <= 0) return nullptr;
    auto impl = std::make_shared<DistinguishedNameImpl>();
    impl->entries = X509_NAME_entry_count(name.get());
    impl->text = render_rfc4514(name.get());
    impl->name = std::move(name);
    return impl;
  }
};

DistinguishedName::DistinguishedName(std::shared_ptr<const DistinguishedNameImpl> impl) : impl_(std::move(impl)) {}

std::optional<DistinguishedName> DistinguishedName::parse_rfc4514(std::string_view text) {
  // An empty DN is valid RFC 4514 but would register "any certificate without a subject"; refuse it.
  if (text.empty() || text.size() > kMaxDnTextBytes) return std::nullopt;
  auto rdns = Rfc4514Parser(text).parse();
  if (!rdns) return std::nullopt;
  Ptr<X509_NAME> name(X509_NAME_new());
  if (!name) return std::nullopt;
  // RFC 4514 §2.1: the string lists the RDNs from the last (most significant) to the first; X.509 stores
  // them first to last. The values of a multi-valued RDN are reversed too, only so that to_string (which
  // prints the entry list backwards) gives them back in the order they were written.
  for (auto rdn = rdns->rbegin(); rdn != rdns->rend(); ++rdn) {
    int set = 0;  // 0: start a new RDN; -1: join the previous one (a multi-valued RDN)
    for (auto entry = rdn->rbegin(); entry != rdn->rend(); ++entry) {
      if (X509_NAME_add_entry(name.get(), entry->get(), -1, set) != 1) return std::nullopt;
      set = -1;
    }
  }
  auto impl = DistinguishedNameImpl::freeze(std::move(name));
  if (!impl) return std::nullopt;
  return DistinguishedName(std::move(impl));
}

std::optional<DistinguishedName> DistinguishedName::subject_of_certificate(std::string_view der) {
  if (der.empty() || der.size() > static_cast<std::size_t>(std::numeric_limits<long>::max())) return std::nullopt;
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  const auto* end = p + der.size();
  Ptr<X509> cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert || p != end) return std::nullopt;
  const X509_NAME* subject = X509_get_subject_name(cert.get());
  if (!subject) return std::nullopt;
  auto impl = DistinguishedNameImpl::freeze(Ptr<X509_NAME>(X509_NAME_dup(subject)));
  if (!impl) return std::nullopt;
  return DistinguishedName(std::move(impl));
}

std::optional<DistinguishedName> DistinguishedName::from_der(std::string_view name_der) {
  if (name_der.empty() || name_der.size() > kMaxDnTextBytes) return std::nullopt;
  const auto* p = reinterpret_cast<const unsigned char*>(name_der.data());
  const auto* end = p + name_der.size();
  Ptr<X509_NAME> name(d2i_X509_NAME(nullptr, &p, static_cast<long>(name_der.size())));
  if (!name || p != end) return std::nullopt;
  auto impl = DistinguishedNameImpl::freeze(std::move(name));
  if (!impl) return std::nullopt;
  return DistinguishedName(std::move(impl));
}

bool DistinguishedName::matches(const DistinguishedName& other) const {
  // X509_NAME_cmp compares OpenSSL's canonical encodings: every string type converted to UTF-8, ASCII
  // lower-cased, leading and trailing white space removed and inner runs collapsed to one space (RFC 4518
  // §2.6.1), each RDN re-encoded as a DER SET OF (so sorted: the order inside a multi-valued RDN does not
  // count). An empty name has no cached encoding, so handle it here rather than let OpenSSL re-encode.
  if (impl_->entries == 0 || other.impl_->entries == 0) return impl_->entries == other.impl_->entries;
  return X509_NAME_cmp(impl_->name.get(), other.impl_->name.get()) == 0;
}

std::string DistinguishedName::to_string() const { return impl_->text; }

}  // namespace fapid::oauth
