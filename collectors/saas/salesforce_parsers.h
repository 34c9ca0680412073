// Salesforce REST responses, bytes in, structs out: the client-credentials
// token (with instance_url), SOQL query pages (done / nextRecordsUrl,
// relative to the instance) of UserLicense, PermissionSetLicense,
// PackageLicense and User records, and Salesforce's error array
// ([{"message", "errorCode"}]). Pure.
// Wire facts: ../shared/reference/saas-license-apis.md §8.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse_error.h"
#include "collectors/saas/saas_records.h"

namespace surveyor::collectors::saas {

inline constexpr std::string_view kSalesforce = "salesforce";

struct SalesforceToken {
  std::string access_token;
  std::string instance_url;
};
std::expected<SalesforceToken, ParseError> ParseSalesforceToken(
    std::string_view body);

// One page of a query: seats from licence objects (UserLicense: sku = its
// Name; PermissionSetLicense: "psl:" + DeveloperName; PackageLicense:
// "package:" + NamespacePrefix, AllowedLicenses -1 = a site licence,
// purchased unknown), or people from User records (sku = their
// Profile.UserLicense.Name; LastLoginDate as "2024-05-01T10:00:00.000+0000").
struct SalesforcePage {
  std::vector<SeatCount> seats;
  std::vector<Person> people;
  std::string next_records_url;  // "" when done
};
std::expected<SalesforcePage, ParseError> ParseSalesforceQuery(
    std::string_view body);

// "INVALID_SESSION_ID: Session expired or invalid" from the error array
// ("" when the body is no Salesforce error).
std::string SalesforceErrorText(std::string_view body);

}  // namespace surveyor::collectors::saas
