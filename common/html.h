// Escaping outside text for HTML: control characters shown as \xNN (as
// common::Printable does for terminals), then & < > " ' as entities. Pure.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace surveyor::common {

// `max`: bytes of `text` kept (see Printable).
std::string HtmlEscape(std::string_view text, std::size_t max = 500);

}  // namespace surveyor::common
