// libFuzzer harness for split_csv, the RFC 4180 field splitter every CSV trace reader uses.
// Beyond "no crash, no exception but the documented std::invalid_argument", it checks that the
// fields survive a round trip: each field written back quoted (quotes doubled) and split again
// gives the same fields; a difference aborts (a finding).
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "aicn/workloads/line_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string line(reinterpret_cast<const char*>(data), size);
  // A line as LineReader gives it: no line break inside.
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  std::vector<std::string> fields;
  try {
    fields = aicn::workloads::split_csv(line);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  std::string written;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    written += i ? ",\"" : "\"";
    for (const char c : fields[i]) written += c == '"' ? std::string("\"\"") : std::string(1, c);
    written += '"';
  }
  if (aicn::workloads::split_csv(written) != fields) std::abort();
  return 0;
}
