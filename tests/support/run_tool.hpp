#pragma once
// Runs a built tool and captures its exit status and output (stdout + stderr).
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace neo::test {

struct ToolResult {
    int status = -1;
    std::string output;
};

// Single-quotes one argument for /bin/sh.
inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

inline ToolResult run_tool(const std::string& command) {
    ToolResult r;
    FILE* p = ::popen((command + " 2>&1").c_str(), "r");
    if (!p) return r;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
    int st = ::pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

// A built tool of build/bin, quoted for the shell: tool("neo-build").
inline std::string tool(const std::string& name) {
    return shell_quote(std::string(NEO_BINARY_DIR "/bin/") + name);
}
inline std::string neo_build() { return tool("neo-build"); }

}  // namespace neo::test
