#include "common/html.h"
#include "service/digest/png_chart.h"
#include "service/digest/render.h"

namespace surveyor::digest {
namespace {

constexpr const char* kFont =
    "font-family:Arial,Helvetica,sans-serif;color:#222222;";

// `max`: bytes kept of outside text; our own long values (the chart's data
// URI) pass whole.
std::string Esc(const std::string& raw, std::size_t max = 500) {
  return common::HtmlEscape(raw, max);
}

// A percentage as a 50-pixel table bar (narrow enough for a phone's table),
// coloured by the health score's bands.
std::string Bar(const std::string& cell) {
  if (cell == "-") return "-";
  int pct = std::stoi(cell);
  const int filled = (pct + 1) / 2;
  std::string out =
      "<table role=\"presentation\" width=\"50\" cellpadding=\"0\" "
      "cellspacing=\"0\" border=\"0\"><tr>";
  if (filled > 0) {
    out += "<td width=\"" + std::to_string(filled) +
           "\" height=\"8\" bgcolor=\"" + BandColour(pct) +
           "\" style=\"font-size:1px;line-height:1px;\">&nbsp;</td>";
  }
  if (filled < 50) {
    out += "<td width=\"" + std::to_string(50 - filled) +
           "\" height=\"8\" bgcolor=\"#e6e6e6\" "
           "style=\"font-size:1px;line-height:1px;\">&nbsp;</td>";
  }
  return out + "</tr></table>" + Esc(cell) + "%";
}

void TableHtml(const Table& t, std::string& out) {
  out +=
      "<table role=\"presentation\" width=\"100%\" cellpadding=\"4\" "
      "cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;" +
      std::string(kFont) + "font-size:13px;\"><tr>";
  for (const auto& h : t.headers) {
    out +=
        "<td bgcolor=\"#eef1f5\" style=\"font-weight:bold;border-bottom:1px "
        "solid #cccccc;\">" +
        Esc(h) + "</td>";
  }
  out += "</tr>";
  for (const auto& r : t.rows) {
    out += "<tr>";
    for (std::size_t i = 0; i < r.size(); ++i) {
      out += "<td valign=\"top\" style=\"border-bottom:1px solid #eeeeee;\">" +
             (static_cast<int>(i) == t.bar_column ? Bar(r[i]) : Esc(r[i])) +
             "</td>";
    }
    out += "</tr>";
  }
  out += "</table>";
}

}  // namespace

std::string RenderHtml(const Document& doc, const std::string& chart_src) {
  std::string out =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\"><title>" +
      Esc(doc.title) +
      "</title></head>\n<body style=\"margin:0;padding:0;background:#f4f4f4;\">"
      "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" "
      "cellspacing=\"0\" border=\"0\" bgcolor=\"#f4f4f4\"><tr><td "
      "align=\"center\" style=\"padding:16px 8px;\">\n"
      "<table role=\"presentation\" width=\"640\" cellpadding=\"0\" "
      "cellspacing=\"0\" border=\"0\" bgcolor=\"#ffffff\" "
      "style=\"width:100%;max-width:640px;" +
      std::string(kFont) +
      "\">\n<tr><td style=\"padding:20px 24px 8px 24px;\">"
      "<h1 id=\"headline\" style=\"margin:0;font-size:22px;" +
      kFont + "\">" + Esc(doc.title) +
      "</h1><p style=\"margin:4px 0 0 0;font-size:13px;color:#666666;\">" +
      Esc(doc.subtitle) + "</p></td></tr>\n";
  // Headline figures, one row each (phones keep them readable).
  out +=
      "<tr><td style=\"padding:8px 24px;\"><table role=\"presentation\" "
      "width=\"100%\" cellpadding=\"6\" cellspacing=\"0\" border=\"0\" "
      "style=\"" +
      std::string(kFont) + "\">";
  for (const auto& f : doc.headline) {
    out += "<tr><td width=\"40%\" style=\"font-size:13px;color:#555555;\">" +
           Esc(f.label) +
           "</td><td style=\"font-size:18px;font-weight:bold;\">" +
           Esc(f.value) +
           "<br><span style=\"font-size:12px;font-weight:normal;color:"
           "#666666;\">" +
           Esc(f.note) + "</span></td></tr>";
  }
  out += "</table></td></tr>\n";
  for (const auto& s : doc.sections) {
    out +=
        "<tr><td style=\"padding:12px 24px 4px 24px;\"><h2 style=\"margin:0 "
        "0 6px 0;font-size:16px;border-bottom:2px solid #3b6ea5;" +
        std::string(kFont) + "\">" + Esc(s.title) + "</h2>";
    for (const auto& b : s.blocks) {
      switch (b.kind) {
        case Block::Kind::kParagraph:
          out += "<p style=\"margin:4px 0;font-size:13px;\">" + Esc(b.text) +
                 "</p>";
          break;
        case Block::Kind::kBullets:
          out +=
              "<ul style=\"margin:4px 0;padding-left:20px;font-size:13px;\">";
          for (const auto& i : b.items) out += "<li>" + Esc(i) + "</li>";
          out += "</ul>";
          break;
        case Block::Kind::kTable:
          TableHtml(b.table, out);
          break;
        case Block::Kind::kChart:
          if (!chart_src.empty()) {
            out += "<img src=\"" + Esc(chart_src, chart_src.size()) +
                   "\" width=\"" + std::to_string(kChartWidth) +
                   "\" height=\"" + std::to_string(kChartHeight) + "\" alt=\"" +
                   Esc(b.text) +
                   "\" style=\"display:block;max-width:100%;height:auto;"
                   "border:0;\">";
          }
          out += "<p style=\"margin:4px 0;font-size:11px;color:#666666;\">" +
                 Esc(b.text) + "</p>";
          break;
        case Block::Kind::kLink:
          out += "<p style=\"margin:4px 0;font-size:13px;\">";
          out += b.href.empty() ? Esc(b.text)
                                : "<a href=\"" + Esc(b.href) +
                                      "\" style=\"color:#3b6ea5;\">" +
                                      Esc(b.text) + "</a>";
          out += "</p>";
          break;
      }
    }
    out += "</td></tr>\n";
  }
  out +=
      "<tr><td style=\"padding:16px 24px;font-size:11px;color:#888888;\">"
      "Sent by "
      "Surveyor.</td></tr>\n</table>\n</td></tr></table></body></html>\n";
  return out;
}

}  // namespace surveyor::digest
