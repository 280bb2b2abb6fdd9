// tests/server/server_process.cpp: see server_process.h.
//
// The child's stdout and stderr go to one pipe; the parent reads it until the "listening on"
// line names the port, so no port is ever guessed or raced for.
#include "tests/server/server_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/domain/sha256.h"
#include "core/store_postgres/postgres_server_store.h"

namespace aduan::testing {

std::string server_binary() {
  const char* chosen = std::getenv("ADUAN_TEST_SERVER_BINARY");
  return chosen != nullptr && *chosen != '\0' ? chosen : ADUAN_SERVER_BINARY;
}

bool server_tests_on_postgres() {
  const char* chosen = std::getenv("ADUAN_TEST_ON_POSTGRES");
  return chosen != nullptr && std::string_view(chosen) == "1";
}

std::string postgres_schema_of(const std::string& data_dir) {
  // weakly_canonical resolves the links of the part that exists and normalizes the rest, as
  // realpath -m does; realpath writes no trailing separator.
  std::string path =
      std::filesystem::weakly_canonical(std::filesystem::absolute(data_dir)).string();
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return "s_" + domain::sha256_hex(std::string_view(path)).substr(0, 16);
}

Result<store::ServerStore> open_server_database(const std::string& data_dir) {
  if (!server_tests_on_postgres()) return store::ServerStore::open(data_dir + "/aduan.db");
  return store::open_postgres_server_store("postgresql://?options=-csearch_path%3D" +
                                           postgres_schema_of(data_dir));
}

namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Each `\x` run of hex digits in pg_dump's text, decoded.
std::string decoded_bytea(const std::string& dump) {
  std::string decoded;
  for (std::size_t at = dump.find("\\x"); at != std::string::npos; at = dump.find("\\x", at)) {
    at += 2;
    while (at + 1 < dump.size() && hex_digit(dump[at]) >= 0 && hex_digit(dump[at + 1]) >= 0) {
      decoded += static_cast<char>(hex_digit(dump[at]) * 16 + hex_digit(dump[at + 1]));
      at += 2;
    }
    decoded += '\n';
  }
  return decoded;
}

}  // namespace

std::string server_database_contents(const std::string& data_dir) {
  if (!server_tests_on_postgres())
    return file_bytes(data_dir + "/aduan.db") + file_bytes(data_dir + "/aduan.db-wal");
  const std::string command = "pg_dump --data-only --schema=" + postgres_schema_of(data_dir);
  std::string dump;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[4096];
    std::size_t count;
    while ((count = fread(buffer, 1, sizeof buffer, pipe)) > 0) dump.append(buffer, count);
    pclose(pipe);
  }
  return dump + decoded_bytea(dump);
}

std::string make_temp_dir(const char* prefix) {
  std::random_device random;
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto path = std::filesystem::temp_directory_path() /
                (std::string(prefix) + std::to_string(random()) + std::to_string(random()));
    if (std::filesystem::create_directory(path)) return path.string();
  }
  std::abort();
}

ServerProcess::ServerProcess(std::vector<std::string> extra_args, std::string data_dir) {
  own_data_dir_ = data_dir.empty();
  data_dir_ = own_data_dir_ ? make_temp_dir("aduan-server-test-") : std::move(data_dir);
  std::vector<std::string> args = {server_binary(), "--port", "0", "--data-dir", data_dir_};
  args.insert(args.end(), extra_args.begin(), extra_args.end());

  int fds[2];
  if (pipe(fds) != 0) return;
  pid_ = fork();
  if (pid_ == 0) {
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  output_fd_ = fds[0];
  fcntl(output_fd_, F_SETFL, O_NONBLOCK);

  // A bound, not a wait: the loop ends as soon as the server says it listens. A sanitized server
  // on a machine busy with the browser tests has taken over 15 s to get there.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  const std::string marker = "listening on http://";
  while (std::chrono::steady_clock::now() < deadline) {
    collect_output(100);
    auto at = output_.find(marker);
    if (at != std::string::npos) {
      auto colon = output_.find(':', at + marker.size());
      auto end = output_.find('\n', colon);
      if (colon != std::string::npos && end != std::string::npos) {
        port_ = std::atoi(output_.substr(colon + 1, end - colon - 1).c_str());
        return;
      }
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) kill_hard();
  if (output_fd_ >= 0) close(output_fd_);
  if (own_data_dir_) {
    std::error_code ignored;
    std::filesystem::remove_all(data_dir_, ignored);
  }
}

void ServerProcess::collect_output(int timeout_ms) {
  if (output_fd_ < 0) return;
  pollfd poll_fd{output_fd_, POLLIN, 0};
  if (poll(&poll_fd, 1, timeout_ms) <= 0) return;
  char buffer[4096];
  ssize_t count;
  while ((count = read(output_fd_, buffer, sizeof buffer)) > 0)
    output_.append(buffer, static_cast<size_t>(count));
}

httplib::Client ServerProcess::client() const {
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(15, 0);
  return client;
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  return wait_for_exit();
}

int ServerProcess::wait_for_exit() {
  if (pid_ <= 0) return -1;
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  collect_output(0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ServerProcess::output() const {
  const_cast<ServerProcess*>(this)->collect_output(0);
  return output_;
}

}  // namespace aduan::testing
