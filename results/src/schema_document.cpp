// Parses results/SCHEMA.md into SchemaItems: a heading names an object, the table under it
// lists its members (see schema_check.hpp for the format).
#include <regex>
#include <sstream>
#include <stdexcept>

#include "aicn/results/schema_check.hpp"

namespace aicn::results {
namespace {

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  const auto end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

/// Drops surrounding backticks: "`id`" -> "id".
std::string unquote(const std::string& cell) {
  std::string value = trim(cell);
  if (value.size() >= 2 && value.front() == '`' && value.back() == '`') value = value.substr(1, value.size() - 2);
  return value;
}

std::vector<std::string> table_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string body = trim(line);
  if (!body.empty() && body.front() == '|') body.erase(0, 1);
  if (!body.empty() && body.back() == '|') body.pop_back();
  std::stringstream stream(body);
  std::string cell;
  while (std::getline(stream, cell, '|')) cells.push_back(trim(cell));
  return cells;
}

bool is_separator_row(const std::vector<std::string>& cells) {
  for (const auto& cell : cells)
    if (cell.find_first_not_of("-: ") != std::string::npos) return false;
  return true;
}

}  // namespace

SchemaDocument parse_schema_document(const std::string& text, const std::string& origin) {
  static const std::regex object_heading(R"(^#{2,6}\s+(Group|Dataset|File)\s+`([^`]+)`\s*(\(optional\))?\s*$)");
  static const std::regex any_heading(R"(^#{1,6}\s)");
  static const std::regex version_line(R"(^Schema version:\s*\**\s*(\d+))");

  SchemaDocument document;
  std::optional<SchemaItem> object;           // the object whose section we are in
  bool in_table = false;                              // reading the rows of a table
  SchemaItemKind member_kind = SchemaItemKind::COLUMN;  // what its rows are
  bool expect_separator = false;

  std::istringstream lines(text);
  std::string line;
  int line_number = 0;
  while (std::getline(lines, line)) {
    ++line_number;
    std::smatch match;
    if (std::regex_search(line, match, version_line)) {
      document.version = std::stoi(match[1]);
      continue;
    }
    if (std::regex_match(line, match, object_heading)) {
      const std::string kind = match[1];
      object = SchemaItem{kind == "Group" ? SchemaItemKind::GROUP
                          : kind == "Dataset" ? SchemaItemKind::DATASET
                                              : SchemaItemKind::FILE,
                          match[2], "", "", match[3].matched};
      document.items.push_back(*object);
      in_table = false;
      continue;
    }
    if (std::regex_search(line, any_heading)) {  // any other heading ends the object's section
      object.reset();
      in_table = false;
      continue;
    }
    if (trim(line).rfind('|', 0) != 0) {  // a line outside a table ends the table
      in_table = false;
      continue;
    }
    const auto cells = table_cells(line);
    if (!in_table) {  // a table header: its first column says what the rows are
      if (!object) continue;  // a table outside an object section (e.g. an example)
      const std::string first = unquote(cells.empty() ? "" : cells[0]);
      if (first == "column") member_kind = SchemaItemKind::COLUMN;
      else if (first == "attribute") member_kind = SchemaItemKind::ATTRIBUTE;
      else if (first == "key") member_kind = SchemaItemKind::KEY;
      else
        throw std::invalid_argument(origin + ":" + std::to_string(line_number) +
                                    ": a table under `" + object->object +
                                    "` must start with a `column`, `attribute` or `key` header, got '" + first + "'");
      in_table = true;
      expect_separator = true;
      continue;
    }
    if (expect_separator) {
      expect_separator = false;
      if (is_separator_row(cells)) continue;
    }
    if (cells.size() < 2 || unquote(cells[0]).empty() || unquote(cells[1]).empty())
      throw std::invalid_argument(origin + ":" + std::to_string(line_number) + ": a row under `" + object->object +
                                  "` needs a name and a type, got '" + trim(line) + "'");
    // A type cell ending in "(optional)" marks a member that only some runs write.
    std::string type = unquote(cells[1]);
    const std::string optional_mark = "(optional)";
    const bool optional = type.size() > optional_mark.size() &&
                          type.compare(type.size() - optional_mark.size(), optional_mark.size(), optional_mark) == 0;
    if (optional) type = trim(type.substr(0, type.size() - optional_mark.size()));
    document.items.push_back(SchemaItem{member_kind, object->object, unquote(cells[0]), type, optional});
  }
  return document;
}

}  // namespace aicn::results
