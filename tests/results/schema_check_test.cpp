// The SCHEMA.md parser and the comparison that the schema test relies on: each kind of
// disagreement is found, in both directions, and the message says what to add or remove.
#include <gtest/gtest.h>

#include "aicn/results/schema_check.hpp"

using namespace aicn::results;

namespace {

const char* kDoc = R"(# Title
Schema version: 4

## Some prose with an example table that is not parsed
| column | type |
|---|---|
| `ignored` | int32 |

### Dataset `/jobs`

| column | type | unit | meaning |
|---|---|---|---|
| `id` | uint64 | 1 | job id |
| `site` | string | | a string of any length |

### Group `/meta`

| attribute | type | unit | meaning |
|---|---|---|---|
| `seed` | int64 | | seed |

### Dataset `/events` (optional)

| column | type | unit | meaning |
|---|---|---|---|
| `time_s` | float64 | s | when |

### File `summary.json`

| key | type | unit | meaning |
|---|---|---|---|
| `jobs.finished` | integer | 1 | finished |
| `sites[].name` | string | | name |
)";

std::vector<SchemaItem> matching_observation() {
  return {{SchemaItemKind::DATASET, "/jobs", "", "", false},
          {SchemaItemKind::COLUMN, "/jobs", "id", "uint64", false},
          {SchemaItemKind::COLUMN, "/jobs", "site", "string[32]", false},
          {SchemaItemKind::GROUP, "/meta", "", "", false},
          {SchemaItemKind::ATTRIBUTE, "/meta", "seed", "int64", false},
          {SchemaItemKind::FILE, "summary.json", "", "", false},
          {SchemaItemKind::KEY, "summary.json", "jobs.finished", "integer", false},
          {SchemaItemKind::KEY, "summary.json", "sites[].name", "string", false}};
}

std::string joined(const std::vector<std::string>& problems) {
  std::string text;
  for (const auto& p : problems) text += p + "\n";
  return text;
}

}  // namespace

TEST(SchemaDocument, parsesVersionObjectsAndRowsButNotExampleTables) {
  const auto doc = parse_schema_document(kDoc);
  ASSERT_TRUE(doc.version.has_value());
  EXPECT_EQ(*doc.version, 4);
  ASSERT_EQ(doc.items.size(), 10u);
  EXPECT_EQ(doc.items[0].kind, SchemaItemKind::DATASET);
  EXPECT_EQ(doc.items[0].object, "/jobs");
  EXPECT_EQ(doc.items[1].member, "id");
  EXPECT_EQ(doc.items[1].type, "uint64");
  EXPECT_TRUE(doc.items[5].optional);
  EXPECT_EQ(doc.items[5].object, "/events");
  EXPECT_EQ(doc.items[9].member, "sites[].name");
}

TEST(SchemaDocument, aRowWithoutTypeIsAnErrorNamingTheLine) {
  try {
    parse_schema_document("### Dataset `/x`\n| column | type |\n|---|---|\n| `a` |\n", "S.md");
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("S.md:4"), std::string::npos) << e.what();
  }
}

TEST(SchemaCompare, agreementGivesNoProblemAndAnAbsentOptionalObjectIsFine) {
  EXPECT_EQ(joined(compare_schema(parse_schema_document(kDoc), matching_observation())), "");
}

TEST(SchemaCompare, anUndocumentedColumnNamesTheRowToAdd) {
  auto observed = matching_observation();
  observed.push_back({SchemaItemKind::COLUMN, "/jobs", "power_w", "float64", false});
  const auto problems = compare_schema(parse_schema_document(kDoc), observed);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_NE(problems[0].find("add the row | `power_w` | float64 |"), std::string::npos) << problems[0];
  EXPECT_NE(problems[0].find("### Dataset `/jobs`"), std::string::npos) << problems[0];
}

TEST(SchemaCompare, anUndocumentedDatasetNamesTheWholeSectionToAdd) {
  auto observed = matching_observation();
  observed.push_back({SchemaItemKind::DATASET, "/energy/samples", "", "", false});
  observed.push_back({SchemaItemKind::COLUMN, "/energy/samples", "time_s", "float64", false});
  observed.push_back({SchemaItemKind::COLUMN, "/energy/samples", "it_power_w", "float64", false});
  const auto problems = compare_schema(parse_schema_document(kDoc), observed);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_NE(problems[0].find("### Dataset `/energy/samples`"), std::string::npos) << problems[0];
  EXPECT_NE(problems[0].find("| `it_power_w` | float64 |"), std::string::npos) << problems[0];
}

