// Name-based UUIDs (RFC 4122 version 5, SHA-1): the same namespace and name
// always give the same UUID, so documents made twice from the same input
// are identical. Stateless and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace surveyor::common {

// "6ba7b811-9dad-11d1-80b4-00c04fd430c8": the RFC's URL namespace.
inline constexpr std::string_view kUrlNamespace =
    "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

// The version-5 UUID of `name` in `namespace_uuid` (canonical text form,
// lower case), itself written in canonical text form; an empty string when
// `namespace_uuid` is not a UUID.
std::string UuidV5(std::string_view namespace_uuid, std::string_view name);

}  // namespace surveyor::common
