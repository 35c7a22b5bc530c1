// TimeSeries and its CSV reader: step and linear values, loop and fail past the end, date-time
// rows placed at an origin, bad rows named by file, line and column, and the real German 2020
// carbon curve (.csv.gz). Expected values are worked out by hand in the comments.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "aicn_test_support.hpp"
#include "aicn/topology/time_series.hpp"
#include "aicn/workloads/series_reader.hpp"

using namespace aicn;
using topology::SeriesSpec;

namespace {

/// Writes `text` to a file in the test's scratch folder and returns a spec reading it.
SeriesSpec spec_for(const std::string& text, SeriesSpec::Interpolation interpolation, SeriesSpec::AfterEnd after_end,
                    const std::string& origin = "") {
  const auto path = aicn_test::test_scratch() / "series.csv";
  std::ofstream(path) << text;
  SeriesSpec spec;
  spec.file = path.string();
  spec.interpolation = interpolation;
  spec.after_end = after_end;
  spec.origin = origin;
  return spec;
}

// Three hourly rows: 100, 300, 200; the last lasts one hour too, so the series covers [0, 3 h).
const char* kThreeSteps = "time,value\n0,100\n3600,300\n7200,200\n";

std::string error_of(const SeriesSpec& spec) {
  try {
    workloads::read_time_series(spec, "carbon intensity gCO2e/kWh");
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(TimeSeries, stepHoldsEachRowUntilTheNext) {
  const auto s = workloads::read_time_series(spec_for(kThreeSteps, SeriesSpec::Interpolation::STEP, SeriesSpec::AfterEnd::FAIL), "v");
  EXPECT_EQ(s.start_s(), 0.0);
  EXPECT_EQ(s.end_s(), 10800.0);
  EXPECT_EQ(s.at(0.0), 100.0);
  EXPECT_EQ(s.at(3599.0), 100.0);
  EXPECT_EQ(s.at(3600.0), 300.0);
  EXPECT_EQ(s.at(10799.0), 200.0);
  EXPECT_EQ(s.next_change_after(0.0), 3600.0);
  EXPECT_EQ(s.next_change_after(3600.0), 7200.0);
  EXPECT_EQ(s.next_change_after(8000.0), 10800.0);
  EXPECT_EQ(s.mean_over(3600.0, 5000.0), 300.0);
}

TEST(TimeSeries, linearInterpolatesAndItsSegmentMeanIsTheMeanOfTheEnds) {
  const auto fail = workloads::read_time_series(spec_for(kThreeSteps, SeriesSpec::Interpolation::LINEAR, SeriesSpec::AfterEnd::FAIL), "v");
  EXPECT_DOUBLE_EQ(fail.at(1800.0), 200.0);  // halfway from 100 to 300
  EXPECT_DOUBLE_EQ(fail.at(5400.0), 250.0);  // halfway from 300 to 200
  EXPECT_DOUBLE_EQ(fail.at(9000.0), 200.0);  // the last interval is held when not looping
  EXPECT_DOUBLE_EQ(fail.mean_over(0.0, 3600.0), 200.0);
  EXPECT_DOUBLE_EQ(fail.mean_over(1800.0, 3600.0), 250.0);  // (200 + 300) / 2
  // Looping, the last interval leads back to the first value: 200 -> 100 over [2 h, 3 h).
  const auto loop = workloads::read_time_series(spec_for(kThreeSteps, SeriesSpec::Interpolation::LINEAR, SeriesSpec::AfterEnd::LOOP), "v");
  EXPECT_DOUBLE_EQ(loop.at(9000.0), 150.0);
  EXPECT_DOUBLE_EQ(loop.mean_over(7200.0, 10800.0), 150.0);
}

TEST(TimeSeries, loopRepeatsTheSeriesAndFailNamesTheFileAndTimes) {
  const auto loop = workloads::read_time_series(spec_for(kThreeSteps, SeriesSpec::Interpolation::STEP, SeriesSpec::AfterEnd::LOOP), "v");
  EXPECT_EQ(loop.at(10800.0 + 1800.0), 100.0);  // second cycle, first hour
  EXPECT_EQ(loop.at(10 * 10800.0 + 4000.0), 300.0);
  EXPECT_EQ(loop.next_change_after(10800.0 + 100.0), 14400.0);
  EXPECT_EQ(loop.next_change_after(10799.0), 10800.0);

  const auto spec = spec_for(kThreeSteps, SeriesSpec::Interpolation::STEP, SeriesSpec::AfterEnd::FAIL);
  const auto fail = workloads::read_time_series(spec, "v");
  EXPECT_EQ(fail.at(10800.0), 200.0);  // closed at the end: a run may stop exactly there
  try {
    fail.at(10801.0);
    FAIL() << "no error past the end";
  } catch (const topology::SeriesRangeError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(spec.file), std::string::npos) << message;
    EXPECT_NE(message.find("0 s to 10800 s"), std::string::npos) << message;
    EXPECT_NE(message.find("at 10801 s"), std::string::npos) << message;
  }
  EXPECT_THROW(fail.mean_over(9000.0, 10801.0), topology::SeriesRangeError);
}

TEST(TimeSeries, dateTimeRowsArePlacedAtTheirOffsetFromTheOrigin) {
  // 2020-01-01 00:00 is 1577836800 s after 1970-01-01 (the Unix time of that instant).
  EXPECT_EQ(topology::parse_date_time_s("2020-01-01 00:00"), 1577836800.0);
  EXPECT_EQ(topology::parse_date_time_s("2020-01-01 00:00:30"), 1577836830.0);
  EXPECT_FALSE(topology::parse_date_time_s("2020-13-01 00:00"));
  EXPECT_FALSE(topology::parse_date_time_s("2020-01-01"));
  const auto s = workloads::read_time_series(
      spec_for("Time,Carbon Intensity\n2019-12-31 23:00:00,50\n2020-01-01 00:00:00,70\n2020-01-01 00:30:00,90\n",
               SeriesSpec::Interpolation::STEP, SeriesSpec::AfterEnd::FAIL, "2020-01-01 00:00"),
      "v");
  EXPECT_EQ(s.start_s(), -3600.0);
  EXPECT_EQ(s.at(0.0), 70.0);
  EXPECT_EQ(s.at(1800.0), 90.0);
  EXPECT_EQ(s.end_s(), 3600.0);  // the last row lasts 30 min like the one before it
}

TEST(TimeSeries, badRowsNameFileLineColumnAndValue) {
  const auto step = SeriesSpec::Interpolation::STEP;
  const auto fail = SeriesSpec::AfterEnd::FAIL;
  const auto bad_value = spec_for("time,value\n0,100\n3600,abc\n", step, fail);
  EXPECT_EQ(error_of(bad_value), bad_value.file + ":3: column 2 (carbon intensity gCO2e/kWh): must be a finite number of zero or more, got 'abc'");
  const auto negative = spec_for("0,100\n3600,-1\n", step, fail);
  EXPECT_EQ(error_of(negative), negative.file + ":2: column 2 (carbon intensity gCO2e/kWh): must be a finite number of zero or more, got '-1'");
  const auto bad_time = spec_for("time,value\n0,100\nnoon,5\n", step, fail);
  EXPECT_NE(error_of(bad_time).find(bad_time.file + ":3: column 1 (time): not seconds or a date-time"), std::string::npos)
      << error_of(bad_time);
  const auto backwards = spec_for("0,1\n3600,2\n3600,3\n", step, fail);
  EXPECT_EQ(error_of(backwards), backwards.file + ":3: column 1 (time): times must increase, got '3600' after 3600 s");
  const auto columns = spec_for("0,1\n60,2,3\n", step, fail);
  EXPECT_NE(error_of(columns).find(columns.file + ":2: a series row is 'time,value' (2 columns), got 3"), std::string::npos);
  const auto one_row = spec_for("time,value\n0,1\n", step, fail);
  EXPECT_NE(error_of(one_row).find("at least two rows"), std::string::npos) << error_of(one_row);
  const auto late = spec_for("60,1\n120,2\n", step, fail);
  EXPECT_NE(error_of(late).find("starts 60 s after simulated time 0"), std::string::npos) << error_of(late);
  auto missing = spec_for("", step, fail);
  missing.file += ".absent";
  EXPECT_NE(error_of(missing).find("cannot open"), std::string::npos) << error_of(missing);
}

TEST(TimeSeries, readsTheRealGerman2020CurveCompressed) {
  const std::filesystem::path file = std::filesystem::path(AICN_SHARED_DATA_DIR) / "carbon_intensity_eu2020/ger_ci.csv.gz";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "no shared data at " << file;
  SeriesSpec spec;
  spec.file = file.string();
  spec.origin = "2020-01-01 00:00";
  const auto s = workloads::read_time_series(spec, "v");
  // First row 2019-12-20 00:00 (12 days before the origin); last 2021-01-09 23:00 plus 15 min
  // = 366 + 8 days + 23 h 15 min after the origin. Values read off the file with zcat.
  EXPECT_EQ(s.start_s(), -12 * 86400.0);
  EXPECT_EQ(s.end_s(), 374 * 86400.0 + 23.25 * 3600.0);
  EXPECT_DOUBLE_EQ(s.at(0.0), 353.3198751441949);
  EXPECT_DOUBLE_EQ(s.at(900.0), 353.5484876655179);
}
