// Compares SCHEMA.md with a run's inventory; each difference says what to add or remove.
#include <algorithm>
#include <map>
#include <set>

#include "aicn/results/schema_check.hpp"

namespace aicn::results {
namespace {

const char* kind_word(SchemaItemKind kind) {
  switch (kind) {
    case SchemaItemKind::GROUP: return "group";
    case SchemaItemKind::DATASET: return "dataset";
    case SchemaItemKind::FILE: return "file";
    case SchemaItemKind::COLUMN: return "column";
    case SchemaItemKind::ATTRIBUTE: return "attribute";
    case SchemaItemKind::KEY: return "key";
  }
  return "?";
}

std::string heading(const SchemaItem& object) {
  const std::string word = object.kind == SchemaItemKind::GROUP     ? "Group"
                           : object.kind == SchemaItemKind::DATASET ? "Dataset"
                                                                    : "File";
  return "### " + word + " `" + object.object + "`";
}

std::string row(const SchemaItem& member) { return "| `" + member.member + "` | " + member.type + " | UNIT | MEANING |"; }

std::string where(const SchemaItem& object) {
  return std::string(kind_word(object.kind)) + " `" + object.object + "`";
}

std::vector<std::string> alternatives(const std::string& type) {
  std::vector<std::string> result;
  std::string rest = type;
  for (std::size_t at; (at = rest.find(" or ")) != std::string::npos; rest.erase(0, at + 4)) result.push_back(rest.substr(0, at));
  result.push_back(rest);
  return result;
}

bool one_type_agrees(const std::string& documented, const std::string& observed) {
  if (documented == observed) return true;
  return documented == "string" && observed.rfind("string", 0) == 0;  // "string": any fixed length
}

/// Each type the run wrote (a key may be "number or null" across array elements or runs)
/// must be one the document allows.
bool types_agree(const std::string& documented, const std::string& observed) {
  const auto allowed = alternatives(documented);
  for (const auto& type : alternatives(observed)) {
    if (std::none_of(allowed.begin(), allowed.end(), [&](const std::string& a) { return one_type_agrees(a, type); }))
      return false;
  }
  return true;
}

using MemberKey = std::pair<SchemaItemKind, std::string>;  // (column|attribute|key, name)

struct ObjectView {
  std::optional<SchemaItem> object;
  std::map<MemberKey, SchemaItem> members;
  std::vector<MemberKey> order;  ///< members in the order seen
};

std::map<std::string, ObjectView> by_object(const std::vector<SchemaItem>& items) {
  std::map<std::string, ObjectView> objects;
  for (const auto& item : items) {
    auto& view = objects[item.object];
    if (item.member.empty()) {
      view.object = item;
    } else {
      const MemberKey key{item.kind, item.member};
      if (view.members.emplace(key, item).second) view.order.push_back(key);
    }
  }
  return objects;
}

/// The whole section a writer of SCHEMA.md has to add for an undocumented object.
std::string section_for(const ObjectView& view) {
  std::string text = heading(*view.object);
  for (const SchemaItemKind kind : {SchemaItemKind::COLUMN, SchemaItemKind::KEY, SchemaItemKind::ATTRIBUTE}) {
    bool first = true;
    for (const auto& key : view.order) {
      if (key.first != kind) continue;
      if (first) text += std::string("\n  | ") + kind_word(kind) + " | type | unit | meaning |\n  |---|---|---|---|";
      first = false;
      text += "\n  " + row(view.members.at(key));
    }
  }
  return text;
}

}  // namespace

std::vector<std::string> compare_schema(const SchemaDocument& document, const std::vector<SchemaItem>& observed) {
  std::vector<std::string> problems;
  const auto documented = by_object(document.items);
  const auto written = by_object(observed);

  for (const auto& [name, seen] : written) {
    const auto found = documented.find(name);
    if (found == documented.end() || !found->second.object) {
      problems.push_back("SCHEMA.md lacks " + where(*seen.object) + ": add this section:\n  " + section_for(seen));
      continue;
    }
    const ObjectView& doc = found->second;
    if (doc.object->kind != seen.object->kind) {
      problems.push_back("`" + name + "` is a " + kind_word(seen.object->kind) + " but SCHEMA.md says " +
                         kind_word(doc.object->kind) + ": change its heading to " + heading(*seen.object));
    }
    // A key documented with type `object` is a map whose keys are data (e.g. rejection
    // reasons): the run's entries under it are not schema, and any of them counts as the map.
    std::set<MemberKey> maps_written;
    auto documented_map_of = [&doc](const MemberKey& key) -> const MemberKey* {
      for (const auto& [doc_key, doc_member] : doc.members)
        if (doc_key.first == key.first && doc_member.type == "object" && key.second.rfind(doc_key.second + ".", 0) == 0)
          return &doc_key;
      return nullptr;
    };
    for (const auto& key : seen.order) {
      if (const MemberKey* map = documented_map_of(key)) {
        maps_written.insert(*map);
        continue;
      }
      const SchemaItem& member = seen.members.at(key);
      const auto in_doc = doc.members.find(key);
      if (in_doc == doc.members.end()) {
        problems.push_back("SCHEMA.md lacks " + std::string(kind_word(key.first)) + " `" + key.second + "` of " +
                           where(*seen.object) + ": add the row " + row(member) + " to the `" + kind_word(key.first) +
                           "` table under " + heading(*doc.object));
      } else if (!types_agree(in_doc->second.type, member.type)) {
        problems.push_back(std::string(kind_word(key.first)) + " `" + key.second + "` of " + where(*seen.object) +
                           " is " + member.type + " but SCHEMA.md says " + in_doc->second.type +
                           ": change its type cell under " + heading(*doc.object) + " to " + member.type);
      }
    }
    for (const auto& key : doc.order) {
      if (seen.members.count(key) || maps_written.count(key) || doc.members.at(key).optional) continue;
      problems.push_back("SCHEMA.md documents " + std::string(kind_word(key.first)) + " `" + key.second + "` of " +
                         where(*doc.object) + ", which the run did not write: remove its row under " +
                         heading(*doc.object) + " (or write it)");
    }
  }
  for (const auto& [name, doc] : documented) {
    if (!doc.object || written.count(name)) continue;
    if (doc.object->optional) continue;
    problems.push_back("SCHEMA.md documents " + where(*doc.object) +
                       ", which the run did not write: remove its section, or end its heading with (optional) if only "
                       "some runs write it");
  }
  return problems;
}

}  // namespace aicn::results
