// The small XML reader: what File History's configuration and event records
// use of XML, and the malformed input it must refuse with an offset.
#include "collectors/simple_xml.h"

#include <gtest/gtest.h>

#include "tests/fixture.h"

namespace surveyor::collectors {
namespace {

TEST(SimpleXmlTest, ElementsAttributesTextAndEntities) {
  auto doc = ParseXml(
      "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c -->\n"
      "<a x='1' y=\"t&amp;u\"><b>one &lt;two&gt; &#x41;&#66;&#xE9;</b>"
      "<b/><c><![CDATA[<raw>&amp;]]></c> tail </a>\n");
  ASSERT_TRUE(doc) << doc.error().reason;
  EXPECT_EQ(doc->name, "a");
  EXPECT_EQ(doc->Attribute("x"), "1");
  EXPECT_EQ(doc->Attribute("y"), "t&u");
  EXPECT_EQ(doc->Attribute("z"), "");
  EXPECT_EQ(doc->text, "tail");
  ASSERT_EQ(doc->Children("b").size(), 2u);
  EXPECT_EQ(doc->ChildText("b"), "one <two> AB\xC3\xA9");
  EXPECT_EQ(doc->ChildText("c"), "<raw>&amp;");
  EXPECT_EQ(doc->Child("d"), nullptr);
  EXPECT_EQ(doc->ChildText("d"), "");
}

TEST(SimpleXmlTest, Utf16WithItsByteOrderMark) {
  const std::string utf8 = "<r><n>Jos\xC3\xA9</n></r>";
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("<r><n>Jos")) utf16 += std::string{c, '\0'};
  utf16 += std::string("\xE9\0", 2);
  for (char c : std::string("</n></r>")) utf16 += std::string{c, '\0'};
  auto doc = ParseXml(utf16);
  ASSERT_TRUE(doc) << doc.error().reason;
  EXPECT_EQ(doc->ChildText("n"), "Jos\xC3\xA9");
  EXPECT_EQ(ParseXml(utf8)->ChildText("n"), "Jos\xC3\xA9");
}

TEST(SimpleXmlTest, MalformedInputIsRefusedWithWhere) {
  struct Case {
    std::string xml;
    std::string reason;
  };
  for (const Case& c : std::vector<Case>{
           {"", "no root element"},
           {"text", "no root element"},
           {"<a>", "not closed"},
           {"<a></b>", "</b> closes <a>"},
           {"<a x=1/>", "quoted value"},
           {"<a x='1/>", "unterminated value"},
           {"<a>&bogus;</a>", "unknown entity"},
           {"<a>&#0;</a>", "bad character reference"},
           {"<a>&#xD800;</a>", "bad character reference"},
           {"<a>& b</a>", "unterminated entity"},
           {"<a/><b/>", "after the root"},
           {"<!DOCTYPE a [<!ENTITY x 'y'>]><a/>", "internal subset"},
           {"<a><!-- open</a>", "unterminated comment"},
           {"<a><![CDATA[x</a>", "unterminated CDATA"},
       }) {
    auto doc = ParseXml(c.xml);
    ASSERT_FALSE(doc) << c.xml;
    EXPECT_NE(doc.error().reason.find(c.reason), std::string::npos)
        << c.xml << " -> " << doc.error().reason;
  }
  auto where = ParseXml("<a>\n<b></c></a>");
  ASSERT_FALSE(where);
  EXPECT_EQ(where.error().offset, 7u);
}

TEST(SimpleXmlTest, NestingIsBounded) {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<a>";
  for (int i = 0; i < 100; ++i) deep += "</a>";
  auto doc = ParseXml(deep);
  ASSERT_FALSE(doc);
  EXPECT_NE(doc.error().reason.find("nested too deeply"), std::string::npos);
  std::string ok;
  for (int i = 0; i < 60; ++i) ok += "<a>";
  for (int i = 0; i < 60; ++i) ok += "</a>";
  EXPECT_TRUE(ParseXml(ok));
}

}  // namespace
}  // namespace surveyor::collectors
