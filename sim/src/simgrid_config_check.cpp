#include "aicn/sim/simgrid_config_check.hpp"

#include <simgrid/s4u/Engine.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include "aicn/topology/nearest_name.hpp"

namespace aicn::sim {
namespace {

// The child's report, one line each, on the pipe that also carries SimGrid's own messages.
constexpr std::string_view kTrying = "aicn-probe-trying ";
constexpr std::string_view kRefused = "aicn-probe-refused ";
constexpr std::string_view kAccepted = "aicn-probe-accepted";

void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

/// In the child: a fresh engine, then every setting as the run applies it. Never returns.
[[noreturn]] void probe(const Scenario& scenario, int fd) {
  ::dup2(fd, STDOUT_FILENO);
  ::dup2(fd, STDERR_FILENO);
  ::alarm(30);  // a setting that hangs SimGrid ends the probe, and the parent reports it
  try {
    int argc = 3;
    char program[] = "aicn";
    char quiet_config[] = "--log=xbt_cfg.thresh:warning";  // no "Configuration change" lines
    char plain[] = "--log=root.fmt:%m%n";                  // SimGrid's message without its prefix
    char* argv[] = {program, quiet_config, plain, nullptr};
    simgrid::s4u::Engine engine(&argc, argv);
    for (const auto& [key, value] : scenario.simgrid_config) {
      write_all(fd, std::string(kTrying) + key + "\n");
      simgrid::s4u::Engine::set_config(key + ":" + value);
    }
    write_all(fd, std::string(kAccepted) + "\n");
    ::_exit(0);
  } catch (const std::exception& e) {
    std::string message = e.what();
    for (char& c : message)
      if (c == '\n') c = '\x1f';  // one line on the pipe; split again by the parent
    write_all(fd, std::string(kRefused) + message + "\n");
  } catch (...) {
    write_all(fd, std::string(kRefused) + "unknown error\n");
  }
  ::_exit(3);
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  for (char c : text) {
    if (c == separator) {
      parts.push_back(part);
      part.clear();
    } else {
      part += c;
    }
  }
  parts.push_back(part);
  return parts;
}

std::string trim(std::string text) {
  const auto first = text.find_first_not_of(" \t.");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t.");
  return text.substr(first, last - first + 1);
}

/// "Bad config key: no/such/key ... Existing config keys:\n  name: (type)value" from SimGrid's
/// exception: the keys it lists, for the nearest one.
std::string unknown_key_message(const std::string& key, const std::vector<std::string>& lines) {
  std::vector<std::string> known;
  bool listing = false;
  for (const auto& line : lines) {
    if (line.starts_with("Existing config keys")) listing = true;
    else if (listing && line.starts_with("  ")) known.push_back(line.substr(2, line.find(':', 2) - 2));
  }
  const std::string hint = names::did_you_mean(key, known);
  return "unknown SimGrid setting '" + key + "'" +
         (hint.empty() ? " (see 'Configuring SimGrid' in the SimGrid 3.32 documentation)" : hint);
}

/// The values SimGrid lists when it refuses one, in either of its two forms:
/// "Model 'x' is invalid! Valid models are: a, b." and "Invalid value 'x' ... Possible values:\n  - 'a': ...".
std::string valid_values(const std::vector<std::string>& lines) {
  for (const auto& line : lines) {
    const auto at = line.find("Valid models are:");
    if (at != std::string::npos) return trim(line.substr(at + std::strlen("Valid models are:")));
  }
  std::string list;
  bool listing = false;
  for (const auto& line : lines) {
    if (line.find("Possible values:") != std::string::npos) listing = true;
    else if (listing && line.starts_with("  - '")) {
      const auto end = line.find('\'', 5);
      list += (list.empty() ? "" : ", ") + line.substr(5, end - 5);
    }
  }
  return list;
}

/// A person's reading of what SimGrid said about `value`.
std::string value_message(const std::string& value, const std::vector<std::string>& lines) {
  const std::string valid = valid_values(lines);
  if (!valid.empty()) return "'" + value + "' is not a valid value (valid: " + valid + ")";
  std::string said;
  for (const auto& line : lines)
    if (!trim(line).empty()) {
      said = trim(line);
      break;
    }
  if (said == "invalid double" || said == "out of range") return "'" + value + "' is not a valid value (SimGrid expects a number)";
  if (said == "invalid integer" || said == "overflow" || said == "underflow")
    return "'" + value + "' is not a valid value (SimGrid expects an integer that fits an int)";
  if (said == "not a boolean") return "'" + value + "' is not a valid value (SimGrid expects yes/no, on/off, true/false or 1/0)";
  return "'" + value + "' is not a valid value" + (said.empty() || said == "invalid value" ? "" : " (SimGrid: " + said + ")");
}

}  // namespace

void check_simgrid_config(const Scenario& scenario) {
  if (scenario.simgrid_config_source.empty()) return;
  for (const auto& [key, source] : scenario.simgrid_config_source) {
    const std::string value = source.text();
    // "help" makes SimGrid print its help and exit 0; a space or comma splits the setting.
    if (value == "help") source.fail("'help' is not a value (see 'Configuring SimGrid' in the SimGrid 3.32 documentation)");
    if (value.find_first_of(" \t\n,") != std::string::npos)
      source.fail("'" + value + "' is not a valid value (a SimGrid setting takes one value without spaces or commas)");
  }

  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("cannot check the simgrid settings: " + std::string(std::strerror(errno)));
  std::fflush(nullptr);  // nothing buffered is written twice by the child
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("cannot check the simgrid settings: " + std::string(std::strerror(errno)));
  if (pid == 0) {
    ::close(fds[0]);
    probe(scenario, fds[1]);
  }
  ::close(fds[1]);
  std::string output;
  char buffer[4096];
  while (true) {
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    output.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }

  // What the child tried last, and what was said after it.
  std::string key;
  std::vector<std::string> said;
  bool accepted = false;
  for (const auto& line : split(output, '\n')) {
    if (line.starts_with(kTrying)) {
      key = line.substr(kTrying.size());
      said.clear();
    } else if (line.starts_with(kRefused)) {
      for (const auto& part : split(line.substr(kRefused.size()), '\x1f')) said.push_back(part);
    } else if (line == kAccepted) {
      accepted = true;
    } else {
      said.push_back(line);
    }
  }
  if (accepted && WIFEXITED(status) && WEXITSTATUS(status) == 0) return;

  const auto found = scenario.simgrid_config_source.find(key);
  if (found == scenario.simgrid_config_source.end()) {
    // AICN's own default refused, or the engine would not start: not the scenario's fault.
    std::string first = said.empty() ? "" : trim(said.front());
    throw std::runtime_error("SimGrid refused its configuration" + (key.empty() ? "" : " at '" + key + "'") +
                             (first.empty() ? "" : ": " + first));
  }
  const config::ConfigNode& source = found->second;
  for (const auto& line : said)
    if (line.starts_with("Bad config key")) source.fail(unknown_key_message(key, said));
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
    source.fail("SimGrid did not accept '" + source.text() + "' within 30 s");
  source.fail(value_message(source.text(), said));
}

}  // namespace aicn::sim
