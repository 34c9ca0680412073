// A small XML reader for the plain documents Windows writes about itself:
// File History's Config1.xml and an event log record's XML rendering. It
// reads elements, attributes, character data (entities, numeric character
// references and CDATA decoded), and skips the prolog, comments,
// processing instructions and a DOCTYPE without an internal subset.
// Namespace prefixes stay part of names; xmlns attributes are ordinary
// attributes.
//
// Input: UTF-8, with or without a byte order mark, or UTF-16LE with its
// byte order mark (converted to UTF-8). Pure; nesting is bounded (64
// levels) and malformed input is a ParseError naming the byte offset.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "collectors/parse_error.h"

namespace surveyor::collectors {

struct XmlElement {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  // Character data directly inside this element, pieces between child
  // elements joined, surrounding white space trimmed.
  std::string text;
  std::vector<XmlElement> children;

  // The first child called `name`, or null.
  const XmlElement* Child(std::string_view name) const;
  // Every child called `name`, in document order.
  std::vector<const XmlElement*> Children(std::string_view name) const;
  // The first child called `name`'s text, or "" when there is none.
  std::string_view ChildText(std::string_view name) const;
  // The attribute's value, or "" when absent.
  std::string_view Attribute(std::string_view name) const;
};

// The document's root element.
std::expected<XmlElement, ParseError> ParseXml(std::string_view bytes);

}  // namespace surveyor::collectors
