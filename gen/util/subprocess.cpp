#include "util/subprocess.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <stdexcept>

extern char** environ;

namespace snapgen {

namespace {

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (const auto& a : argv) out.push_back(const_cast<char*>(a.c_str()));
  out.push_back(nullptr);
  return out;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

// posix_spawn file actions, released on every path.
struct FileActions {
  posix_spawn_file_actions_t fa;
  FileActions() { posix_spawn_file_actions_init(&fa); }
  ~FileActions() { posix_spawn_file_actions_destroy(&fa); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
};

// `environ` with `extra` added (an entry replaces one of the same name), as KEY=VALUE strings.
std::vector<std::string> environment_with(const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::string> out;
  for (char** e = environ; e && *e; ++e) {
    const std::string entry(*e);
    bool replaced = false;
    for (const auto& [k, v] : extra) replaced = replaced || entry.rfind(k + "=", 0) == 0;
    if (!replaced) out.push_back(entry);
  }
  for (const auto& [k, v] : extra) out.push_back(k + "=" + v);
  return out;
}

pid_t spawn(const std::vector<std::string>& argv, FileActions& actions,
            const std::vector<std::pair<std::string, std::string>>& env = {}) {
  if (argv.empty()) throw std::runtime_error("cannot start a process with an empty argv");
  auto args = c_argv(argv);
  const std::vector<std::string> env_strings = env.empty() ? std::vector<std::string>{} : environment_with(env);
  auto envp = c_argv(env_strings);
  pid_t pid = 0;
  // posix_spawnp (not fork+exec; searches PATH): safe to call from the sweep executor's worker threads.
  char** const envv = env.empty() ? environ : envp.data();
  if (const int rc = ::posix_spawnp(&pid, args[0], &actions.fa, nullptr, args.data(), envv); rc != 0)
    throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  return pid;
}

}  // namespace

int run_command(const Command& cmd) {
  FileActions actions;
  const int mode = O_WRONLY | O_CREAT | (cmd.append ? O_APPEND : O_TRUNC);
  // Output files are opened before the chdir, so relative paths are relative to our directory.
  posix_spawn_file_actions_addopen(&actions.fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (!cmd.stdout_file.empty())
    posix_spawn_file_actions_addopen(&actions.fa, STDOUT_FILENO, cmd.stdout_file.c_str(), mode, 0644);
  if (!cmd.stderr_file.empty()) {
    if (cmd.stderr_file == cmd.stdout_file) posix_spawn_file_actions_adddup2(&actions.fa, STDOUT_FILENO, STDERR_FILENO);
    else posix_spawn_file_actions_addopen(&actions.fa, STDERR_FILENO, cmd.stderr_file.c_str(), mode, 0644);
  }
  if (!cmd.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions.fa, cmd.cwd.c_str());
  return wait_for(spawn(cmd.argv, actions, cmd.env));
}

int run_logged(const std::vector<std::string>& argv, const std::filesystem::path& log) {
  Command cmd;
  cmd.argv = argv;
  cmd.stdout_file = cmd.stderr_file = log;
  cmd.append = true;
  return run_command(cmd);
}

std::string run_captured(const std::vector<std::string>& argv, int& exit_code) {
  std::array<int, 2> fds{};
  if (::pipe(fds.data()) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  FileActions actions;
  posix_spawn_file_actions_adddup2(&actions.fa, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions.fa, fds[0]);
  posix_spawn_file_actions_addclose(&actions.fa, fds[1]);
  pid_t pid = 0;
  try {
    pid = spawn(argv, actions);
  } catch (...) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw;
  }
  ::close(fds[1]);
  std::string out;
  std::array<char, 4096> buf{};
  for (ssize_t n; (n = ::read(fds[0], buf.data(), buf.size())) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    out.append(buf.data(), static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  exit_code = wait_for(pid);
  return out;
}

std::filesystem::path self_executable() { return std::filesystem::read_symlink("/proc/self/exe"); }

std::string tail_lines(const std::filesystem::path& file, std::size_t lines) {
  std::ifstream in(file);
  std::deque<std::string> last;
  for (std::string line; std::getline(in, line);) {
    last.push_back(line);
    if (last.size() > lines) last.pop_front();
  }
  std::string out;
  for (const auto& l : last) out += l + "\n";
  return out;
}

}  // namespace snapgen
