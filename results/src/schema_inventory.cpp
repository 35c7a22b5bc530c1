// Lists what a run actually wrote, in SchemaItems, for comparison with SCHEMA.md.
#include <H5Cpp.h>

#include <algorithm>
#include <map>

#include "aicn/results/schema_check.hpp"

namespace aicn::results {
namespace {

/// The SCHEMA.md spelling of an HDF5 type: int32, uint64, float64, string[16], ...
std::string type_name(const H5::DataType& type) {
  const hid_t id = type.getId();
  const std::size_t bits = 8 * type.getSize();
  switch (type.getClass()) {
    case H5T_INTEGER:
      return (H5Tget_sign(id) == H5T_SGN_NONE ? "uint" : "int") + std::to_string(bits);
    case H5T_FLOAT:
      return "float" + std::to_string(bits);
    case H5T_STRING:
      return H5Tis_variable_str(id) > 0 ? "string" : "string[" + std::to_string(type.getSize()) + "]";
    case H5T_COMPOUND:
      return "compound";
    case H5T_ENUM:
      return "enum";
    case H5T_ARRAY:
      return "array";
    default:
      return "other";
  }
}

void add_attributes(const H5::H5Object& object, const std::string& path, std::vector<SchemaItem>& items) {
  const int count = object.getNumAttrs();
  for (int i = 0; i < count; ++i) {
    const H5::Attribute attribute = object.openAttribute(static_cast<unsigned>(i));
    items.push_back({SchemaItemKind::ATTRIBUTE, path, attribute.getName(), type_name(attribute.getDataType()), false});
  }
}

void add_dataset(const H5::DataSet& dataset, const std::string& path, std::vector<SchemaItem>& items) {
  items.push_back({SchemaItemKind::DATASET, path, "", "", false});
  const H5::DataType type = dataset.getDataType();
  if (type.getClass() == H5T_COMPOUND) {
    const H5::CompType compound(dataset);
    for (int i = 0; i < compound.getNmembers(); ++i) {
      const auto member = static_cast<unsigned>(i);
      items.push_back({SchemaItemKind::COLUMN, path, compound.getMemberName(member),
                       type_name(compound.getMemberDataType(member)), false});
    }
  } else {
    // A plain array is documented as a table with a single "(value)" row.
    items.push_back({SchemaItemKind::COLUMN, path, "(value)", type_name(type), false});
  }
  add_attributes(dataset, path, items);
}

void visit_group(const H5::Group& group, const std::string& path, std::vector<SchemaItem>& items) {
  add_attributes(group, path, items);
  for (hsize_t i = 0; i < group.getNumObjs(); ++i) {
    const std::string name = group.getObjnameByIdx(i);
    const std::string child = (path == "/" ? "" : path) + "/" + name;
    switch (group.getObjTypeByIdx(i)) {
      case H5G_GROUP: {
        items.push_back({SchemaItemKind::GROUP, child, "", "", false});
        visit_group(group.openGroup(name), child, items);
        break;
      }
      case H5G_DATASET:
        add_dataset(group.openDataSet(name), child, items);
        break;
      default:
        items.push_back({SchemaItemKind::DATASET, child, "", "other", false});
    }
  }
}

std::string json_type(const nlohmann::json& value) {
  if (value.is_string()) return "string";
  if (value.is_boolean()) return "boolean";
  if (value.is_number_integer()) return "integer";  // signed and unsigned
  if (value.is_number_float()) return "number";
  if (value.is_array()) return "array";
  if (value.is_object()) return "object";
  return "null";
}

/// Joins the types a key has across the elements of an array: "number or null".
std::string merged_type(const std::string& known, const std::string& added) {
  std::vector<std::string> types;
  std::string rest = known;
  for (std::size_t at; (at = rest.find(" or ")) != std::string::npos; rest.erase(0, at + 4)) types.push_back(rest.substr(0, at));
  types.push_back(rest);
  if (std::find(types.begin(), types.end(), added) == types.end()) types.push_back(added);
  std::stable_partition(types.begin(), types.end(), [](const std::string& t) { return t != "null"; });
  std::string joined;
  for (const auto& t : types) joined += (joined.empty() ? "" : " or ") + t;
  return joined;
}

void visit_json(const nlohmann::json& value, const std::string& key, const std::string& file,
                std::map<std::string, std::size_t>& seen, std::vector<SchemaItem>& items) {
  auto add = [&](const std::string& name, const std::string& type) {
    const auto [found, inserted] = seen.emplace(name, items.size());
    if (inserted)
      items.push_back({SchemaItemKind::KEY, file, name, type, false});
    else
      items[found->second].type = merged_type(items[found->second].type, type);
  };
  if (value.is_object()) {
    if (value.empty() && !key.empty()) add(key, "object");
    for (const auto& [name, child] : value.items()) visit_json(child, key.empty() ? name : key + "." + name, file, seen, items);
  } else if (value.is_array()) {
    add(key, "array");
    for (const auto& element : value)
      if (element.is_object()) visit_json(element, key + "[]", file, seen, items);
  } else {
    add(key, json_type(value));
  }
}

}  // namespace

std::vector<SchemaItem> inventory_hdf5(const std::string& path) {
  H5::Exception::dontPrint();
  const H5::H5File file(path, H5F_ACC_RDONLY);
  std::vector<SchemaItem> items;
  const H5::Group root = file.openGroup("/");
  // The root group is an object of the schema only when it carries attributes.
  if (root.getNumAttrs() > 0) items.push_back({SchemaItemKind::GROUP, "/", "", "", false});
  visit_group(root, "/", items);
  return items;
}

std::vector<SchemaItem> inventory_json(const nlohmann::json& document, const std::string& file_name) {
  std::vector<SchemaItem> items{{SchemaItemKind::FILE, file_name, "", "", false}};
  std::map<std::string, std::size_t> seen;  // key -> its item
  visit_json(document, "", file_name, seen, items);
  return items;
}

}  // namespace aicn::results
