// Which reader a trace needs, by content first and name second (`aicn workload stats FILE`).
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "aicn/workloads/trace_format.hpp"

using aicn::workloads::detect_trace_source;
using aicn::workloads::trace_source_from_content;
using aicn::workloads::trace_source_from_name;

TEST(TraceFormat, theFirstLineThatIsNotACommentDecides) {
  EXPECT_EQ(trace_source_from_content({"; Version: 2", "; Computer: x"}), "swf");
  EXPECT_EQ(trace_source_from_content({"1 0 10 100 8 -1 -1 8 200 -1 1 1 1 -1 1 -1 -1 -1"}), "swf");
  EXPECT_EQ(trace_source_from_content({"1 0 10 100 8 -1 -1 8 200 -1 1 1 1 -1 1 -1 -1"}), "") << "17 numbers are not SWF";
  EXPECT_EQ(trace_source_from_content({"{\"timestamp\": 0, \"input_length\": 6758, \"output_length\": 500}"}), "mooncake");
  EXPECT_EQ(trace_source_from_content({"TIMESTAMP,ContextTokens,GeneratedTokens"}), "azure-llm");
  EXPECT_EQ(trace_source_from_content({"name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,"
                                       "deletion_time,scheduled_time"}),
            "openb");
  EXPECT_EQ(trace_source_from_content({"# generated", "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes,priority"}),
            "aicn-csv");
  EXPECT_EQ(trace_source_from_content({"# a spec", "source: llm-mix"}), "");
  EXPECT_EQ(trace_source_from_content({}), "");
}

TEST(TraceFormat, theNameDecidesWhenTheContentDoesNot) {
  EXPECT_EQ(trace_source_from_name("openb_pod_list_default.csv"), "openb");
  EXPECT_EQ(trace_source_from_name("AzureLLMInferenceTrace_code.csv.gz"), "azure-llm");
  EXPECT_EQ(trace_source_from_name("jobs.csv.gz"), "aicn-csv");
  EXPECT_EQ(trace_source_from_name("log.swf.gz"), "swf");
  EXPECT_EQ(trace_source_from_name("conversation_trace.jsonl.gz"), "mooncake");
  EXPECT_EQ(trace_source_from_name("spec.yaml"), "");
}

TEST(TraceFormat, aGzippedFileIsReadThroughAndItsContentBeatsItsName) {
  const auto dir = std::filesystem::temp_directory_path() / ("aicn-format-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  // An SWF log, gzipped, under a name that says nothing.
  const std::string swf = "; Version: 2\n1 0 10 100 8 -1 -1 8 200 -1 1 1 1 -1 1 -1 -1 -1\n";
  gzFile out = gzopen((dir / "log.data").c_str(), "wb");
  gzwrite(out, swf.data(), static_cast<unsigned>(swf.size()));
  gzclose(out);
  EXPECT_EQ(detect_trace_source((dir / "log.data").string()), "swf");
  // An Azure trace saved as a .csv: its header, not the name's "aicn-csv".
  std::ofstream(dir / "requests.csv") << "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,4808,10\n";
  EXPECT_EQ(detect_trace_source((dir / "requests.csv").string()), "azure-llm");
  std::ofstream(dir / "spec.yaml") << "source: llm-mix\n";
  EXPECT_EQ(detect_trace_source((dir / "spec.yaml").string()), "");
  EXPECT_EQ(detect_trace_source((dir / "missing.swf").string()), "swf") << "unreadable: the name still tells";
  std::filesystem::remove_all(dir);
}
