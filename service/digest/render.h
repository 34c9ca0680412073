// The digest's Document (document.h) as plain text and as HTML that real
// mail clients render: table layout, inline styles, no scripts, no SVG, no
// flexbox (Outlook renders with Word). Text from the outside world (host
// names, package names, evidence) is HTML-escaped, and its control
// characters are shown as \xNN in both formats. Pure.
#pragma once

#include <string>

#include "service/digest/document.h"

namespace surveyor::digest {

std::string RenderText(const Document& doc);

// `chart_src`: where the trend chart's <img> points ("cid:trend@surveyor"
// in an email, a data: URI in a standalone file); empty leaves the chart out
// (its caption stays).
std::string RenderHtml(const Document& doc, const std::string& chart_src);

}  // namespace surveyor::digest
