// An RFC 5322 message for the digest email, with the MIME tree mail clients
// expect (RFC 2046 §5.1.4: plainest part first, richest last):
//   multipart/alternative
//     text/plain; charset=utf-8 (quoted-printable)
//     multipart/related
//       text/html; charset=utf-8 (quoted-printable)
//       image/png (base64, Content-ID, inline) ...
// CRLF line endings, lines within 76 characters, non-ASCII subjects as RFC
// 2047 encoded words, CR/LF removed from header values. Boundaries derive
// from the content, so the same message builds byte-identically. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace surveyor::digest {

struct InlineImage {
  std::string content_id;  // without <>, e.g. "trend@surveyor"
  std::string filename;
  std::string png;
};

struct MailMessage {
  std::string from;             // "Surveyor <surveyor@msp.example>"
  std::vector<std::string> to;  // addresses
  std::string subject;
  std::string text, html;
  std::vector<InlineImage> images;
  std::string message_id;  // without <>
  std::int64_t date = 0;   // seconds since the epoch
  // A mailto: or https: URI for List-Unsubscribe; empty: no header.
  std::string list_unsubscribe;
};

std::string BuildMime(const MailMessage& message);

// local@domain with nothing a header or an SMTP command could be abused
// with: no spaces, control characters, angle brackets, commas or quotes.
bool PlainAddress(std::string_view address);
// "Surveyor <a@b>" -> "a@b"; a plain address stays.
std::string AddressOf(const std::string& mailbox);

std::string QuotedPrintable(std::string_view text);
// "Sat, 05 Dec 2026 19:14:14 +0000"
std::string Rfc5322Date(std::int64_t t);

}  // namespace surveyor::digest
