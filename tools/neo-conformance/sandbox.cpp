#include "sandbox.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "neo/core/util/error.hpp"

namespace fs = std::filesystem;

namespace neo::conformance {
namespace {

using Clock = std::chrono::steady_clock;

// A running child.
struct Child {
    std::size_t index;       // into cases
    pid_t pid;
    int fd;                  // read end of its result pipe
    Clock::time_point start;
    std::string out;         // what it wrote so far
    bool eof = false;
    bool killed = false;     // by us, for the timeout
};

fs::path scratch_dir(pid_t pid) {
    return fs::temp_directory_path() / ("neo-conformance-" + std::to_string(pid));
}

// In the child: run the case, write one JSON line, exit without running destructors of
// the parent's state.
[[noreturn]] void child_main(const Case& c, const ConformanceTarget& target, int fd) {
    std::string line;
    try {
        // Messages may quote bytes of the model that are not UTF-8: replace those.
        line = run_case(c, target, scratch_dir(::getpid()))
                   .to_json()
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    } catch (const std::exception& e) {
        CaseResult r;
        r.suite = c.suite;
        r.name = c.name;
        r.message = std::string("the runner failed on this case: ") + e.what();
        line = r.to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    for (std::size_t off = 0; off < line.size();) {
        ssize_t n = ::write(fd, line.data() + off, line.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        off += static_cast<std::size_t>(n);
    }
    ::close(fd);
    std::error_code ec;
    fs::remove_all(scratch_dir(::getpid()), ec);
    ::_exit(0);
}

Child spawn(const std::vector<Case>& cases, std::size_t i, const ConformanceTarget& target) {
    int p[2];
    if (::pipe(p) != 0) throw InternalError(std::string("pipe: ") + std::strerror(errno));
    pid_t pid = ::fork();
    if (pid < 0) throw InternalError(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        ::close(p[0]);
        child_main(cases[i], target, p[1]);
    }
    ::close(p[1]);
    return Child{i, pid, p[0], Clock::now(), {}, false, false};
}

// The result of a finished child from its output and wait status.
CaseResult finish(const Case& c, Child& ch, int status, int timeout_s) {
    std::error_code ec;
    fs::remove_all(scratch_dir(ch.pid), ec);
    CaseResult r;
    r.suite = c.suite;
    r.name = c.name;
    if (ch.killed) {
        r.message = "timed out after " + std::to_string(timeout_s) + " s";
        return r;
    }
    if (WIFSIGNALED(status)) {
        const char* name = ::sigabbrev_np(WTERMSIG(status));
        r.message = std::string("crashed: killed by signal SIG") + (name ? name : "?") + " (" +
                    ::strsignal(WTERMSIG(status)) + ")";
        return r;
    }
    try {
        return CaseResult::from_json(nlohmann::json::parse(ch.out));
    } catch (const std::exception&) {
        r.message = "the case's process ended (status " + std::to_string(WEXITSTATUS(status)) +
                    ") without a result";
        return r;
    }
}

}  // namespace

std::vector<CaseResult> run_sandboxed(const std::vector<Case>& cases, const SandboxOptions& opts) {
    std::vector<CaseResult> results(cases.size());
    std::vector<Child> running;
    std::size_t next = 0, done = 0;
    const auto timeout = std::chrono::seconds(opts.timeout_s);
    while (done < cases.size()) {
        while (next < cases.size() && running.size() < static_cast<std::size_t>(std::max(opts.jobs, 1)))
            running.push_back(spawn(cases, next++, opts.target));
        // Wait up to 100 ms for output from any child.
        std::vector<pollfd> fds;
        for (const auto& ch : running) fds.push_back({ch.eof ? -1 : ch.fd, POLLIN, 0});
        ::poll(fds.data(), fds.size(), 100);
        for (std::size_t k = 0; k < running.size(); ++k) {
            Child& ch = running[k];
            if (!ch.eof && (fds[k].revents & (POLLIN | POLLHUP | POLLERR))) {
                char buf[4096];
                ssize_t n = ::read(ch.fd, buf, sizeof buf);
                if (n > 0) ch.out.append(buf, static_cast<std::size_t>(n));
                else if (n == 0 || errno != EINTR) ch.eof = true;
            }
            if (!ch.killed && Clock::now() - ch.start > timeout) {
                ::kill(ch.pid, SIGKILL);
                ch.killed = true;
            }
        }
        // Reap the children that ended.
        for (auto it = running.begin(); it != running.end();) {
            int status = 0;
            if (!it->eof && !it->killed) { ++it; continue; }
            pid_t w = ::waitpid(it->pid, &status, it->killed ? 0 : WNOHANG);
            if (w == 0) { ++it; continue; }
            ::close(it->fd);
            results[it->index] = finish(cases[it->index], *it, status, opts.timeout_s);
            ++done;
            if (opts.on_result) opts.on_result(results[it->index], done, cases.size());
            it = running.erase(it);
        }
    }
    return results;
}

}  // namespace neo::conformance
