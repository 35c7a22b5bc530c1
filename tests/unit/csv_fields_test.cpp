// split_csv: RFC 4180 fields within a line (quoted commas, doubled quotes), the old unquoted
// behaviour kept, syntax errors naming the field; and a quoted field read by the CSV trace reader.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "aicn/topology/layout_loader.hpp"
#include "aicn/workloads/csv_trace_reader.hpp"
#include "aicn/workloads/line_reader.hpp"

using aicn::workloads::split_csv;
using Fields = std::vector<std::string>;

TEST(CsvFields, unquotedFieldsSplitAtEveryCommaAsBefore) {
  EXPECT_EQ(split_csv("a,b,c"), (Fields{"a", "b", "c"}));
  EXPECT_EQ(split_csv(""), Fields{});
  EXPECT_EQ(split_csv("a,"), (Fields{"a", ""}));
  EXPECT_EQ(split_csv(","), (Fields{"", ""}));
  EXPECT_EQ(split_csv(",,x"), (Fields{"", "", "x"}));
  EXPECT_EQ(split_csv("12 in\",b"), (Fields{"12 in\"", "b"})) << "a stray quote inside an unquoted field is text";
}

TEST(CsvFields, quotedFieldsHoldCommasAndDoubledQuotes) {
  EXPECT_EQ(split_csv("1,\"H800|A800-80GB\",x"), (Fields{"1", "H800|A800-80GB", "x"}));
  EXPECT_EQ(split_csv("\"a, b\",c"), (Fields{"a, b", "c"}));
  EXPECT_EQ(split_csv("\"say \"\"hi\"\"\""), (Fields{"say \"hi\""}));
  EXPECT_EQ(split_csv("\"\",\"\""), (Fields{"", ""}));
  EXPECT_EQ(split_csv("x,\"\""), (Fields{"x", ""}));
  EXPECT_EQ(split_csv("\"a\","), (Fields{"a", ""}));
}

TEST(CsvFields, aQuotedFieldThatDoesNotCloseOrHasTextAfterItIsRefused) {
  const auto message = [](const std::string& line) {
    try {
      split_csv(line);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_EQ(message("a,\"b"), "field 2: a quoted field does not end on its line (no closing '\"')");
  EXPECT_EQ(message("\"a\"b,c"), "field 1: text after the closing quote ('b,c'); quote the whole field");
  EXPECT_EQ(message("\"a\"\""), "field 1: a quoted field does not end on its line (no closing '\"')");
}

TEST(CsvFields, theTraceReaderReadsAQuotedListOfAlternativeModelsAndNamesTheLineOfABadQuote) {
  const auto path = std::filesystem::temp_directory_path() / ("aicn-quoted-" + std::to_string(::getpid()) + ".csv");
  const std::string header = std::string(aicn::workloads::CsvTraceReader::kHeader) + ",alternative_gpu_models\n";
  std::ofstream(path) << header << "0,training,JJJ,0,A100-80GB,8,1.1e18,0.45,0,\"H800|A800-80GB\"\n"
                      << "1,training,JJJ,5,A100-80GB,8,1.1e18,0.45,0,\"H800\n";
  static const aicn::topology::Layout layout = aicn::topology::load_layout("china-national");
  aicn::workloads::CsvTraceReader reader(path.string(), {&layout, 1, 0, 0, ""});
  const auto job = reader.next();
  ASSERT_TRUE(job);
  ASSERT_EQ(job->alternative_gpu_models.size(), 2u);
  EXPECT_EQ(aicn::topology::gpu_model(job->alternative_gpu_models[0]).name, "H800");
  EXPECT_EQ(aicn::topology::gpu_model(job->alternative_gpu_models[1]).name, "A800-80GB");
  try {
    reader.next();
    FAIL() << "an unclosed quote must fail";
  } catch (const aicn::config::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), path.string() + ":3: field 10: a quoted field does not end on its line (no closing '\"')");
  }
  std::filesystem::remove(path);
}
