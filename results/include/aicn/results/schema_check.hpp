#pragma once
/// @file schema_check.hpp
/// Compares what results/SCHEMA.md documents with what a run actually wrote: every HDF5
/// group, dataset, compound column and attribute of trace.h5, and every key of the JSON files
/// of a run folder. A difference comes back as one sentence that says exactly which row or
/// section to add to or remove from SCHEMA.md, so a new dataset cannot go undocumented.
///
/// SCHEMA.md format (parsed here; free text between the parts is ignored):
///   Schema version: 1
///   ### Group `/meta`            ### Dataset `/jobs`            ### File `summary.json`
///   | attribute | type | ...     | column | type | unit | ...   | key | type | unit | ...
/// A heading may end in "(optional)": the object may be absent from a run, but when present
/// it must match; a type cell ending in "(optional)" does the same for one member. Types:
/// uint8 ... int64, float32, float64, string[N] (fixed length N) or string (any length) for
/// HDF5; string, integer, number, boolean, array, null for JSON, joined with " or " when a
/// key takes several ("number or null").
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aicn::results {

enum class SchemaItemKind { GROUP, DATASET, FILE, COLUMN, ATTRIBUTE, KEY };

/// One documented or observed thing. For GROUP/DATASET/FILE `member` is empty; COLUMN,
/// ATTRIBUTE and KEY name a member (column, attribute, dotted JSON key) of `object`.
struct SchemaItem {
  SchemaItemKind kind;
  std::string object;  ///< "/jobs", "/meta", "summary.json"
  std::string member;
  std::string type;
  bool optional = false;  ///< documented only: may be absent from a run
};

struct SchemaDocument {
  std::optional<int> version;  ///< from the "Schema version: N" line
  std::vector<SchemaItem> items;
};

/// Parses SCHEMA.md text; `origin` names the file in error messages. Throws
/// std::invalid_argument on a malformed table row (with the line number).
SchemaDocument parse_schema_document(const std::string& text, const std::string& origin = "SCHEMA.md");

/// Every group (except the root), dataset, compound column and attribute of an HDF5 file.
std::vector<SchemaItem> inventory_hdf5(const std::string& path);

/// Every key of a JSON document, dotted ("jobs.submitted"); elements of arrays of objects
/// appear as "sites[].name". `file_name` is the object name ("summary.json").
std::vector<SchemaItem> inventory_json(const nlohmann::json& document, const std::string& file_name);

/// Differences between the document and what was observed (HDF5 inventory plus the JSON
/// files inventoried, each announced by a FILE item), each a full sentence naming the fix.
/// Empty when they agree in both directions.
std::vector<std::string> compare_schema(const SchemaDocument& document, const std::vector<SchemaItem>& observed);

}  // namespace aicn::results
