#include "service/digest/mime.h"

#include <ctime>

#include "common/hash.h"
#include "common/random.h"

namespace surveyor::digest {
namespace {

constexpr const char* kCrlf = "\r\n";

std::string HeaderValue(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c != '\r' && c != '\n') out += c;
  }
  return out;
}

bool Ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80 || c < 0x20) return false;
  }
  return true;
}

// RFC 2047 encoded words of at most ~45 input bytes each, split on UTF-8
// character boundaries.
std::string EncodedWords(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t n = std::min<std::size_t>(45, s.size() - i);
    while (i + n < s.size() &&
           (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) {
      --n;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + common::Base64(s.substr(i, n)) + "?=";
    i += n;
  }
  return out;
}

// A UTF-8 text part's headers and its quoted-printable body.
void TextPart(std::string& out, std::string_view type, std::string_view body) {
  out += "Content-Type: " + std::string(type) +
         "; charset=utf-8\r\nContent-Transfer-Encoding: "
         "quoted-printable\r\n\r\n";
  out += QuotedPrintable(body);
}

std::string Base64Lines(std::string_view bytes) {
  std::string b64 = common::Base64(bytes), out;
  for (std::size_t i = 0; i < b64.size(); i += 76) {
    out += b64.substr(i, 76) + kCrlf;
  }
  return out;
}

}  // namespace

std::string QuotedPrintable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out, line;
  auto flush_soft = [&] {
    out += line + "=" + kCrlf;
    line.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n' ||
        (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      if (c == '\r') ++i;
      // Trailing white space before a line break is encoded.
      if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        char last = line.back();
        line.pop_back();
        std::string enc = {'=', kHex[last >> 4], kHex[last & 15]};
        if (line.size() + enc.size() > 75) flush_soft();
        line += enc;
      }
      out += line + kCrlf;
      line.clear();
      continue;
    }
    std::string piece;
    if ((c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t') {
      piece = std::string(1, static_cast<char>(c));
    } else {
      piece = {'=', kHex[c >> 4], kHex[c & 15]};
    }
    if (line.size() + piece.size() > 75) flush_soft();
    line += piece;
  }
  if (!line.empty()) {
    if (line.back() == ' ' || line.back() == '\t') {
      char last = line.back();
      line.pop_back();
      line += std::string{'=', kHex[last >> 4], kHex[last & 15]};
    }
    out += line + kCrlf;
  }
  return out;
}

bool PlainAddress(std::string_view a) {
  auto at = a.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 >= a.size() ||
      a.find('@', at + 1) != std::string_view::npos || a.size() > 254) {
    return false;
  }
  for (unsigned char c : a) {
    if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' ||
        c == '"' || c == '(' || c == ')' || c == ';' || c == '\\') {
      return false;
    }
  }
  return true;
}

std::string AddressOf(const std::string& mailbox) {
  auto open = mailbox.rfind('<');
  auto close = mailbox.rfind('>');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    return mailbox.substr(open + 1, close - open - 1);
  }
  return mailbox;
}

std::string Rfc5322Date(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed",
                                          "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000",
                kDays[tm.tm_wday], tm.tm_mday, kMonths[tm.tm_mon],
                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string BuildMime(const MailMessage& m) {
  const std::string seed =
      common::HexEncode(common::Sha256(m.text + '\0' + m.html)).substr(0, 24);
  const std::string alt = "=_alt_" + seed, rel = "=_rel_" + seed;
  std::string out;
  out += "From: " + HeaderValue(m.from) + kCrlf;
  std::string to;
  for (const auto& r : m.to)
    to += (to.empty() ? "" : ",\r\n ") + HeaderValue(r);
  out += "To: " + to + kCrlf;
  const std::string subject = HeaderValue(m.subject);
  out +=
      "Subject: " + (Ascii(subject) ? subject : EncodedWords(subject)) + kCrlf;
  out += "Date: " + Rfc5322Date(m.date) + kCrlf;
  out += "Message-ID: <" + HeaderValue(m.message_id) + ">" + kCrlf;
  if (!m.list_unsubscribe.empty()) {
    out +=
        "List-Unsubscribe: <" + HeaderValue(m.list_unsubscribe) + ">" + kCrlf;
  }
  out += "Auto-Submitted: auto-generated\r\nMIME-Version: 1.0\r\n";
  out += "Content-Type: multipart/alternative; boundary=\"" + alt +
         "\"\r\n\r\nThis is a multi-part message in MIME format.\r\n";
  out += "--" + alt + kCrlf;
  TextPart(out, "text/plain", m.text);
  out += "--" + alt + kCrlf;
  out += "Content-Type: multipart/related; boundary=\"" + rel +
         "\"; type=\"text/html\"\r\n\r\n";
  out += "--" + rel + kCrlf;
  TextPart(out, "text/html", m.html);
  for (const auto& img : m.images) {
    out += "--" + rel + kCrlf;
    out += "Content-Type: image/png; name=\"" + HeaderValue(img.filename) +
           "\"" + kCrlf;
    out += "Content-Transfer-Encoding: base64\r\n";
    out += "Content-ID: <" + HeaderValue(img.content_id) + ">" + kCrlf;
    out += "Content-Disposition: inline; filename=\"" +
           HeaderValue(img.filename) + "\"" + kCrlf;
    out += kCrlf + Base64Lines(img.png);
  }
  out += "--" + rel + "--" + kCrlf;
  out += "--" + alt + "--" + kCrlf;
  return out;
}

}  // namespace surveyor::digest
