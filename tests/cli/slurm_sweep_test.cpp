// `aicn sweep --backend slurm` against a real one-node Slurm (munged, slurmctld, slurmd on
// localhost, every file in the test's scratch folder; facts in shared/design/slurm-local.md).
// The daemons are stopped by the PIDs in their own pid files. Skipped, saying so, when the
// Slurm or munge binaries are absent or the test does not run as root (slurmd must).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include "aicn_test_support.hpp"
#include "sweep_fixture.hpp"

using aicn_test::read_file;
using aicn_test::run_command;

namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string missing_binaries() {
  std::string missing;
  for (const char* binary : {"/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch", "/usr/bin/squeue",
                             "/usr/bin/scancel", "/usr/bin/sinfo"})
    if (access(binary, X_OK) != 0) missing += std::string(missing.empty() ? "" : ", ") + binary;
  return missing;
}

/// A Slurm cluster of one node, up from the constructor (check `ready`) to the destructor.
class LocalSlurm {
 public:
  // A short folder of its own: munged's socket path must fit in 108 bytes (sun_path), which a
  // folder named after the test may not.
  LocalSlurm() : dir_(fs::temp_directory_path() / ("aicn-slurm-" + std::to_string(getpid()))) {
    const fs::path& dir = dir_;
    fs::remove_all(dir);
    fs::create_directories(dir / "munge");
    fs::permissions(dir / "munge", fs::perms::owner_all);
    fs::create_directories(dir / "state");
    fs::create_directories(dir / "spool");
    const std::string d = dir.string();
    // Ports from the pid, so that two test processes do not meet.
    const int port = 20000 + static_cast<int>(getpid() % 10000) * 2;
    sweep_fixture::write(dir / "slurm.conf",
                          "ClusterName=aicntest\nSlurmctldHost=localhost\nSlurmctldPort=" + std::to_string(port) +
                              "\nSlurmdPort=" + std::to_string(port + 1) +
                              "\nSlurmUser=root\nSlurmdUser=root\nAuthType=auth/munge\nCredType=cred/munge\n"
                              "AuthInfo=socket=" + d + "/munge/munge.socket\n"
                              "StateSaveLocation=" + d + "/state\nSlurmdSpoolDir=" + d + "/spool\n"
                              "SlurmctldPidFile=" + d + "/slurmctld.pid\nSlurmdPidFile=" + d + "/slurmd.pid\n"
                              "SlurmctldLogFile=" + d + "/slurmctld.log\nSlurmdLogFile=" + d + "/slurmd.log\n"
                              "ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\nJobAcctGatherType=jobacct_gather/none\n"
                              "SelectType=select/cons_tres\nSelectTypeParameters=CR_Core\nReturnToService=2\nMpiDefault=none\n"
                              // Schedule every second (the default waits up to 30 s between backfill passes).
                              "SchedulerParameters=sched_interval=1,bf_interval=1\n"
                              "NodeName=localhost CPUs=2 State=UNKNOWN\n"
                              "PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP\n");
    setenv("SLURM_CONF", (dir / "slurm.conf").c_str(), 1);
    const auto started = run_command("head -c 1024 /dev/urandom > " + d + "/munge/munge.key && chmod 400 " + d +
                                     "/munge/munge.key && /usr/sbin/munged --force -S " + d + "/munge/munge.socket --key-file=" +
                                     d + "/munge/munge.key --log-file=" + d + "/munge/munged.log --pid-file=" + d +
                                     "/munge/munged.pid --seed-file=" + d + "/munge/munged.seed && /usr/sbin/slurmctld -f " + d +
                                     "/slurm.conf && /usr/sbin/slurmd -f " + d + "/slurm.conf -N localhost");
    start_output_ = started.output;
    if (started.exit_code != 0) return;
    for (int i = 0; i < 100 && !ready_; ++i) {  // idle within a second here; 20 s at most
      ready_ = contains(run_command("/usr/bin/sinfo -h -o %T").output, "idle");
      if (!ready_) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  ~LocalSlurm() {
    // By PID from each daemon's own pid file, never by name: other Slurm or munge processes
    // on the machine are not ours.
    // All three at once: each takes about 2 s to shut down.
    std::vector<pid_t> pids;
    for (const char* file : {"slurmd.pid", "slurmctld.pid", "munge/munged.pid"}) {
      const pid_t pid = static_cast<pid_t>(std::atol(read_file(dir_ / file).c_str()));
      if (pid > 1 && kill(pid, SIGTERM) == 0) pids.push_back(pid);
    }
    for (const pid_t pid : pids) {
      for (int i = 0; i < 100 && kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (kill(pid, 0) == 0) kill(pid, SIGKILL);
    }
    unsetenv("SLURM_CONF");
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  bool ready() const { return ready_; }
  std::string why_not() const {
    return start_output_ + read_file(dir_ / "slurmctld.log").substr(0, 2000) + read_file(dir_ / "slurmd.log").substr(0, 2000);
  }

 private:
  fs::path dir_;
  bool ready_ = false;
  std::string start_output_;
};

struct Scratch {
  fs::path dir = aicn_test::test_scratch();
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
};

#define REQUIRE_SLURM()                                                                                          \
  if (const std::string missing = missing_binaries(); !missing.empty())                                         \
    GTEST_SKIP() << "Slurm test skipped: missing " << missing << " (Debian packages slurm-wlm and munge)";       \
  if (geteuid() != 0) GTEST_SKIP() << "Slurm test skipped: slurmd must run as root"

/// `timeout` guards the test against a Slurm that never runs the array.
std::string sweep_command(const fs::path& dir, const std::string& out, const std::string& options) {
  return "timeout 120 " + std::string(AICN_BINARY) + " sweep " + (dir / "grid.yaml").string() + " --out " + (dir / out).string() +
         " " + options;
}

}  // namespace

TEST(SlurmSweep, theSlurmBackEndGivesTheLocalBackEndsFigures) {
  REQUIRE_SLURM();
  const Scratch s;
  const LocalSlurm slurm;
  ASSERT_TRUE(slurm.ready()) << slurm.why_not();
  sweep_fixture::write(s.dir / "base.yaml", sweep_fixture::kBase);
#ifdef __SANITIZE_ADDRESS__
  sweep_fixture::write(s.dir / "grid.yaml", sweep_fixture::grid("1-3"));  // runs are 10x slower there
#else
  sweep_fixture::write(s.dir / "grid.yaml", sweep_fixture::grid("1-5"));
#endif
  const auto local = run_command(sweep_command(s.dir, "local", "--jobs 2"));
  ASSERT_EQ(local.exit_code, 0) << local.output;
  // 20 runs (12 under the sanitizers) in chunks of 10: an array of 2 tasks, one per core.
  const auto on_slurm = run_command(sweep_command(s.dir, "slurm", "--backend slurm --chunk 10 --time 00:10:00 --sbatch=--mem=0"));
  ASSERT_EQ(on_slurm.exit_code, 0) << on_slurm.output << slurm.why_not();
  const std::string script = read_file(s.dir / "slurm" / "slurm" / "array-attempt1.sh");
  EXPECT_TRUE(contains(script, "#SBATCH --array=0-1\n")) << script;
  EXPECT_TRUE(contains(script, "#SBATCH --requeue\n"));
  EXPECT_TRUE(contains(script, "#SBATCH --time=00:10:00\n"));
  EXPECT_TRUE(contains(script, "#SBATCH --mem=0\n"));
  for (const char* file : {"sweep.csv", "sweep_stats.csv"}) {
    const std::string figures = read_file(s.dir / "local" / file);
    EXPECT_GT(figures.size(), 1000u) << file;
    EXPECT_TRUE(figures == read_file(s.dir / "slurm" / file)) << file << " differs between the back ends";
  }
}

// A task cancelled while its run is under way leaves no complete run folder; the sweep says
// which run is missing and fails, and the next sweep runs that one only.
TEST(SlurmSweep, aKilledArrayTaskIsTheOnlyRunOfTheNextSweep) {
  REQUIRE_SLURM();
  const Scratch s;
  const LocalSlurm slurm;
  ASSERT_TRUE(slurm.ready()) << slurm.why_not();
  // Runs of about two seconds (one-minute samples over 40 days of busy arrivals), so there is
  // time to cancel one mid-run.
  std::string base = sweep_fixture::kBase;
#ifdef __SANITIZE_ADDRESS__
  base.replace(base.find("horizon: 6h"), 11, "horizon: 4d");  // ASan and -O0 make a run about 10x slower
#else
  base.replace(base.find("horizon: 6h"), 11, "horizon: 40d");
#endif
  base.replace(base.find("sample_interval: 1h"), 19, "sample_interval: 1min");
  base.replace(base.find("arrivals_per_hour: 6"), 20, "arrivals_per_hour: 200");
  sweep_fixture::write(s.dir / "base.yaml", base);
  sweep_fixture::write(s.dir / "grid.yaml", "name: grid\nbase: base.yaml\nseeds: 1-2\nretries: 0\naxes:\n  policy.name: [least-loaded]\n");
  const fs::path out = s.dir / "out";
  const fs::path log = out / "logs" / "least-loaded-seed2.log";
  const std::string sweep = sweep_command(s.dir, "out", "--backend slurm");
  // The first sweep in the background; cancel array task 1 (seed 2) once its run has begun.
  // (The subshell's own output goes to /dev/null, or popen would wait for it to end.)
  ASSERT_EQ(run_command("(" + sweep + " > " + (s.dir / "first.txt").string() + " 2>&1; echo $? > " + (s.dir / "first.rc").string() +
                        ") > /dev/null 2>&1 &").exit_code, 0);
  bool cancelled = false;
  for (int i = 0; i < 300 && !cancelled; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const std::string job = read_file(out / "slurm" / "sbatch-attempt1.out");
    if (!fs::exists(log) || job.empty()) continue;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const std::string id = job.substr(0, job.find_first_of(";\n"));
    cancelled = run_command("/usr/bin/scancel " + id + "_1").exit_code == 0;
  }
  ASSERT_TRUE(cancelled) << read_file(s.dir / "first.txt") << slurm.why_not();
  for (int i = 0; i < 600 && !fs::exists(s.dir / "first.rc"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  for (int i = 0; i < 50 && read_file(s.dir / "first.rc").empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const std::string first = read_file(s.dir / "first.txt");
  EXPECT_EQ(read_file(s.dir / "first.rc"), "1\n") << first;
  EXPECT_TRUE(contains(first, "aicn: run failed: least-loaded seed 2 after 1 attempt; log " + log.string())) << first;
  EXPECT_TRUE(fs::exists(out / "cells" / "least-loaded" / "seed1" / "run" / "summary.json")) << first;
  EXPECT_FALSE(fs::exists(out / "cells" / "least-loaded" / "seed2" / "run" / "summary.json"));
  const std::string seed1_id = aicn_test::read_json(out / "cells" / "least-loaded" / "seed1" / "run" / "summary.json")["run_id"];

  const auto second = run_command(sweep);
  ASSERT_EQ(second.exit_code, 0) << second.output << slurm.why_not();
  EXPECT_TRUE(contains(second.output, "2 runs, 1 already done, 1 to run (slurm back end)")) << second.output;
  EXPECT_TRUE(contains(read_file(out / "slurm" / "array-attempt1.sh"), "#SBATCH --array=0-0\n"));
  EXPECT_EQ(aicn_test::read_json(out / "cells" / "least-loaded" / "seed1" / "run" / "summary.json")["run_id"], seed1_id);
  EXPECT_TRUE(fs::exists(out / "cells" / "least-loaded" / "seed2" / "run" / "summary.json"));
  EXPECT_TRUE(fs::exists(out / "sweep.csv"));
}
