// The antivirus products Windows Security Center knows, from WMI's
// ROOT\SecurityCenter2 AntiVirusProduct (displayName, productState,
// pathToSignedProductExe, timestamp; Windows client editions only, absent
// on Windows Server), as ProtectionProducts: real-time protection from the
// scanner state, signatures out of date and a snoozed or expired scanner as
// issues (productState decoded by DecodeWscProductState). Pure.
#pragma once

#include <vector>

#include "collectors/windows/wmi.h"
#include "surveyor/v1/protection.pb.h"

namespace surveyor::collectors::protection {

std::vector<v1::ProtectionProduct> SecurityCenterAntivirus(
    const std::vector<windows::WmiObject>& products);

}  // namespace surveyor::collectors::protection
