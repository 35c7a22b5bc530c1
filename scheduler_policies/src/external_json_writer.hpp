#pragma once
// A minimal JSON writer for the dispatch message, which is written tens of thousands of times
// a run: building nlohmann::json objects for it cost ten times the whole in-process run
// (bench/external_policy.sh). It appends to one reused string; numbers are written with
// std::to_chars (shortest text that reads back as the same double), NaN and infinity as
// null, as the protocol says. Commas are the writer's job: call key() or the value functions
// in document order.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace aicn::policy::external {

class JsonWriter {
 public:
  /// Writes into `text`, emptied first (the caller keeps it, so its capacity is reused).
  explicit JsonWriter(std::string& text) : text_(text) { text_.clear(); }
  const std::string& text() const { return text_; }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  /// `name` must need no escaping (the protocol's own field names).
  void key(std::string_view name) {
    comma();
    text_ += '"';
    text_ += name;
    text_ += "\":";
    after_key_ = true;
  }
  void value(double number) {
    comma();
    if (!std::isfinite(number)) {
      text_ += "null";
      return;
    }
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, number).ptr;
    text_.append(buffer, end);
  }
  void value(std::int64_t number) { integer(number); }
  void value(std::uint64_t number) { integer(number); }
  void value(int number) { integer(number); }
  void value(bool flag) {
    comma();
    text_ += flag ? "true" : "false";
  }
  void value(std::string_view text) {
    comma();
    text_ += '"';
    for (const char c : text) {
      const auto byte = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        text_ += '\\';
        text_ += c;
      } else if (byte < 0x20) {
        static constexpr char kHex[] = "0123456789abcdef";
        text_ += "\\u00";
        text_ += kHex[byte >> 4];
        text_ += kHex[byte & 0xF];
      } else {
        text_ += c;
      }
    }
    text_ += '"';
  }
  void value(const char* text) { value(std::string_view(text)); }
  template <typename T>
  void field(std::string_view name, T v) {
    key(name);
    value(v);
  }

 private:
  template <typename T>
  void integer(T number) {
    comma();
    char buffer[24];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, number).ptr;
    text_.append(buffer, end);
  }
  void open(char bracket) {
    comma();
    text_ += bracket;
    first_.push_back(true);
  }
  void close(char bracket) {
    text_ += bracket;
    first_.pop_back();
  }
  /// A comma before every item of an object or array but its first; none after a key.
  void comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (first_.back())
      first_.back() = false;
    else
      text_ += ',';
  }

  std::string& text_;
  std::vector<bool> first_;  ///< per open bracket: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace aicn::policy::external
