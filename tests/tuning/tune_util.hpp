#pragma once
// What the tuner's tests share: a scratch directory, a key file, and a background process
// (an agent, a tuner to kill) whose output is read line by line.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace neo::test {

class TuneScratch {
public:
    explicit TuneScratch(const std::string& name)
        : path_(std::filesystem::temp_directory_path() / ("neo_test_tune_" + name + "_" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TuneScratch() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::filesystem::path operator/(const std::string& n) const { return path_ / n; }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline std::string write_key(const std::filesystem::path& file, const std::string& key) {
    std::ofstream(file) << key << "\n";
    return file.string();
}

// A child process running argv, its stdout and stderr into a pipe.
class Background {
public:
    explicit Background(const std::vector<std::string>& argv) {
        int fds[2];
        if (::pipe(fds) != 0) return;
        pid_ = ::fork();
        if (pid_ == 0) {
            ::dup2(fds[1], 1);
            ::dup2(fds[1], 2);
            ::close(fds[0]);
            ::close(fds[1]);
            std::vector<char*> args;
            for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
            ::execvp(args[0], args.data());
            ::_exit(127);
        }
        ::close(fds[1]);
        fd_ = fds[0];
    }
    ~Background() {
        kill(SIGKILL);
        if (fd_ >= 0) ::close(fd_);
    }
    pid_t pid() const { return pid_; }
    // The next line of output within `timeout`, else "" (also at the end of output).
    std::string line(std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
        const auto end = std::chrono::steady_clock::now() + timeout;
        ::fcntl(fd_, F_SETFL, O_NONBLOCK);
        while (std::chrono::steady_clock::now() < end) {
            if (auto nl = buf_.find('\n'); nl != std::string::npos) {
                std::string l = buf_.substr(0, nl);
                buf_.erase(0, nl + 1);
                return l;
            }
            char b[4096];
            const ssize_t n = ::read(fd_, b, sizeof b);
            if (n > 0) buf_.append(b, static_cast<std::size_t>(n));
            else if (n == 0) return "";
            else std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return "";
    }
    // Everything it printed until it ends (or `timeout`), and its exit status (-1: killed).
    std::string rest(int& status, std::chrono::seconds timeout = std::chrono::seconds(120)) {
        std::string all;
        const auto end = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < end) {
            std::string l = line(std::chrono::milliseconds(200));
            if (!l.empty()) all += l + "\n";
            else if (ended() && buf_.empty()) {
                all += line(std::chrono::milliseconds(200));  // what is left in the pipe
                break;
            }
        }
        if (!ended()) kill(SIGKILL);
        status = status_;
        return all + buf_;
    }
    void kill(int sig) {
        if (pid_ > 0 && !ended()) {
            ::kill(pid_, sig);
            wait();
        }
    }
    bool ended() {
        if (pid_ <= 0 || done_) return true;
        int st = 0;
        if (::waitpid(pid_, &st, WNOHANG) == pid_) record(st);
        return done_;
    }
    void wait() {
        int st = 0;
        if (!done_ && ::waitpid(pid_, &st, 0) == pid_) record(st);
    }

private:
    void record(int st) {
        done_ = true;
        status_ = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    }
    pid_t pid_ = -1;
    int fd_ = -1;
    bool done_ = false;
    int status_ = -1;
    std::string buf_;
};

// Starts `neo-tune --serve` (argv prefix `launcher` for emulation) on a free loopback
// port; returns the port, 0 when it did not come up.
inline int start_agent(Background& agent) {
    const std::string l = agent.line();
    const auto colon = l.rfind(':');
    if (l.find("listening on") == std::string::npos || colon == std::string::npos) return 0;
    return std::stoi(l.substr(colon + 1));
}

}  // namespace neo::test