TEST(SchemaCompare, aDocumentedMemberOrObjectTheRunLacksIsReported) {
  auto observed = matching_observation();
  observed.erase(observed.begin() + 4);  // /meta seed
  observed.erase(observed.begin() + 5);  // summary.json jobs.finished (index 6 before the first erase)
  auto problems = compare_schema(parse_schema_document(kDoc), observed);
  ASSERT_EQ(problems.size(), 2u) << joined(problems);
  EXPECT_NE(joined(problems).find("documents attribute `seed` of group `/meta`, which the run did not write"),
            std::string::npos);
  EXPECT_NE(joined(problems).find("documents key `jobs.finished`"), std::string::npos);

  observed = matching_observation();
  observed.erase(observed.begin(), observed.begin() + 3);  // no /jobs at all
  problems = compare_schema(parse_schema_document(kDoc), observed);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_NE(problems[0].find("documents dataset `/jobs`, which the run did not write"), std::string::npos);
}

TEST(SchemaCompare, aTypeMismatchNamesBothTypesAndAPresentOptionalObjectIsChecked) {
  auto observed = matching_observation();
  observed[1].type = "int32";
  observed.push_back({SchemaItemKind::DATASET, "/events", "", "", false});
  observed.push_back({SchemaItemKind::COLUMN, "/events", "time_s", "float32", false});
  const auto problems = compare_schema(parse_schema_document(kDoc), observed);
  ASSERT_EQ(problems.size(), 2u) << joined(problems);
  EXPECT_NE(joined(problems).find("column `id` of dataset `/jobs` is int32 but SCHEMA.md says uint64"), std::string::npos);
  EXPECT_NE(joined(problems).find("column `time_s` of dataset `/events` is float32 but SCHEMA.md says float64"),
            std::string::npos);
}

TEST(SchemaInventory, jsonKeysAreDottedAndArrayElementsMerged) {
  const auto json = nlohmann::json::parse(R"({"a": 1, "b": {"c": 2.5, "d": "x"}, "s": [{"n": "p"}, {"n": "q", "m": true}]})");
  const auto items = inventory_json(json, "f.json");
  std::string listing;
  for (const auto& item : items) listing += item.member + ":" + item.type + " ";
  EXPECT_EQ(listing, ": a:integer b.c:number b.d:string s:array s[].n:string s[].m:boolean ");
}

TEST(SchemaInventory, aKeyWithSeveralTypesAcrossArrayElementsListsThemWithOr) {
  const auto json = nlohmann::json::parse(R"({"hubs": [{"payback": null}, {"payback": 16.2}, {"payback": null}]})");
  const auto items = inventory_json(json, "f.json");
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[2].member, "hubs[].payback");
  EXPECT_EQ(items[2].type, "number or null");
}

TEST(SchemaCompare, unionTypesAcceptAnySubsetAndOptionalMembersMayBeAbsent) {
  const char* doc = R"(### File `s.json`
| key | type | unit | meaning |
|---|---|---|---|
| `payback` | number or null | months | |
| `simgrid_kwh` | number (optional) | kWh | only with the exec model |
)";
  const auto parsed = parse_schema_document(doc);
  ASSERT_EQ(parsed.items.size(), 3u);
  EXPECT_EQ(parsed.items[2].type, "number");
  EXPECT_TRUE(parsed.items[2].optional);
  auto observed = [](const std::string& type) {
    return std::vector<SchemaItem>{{SchemaItemKind::FILE, "s.json", "", "", false},
                                   {SchemaItemKind::KEY, "s.json", "payback", type, false}};
  };
  EXPECT_EQ(joined(compare_schema(parsed, observed("null"))), "");
  EXPECT_EQ(joined(compare_schema(parsed, observed("number or null"))), "");
  const auto problems = compare_schema(parsed, observed("string or null"));
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_NE(problems[0].find("is string or null but SCHEMA.md says number or null"), std::string::npos) << problems[0];
}

TEST(SchemaCompare, aKeyDocumentedAsObjectIsAMapWhoseEntriesAreData) {
  const std::string doc = std::string(kDoc) + "| `jobs.rejection_reasons` | object | | reason -> count |\n" +
                          "| `energy.payback_months` | number or null | month | may be undefined |\n";
  auto observed = matching_observation();
  observed.push_back({SchemaItemKind::KEY, "summary.json", "energy.payback_months", "null", false});
  // An empty map is written as the key itself ...
  observed.push_back({SchemaItemKind::KEY, "summary.json", "jobs.rejection_reasons", "object", false});
  EXPECT_EQ(joined(compare_schema(parse_schema_document(doc), observed)), "");
  // ... a full one as its entries, which are data and need no rows.
  observed.pop_back();
  observed.push_back({SchemaItemKind::KEY, "summary.json", "jobs.rejection_reasons.no site has 64 GPUs", "integer", false});
  EXPECT_EQ(joined(compare_schema(parse_schema_document(doc), observed)), "");
  // A type outside "number or null" still fails.
  observed[observed.size() - 2].type = "string";
  EXPECT_EQ(compare_schema(parse_schema_document(doc), observed).size(), 1u);
}
