#include <algorithm>

#include "common/logging.h"
#include "service/digest/render.h"

namespace surveyor::digest {
namespace {

std::string Clean(const std::string& s) { return common::Printable(s, 500); }

// Display width in code points (UTF-8 continuation bytes do not count).
std::size_t Width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

constexpr std::size_t kMaxColumn = 48;

// At most kMaxColumn code points, "…" marking a cut.
std::string Cut(const std::string& s) {
  if (Width(s) <= kMaxColumn) return s;
  std::string out;
  std::size_t w = 0;
  for (char c : s) {
    if ((c & 0xC0) != 0x80 && ++w > kMaxColumn - 1) break;
    out += c;
  }
  return out + "…";
}

void Pad(std::string& out, const std::string& cell, std::size_t width) {
  out += cell;
  for (std::size_t w = Width(cell); w < width; ++w) out += ' ';
}

void TableText(const Table& t, std::string& out) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back(t.headers);
  for (const auto& r : t.rows) {
    std::vector<std::string> cells;
    for (const auto& c : r) cells.push_back(Cut(Clean(c)));
    rows.push_back(std::move(cells));
  }
  std::vector<std::size_t> widths(t.headers.size(), 0);
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], Width(r[i]));
    }
  }
  for (std::size_t n = 0; n < rows.size(); ++n) {
    std::string line = "  ";
    for (std::size_t i = 0; i < rows[n].size(); ++i) {
      std::string cell = rows[n][i];
      if (static_cast<int>(i) == t.bar_column && n > 0 && cell != "-") {
        int pct = std::stoi(cell);
        cell += "% " + std::string(static_cast<std::size_t>(pct / 10), '#') +
                std::string(static_cast<std::size_t>(10 - pct / 10), '.');
      }
      if (i + 1 < rows[n].size()) {
        Pad(line, cell, widths[i] + 2);
      } else {
        line += cell;
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
}

}  // namespace

std::string RenderText(const Document& doc) {
  std::string out = doc.title + "\n" + doc.subtitle + "\n\n";
  for (const auto& f : doc.headline) {
    std::string line = "  " + f.label + ": ";
    line += Clean(f.value);
    if (!f.note.empty()) line += " (" + Clean(f.note) + ")";
    out += line + "\n";
  }
  for (const auto& s : doc.sections) {
    out += "\n" + s.title + "\n" + std::string(Width(s.title), '-') + "\n";
    for (const auto& b : s.blocks) {
      switch (b.kind) {
        case Block::Kind::kParagraph:
          out += "  " + Clean(b.text) + "\n";
          break;
        case Block::Kind::kBullets:
          for (const auto& i : b.items) out += "  - " + Clean(i) + "\n";
          break;
        case Block::Kind::kTable:
          TableText(b.table, out);
          break;
        case Block::Kind::kChart:
          out += "  " + Clean(b.text) + "\n";
          break;
        case Block::Kind::kLink:
          out += "  " + Clean(b.text) +
                 (b.href.empty() ? "" : ": " + Clean(b.href)) + "\n";
          break;
      }
    }
  }
  return out;
}

}  // namespace surveyor::digest
