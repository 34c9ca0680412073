// The digest laid out once for every format: a title, headline figures and
// sections of paragraphs, bullet lists, tables and the trend chart.
// render_text.h and render_html.h print the same Document, so the plain-text
// and HTML parts of an email always carry the same numbers. Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/digest/digest.h"

namespace surveyor::digest {

struct Table {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  // A column holding a percentage (0-100) drawn as a bar; -1: none.
  int bar_column = -1;
};

struct Block {
  enum class Kind { kParagraph, kBullets, kTable, kChart, kLink };
  Kind kind = Kind::kParagraph;
  std::string text;                // paragraph, link label, chart caption
  std::vector<std::string> items;  // bullets
  Table table;
  std::string href;  // link target
};

struct Section {
  std::string title;
  std::vector<Block> blocks;
};

struct Figure {
  std::string label, value, note;  // note: the change, e.g. "+2 this week"
};

struct Document {
  std::string title, subtitle;
  std::vector<Figure> headline;
  std::vector<Section> sections;
};

struct DocumentOptions {
  // The server's public URL ("https://surveyor.example:8443"): links to the
  // full listings where the digest cannot hold everything. Empty: no links.
  std::string server_url;
};

Document Layout(const Digest& digest, const DocumentOptions& options);

// "1,234.50 EUR" style amounts and "+3"/"-1"/"no change" deltas, shared by
// the layout and tests.
std::string SignedDelta(std::int64_t delta);

}  // namespace surveyor::digest
