#include "federation/scope_translation.hpp"

#include <gtest/gtest.h>

namespace fapid::federation {
namespace {

using Scopes = std::vector<std::string>;

const Scopes kPortalAllowed{"openid", "profile", "oob_consents:read", "oob_consents:write", "oob_opendata:read",
                            "oob_opendata:write", "oob_outages:read", "oob_outages:write"};

TEST(TranslateScopes, AReadAndWriteStaffMemberGetsWhatThePortalAskedForAndTheIdpGranted) {
  // seeds/003 scenario 1.
  EXPECT_EQ(translate_scopes("openid profile oob_outages:read oob_outages:write",
                             "openid oob_outages:write email oob_outages:read profile", {}, kPortalAllowed),
            (Scopes{"openid", "profile", "oob_outages:read", "oob_outages:write"}));
}

TEST(TranslateScopes, AReadOnlyStaffMemberCannotGetWrite) {
  // seeds/003 scenario 2.
  EXPECT_EQ(translate_scopes("openid profile oob_outages:read oob_outages:write", "openid email oob_outages:read profile", {},
                             kPortalAllowed),
            (Scopes{"openid", "profile", "oob_outages:read"}));
}

TEST(TranslateScopes, NeitherTheIdpNorThePortalCanWidenTheOthers) {
  // The IdP grants more than the portal may have, or than it asked for: neither passes.
  EXPECT_EQ(translate_scopes("openid oob_outages:read oob_admin:all", "openid oob_outages:read oob_admin:all oob_consents:write",
                             {}, kPortalAllowed),
            (Scopes{"openid", "oob_outages:read"}));
  EXPECT_EQ(translate_scopes("", "openid oob_outages:read", {}, kPortalAllowed), Scopes{});
  EXPECT_EQ(translate_scopes("openid  openid oob_outages:read ", "openid oob_outages:read", {}, kPortalAllowed),
            (Scopes{"openid", "oob_outages:read"}));
  // Scope tokens are case-sensitive (RFC 6749 §3.3).
  EXPECT_EQ(translate_scopes("OOB_OUTAGES:READ", "OOB_OUTAGES:READ", {}, {"OOB_OUTAGES:read"}), Scopes{});
}

TEST(TranslateScopes, RolesMappedToScopesCountAsGranted) {
  const RoleScopes mapping{"groups", {{"outage-editors", {"oob_outages:read", "oob_outages:write"}}, {"auditors", {"oob_consents:read"}}}};
  const auto from_roles = scopes_of_roles(mapping, {"auditors", "unknown-group", "outage-editors"});
  EXPECT_EQ(from_roles, (Scopes{"oob_consents:read", "oob_outages:read", "oob_outages:write"}));
  EXPECT_EQ(translate_scopes("openid oob_outages:write oob_consents:write", "openid", from_roles, kPortalAllowed),
            (Scopes{"openid", "oob_outages:write"}));
  EXPECT_EQ(scopes_of_roles(mapping, {}), Scopes{});
}

}  // namespace
}  // namespace fapid::federation
