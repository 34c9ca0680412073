#include "service/digest/render.h"

#include <gtest/gtest.h>
#include <png.h>

#include "service/digest/document.h"
#include "service/digest/mime.h"
#include "service/digest/png_chart.h"

namespace surveyor::digest {
namespace {

// Decodes quoted-printable (RFC 2045 §6.7), to check the encoder against.
std::string DecodeQp(const std::string& qp) {
  std::string out;
  for (std::size_t i = 0; i < qp.size(); ++i) {
    if (qp[i] == '=' && i + 2 < qp.size() && qp[i + 1] == '\r') {
      i += 2;  // soft line break
    } else if (qp[i] == '=' && i + 2 < qp.size()) {
      out += static_cast<char>(std::stoi(qp.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else if (qp[i] == '\r') {
      continue;
    } else {
      out += qp[i];
    }
  }
  return out;
}

TEST(Mime, QuotedPrintableKeepsLinesShortAndRoundTrips) {
  std::string text =
      std::string(200, 'x') + " = Größe \n" + "trailing space \nlast";
  std::string qp = QuotedPrintable(text);
  std::size_t start = 0;
  while (start < qp.size()) {
    auto end = qp.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 76u) << qp.substr(start, end - start);
    start = end + 2;
  }
  EXPECT_NE(qp.find("=3D"), std::string::npos);
  EXPECT_NE(qp.find("space=20\r\n"), std::string::npos);
  EXPECT_EQ(DecodeQp(qp),
            std::string(200, 'x') + " = Größe \n" + "trailing space \nlast\n");
}

TEST(Mime, AddressesThatCouldInjectAreRefused) {
  EXPECT_TRUE(PlainAddress("cto@client.example"));
  for (const char* a : {"", "cto", "@client.example", "cto@", "a@b@c",
                        "cto@client.example\r\nBcc: x@y", "<cto@x.example>",
                        "cto@x.example, y@z.example", "c to@x.example"}) {
    EXPECT_FALSE(PlainAddress(a)) << a;
  }
}

TEST(Mime, PartsInTheOrderClientsExpect) {
  MailMessage m;
  m.from = "Surveyor <surveyor@msp.example>";
  m.to = {"cto@client.example", "it@client.example"};
  m.subject = "Digest für Acme\r\nBcc: evil@example.com";
  m.text = "plain";
  m.html = "<p>rich</p><img src=\"cid:trend@surveyor\">";
  m.images.push_back({"trend@surveyor", "trend.png", "\x89PNG"});
  m.message_id = "digest.1@surveyor";
  m.date = 1794787200;
  m.list_unsubscribe = "mailto:msp@msp.example?subject=unsubscribe";
  std::string eml = BuildMime(m);
  // Non-ASCII subject as encoded words; no injected header line.
  EXPECT_NE(eml.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_EQ(eml.find("\r\nBcc:"), std::string::npos);
  EXPECT_NE(eml.find("Date: Mon, 16 Nov 2026 00:00:00 +0000\r\n"),
            std::string::npos);
  EXPECT_NE(eml.find("List-Unsubscribe: <mailto:"), std::string::npos);
  auto text = eml.find("Content-Type: text/plain");
  auto related = eml.find("Content-Type: multipart/related");
  auto html = eml.find("Content-Type: text/html");
  auto png = eml.find("Content-Type: image/png");
  ASSERT_NE(text, std::string::npos);
  EXPECT_LT(eml.find("Content-Type: multipart/alternative"), text);
  EXPECT_LT(text, related);
  EXPECT_LT(related, html);
  EXPECT_LT(html, png);
  EXPECT_NE(eml.find("Content-ID: <trend@surveyor>"), std::string::npos);
  // Every line ends in CRLF.
  for (std::size_t i = 0; i < eml.size(); ++i) {
    if (eml[i] == '\n') {
      ASSERT_TRUE(i > 0 && eml[i - 1] == '\r') << i;
    }
  }
  EXPECT_EQ(BuildMime(m), eml);  // reproducible
}

TEST(TrendChart, RealPngOfTheRightSizeAndColours) {
  std::vector<ScorePoint> trend = {
      {{2026, 46}, std::nullopt}, {{2026, 47}, 40}, {{2026, 48}, 97}};
  auto png = TrendChartPng(trend, 300, 100);
  ASSERT_TRUE(png.has_value()) << png.error().message;
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  ASSERT_TRUE(
      png_image_begin_read_from_memory(&image, png->data(), png->size()))
      << image.message;
  EXPECT_EQ(image.width, 300u);
  EXPECT_EQ(image.height, 100u);
  image.format = PNG_FORMAT_RGB;
  std::vector<unsigned char> px(PNG_IMAGE_SIZE(image));
  ASSERT_TRUE(png_image_finish_read(&image, nullptr, px.data(), 0, nullptr));
  auto at = [&](int x, int y) {
    const unsigned char* p = &px[static_cast<std::size_t>(y * 300 + x) * 3];
    char hex[8];
    std::snprintf(hex, sizeof hex, "#%02x%02x%02x", p[0], p[1], p[2]);
    return std::string(hex);
  };
  // The third bar (x 200..300) is Excellent green near the bottom; the
  // second is Failing red at the bottom but white above 40%.
  EXPECT_EQ(at(250, 90), BandColour(97));
  EXPECT_EQ(at(150, 90), BandColour(40));
  EXPECT_EQ(at(150, 20), "#ffffff");
}

TEST(Render, OutsideTextIsEscapedAndControlCharactersShown) {
  Document doc;
  doc.title = "Weekly digest: acme";
  doc.subtitle = "2026-W47";
  doc.headline.push_back({"Hosts", "1 of 1", ""});
  Section s{"New and silent hosts", {}};
  Block b;
  b.kind = Block::Kind::kTable;
  b.table.headers = {"Host", "State"};
  b.table.rows.push_back({"<script>alert(1)</script>\x1b[31m", "new"});
  s.blocks.push_back(b);
  doc.sections.push_back(s);
  std::string html = RenderHtml(doc, "cid:trend@surveyor");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(html.find('\x1b'), std::string::npos);
  for (const char* banned : {"display:flex", "<svg", "<style"}) {
    EXPECT_EQ(html.find(banned), std::string::npos) << banned;
  }
  // The chart's data URI (a standalone file) is kept whole, not cut like
  // outside text.
  Block chart;
  chart.kind = Block::Kind::kChart;
  chart.text = "W47 80";
  doc.sections[0].blocks.push_back(chart);
  const std::string src = "data:image/png;base64," + std::string(4000, 'A');
  EXPECT_NE(RenderHtml(doc, src).find("src=\"" + src + "\""),
            std::string::npos);
  std::string text = RenderText(doc);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_NE(text.find("\\x1b[31m"), std::string::npos);
}

}  // namespace
}  // namespace surveyor::digest
