#include "emulate.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <vector>
#ifndef _WIN32
#include <unistd.h>
#endif

#include "errors.hpp"

namespace neo::run {
namespace {

struct Emulator {
    const char* arch;     // model.json's target.arch
    const char* triple;   // the device build's folder
    const char* runner;   // qemu-user binary, or wine
    const char* sysroot;  // the target's libc for qemu -L (Debian's cross packages); "" for Wine
    const char* package;  // Debian package that provides it (Wine: the runner's packages)
};

constexpr Emulator kEmulators[] = {
    {"ARM64", "aarch64-linux-gnu", "qemu-aarch64", "/usr/aarch64-linux-gnu", "libc6-arm64-cross"},
    {"ARM_EABIHF", "arm-linux-gnueabihf", "qemu-arm", "/usr/arm-linux-gnueabihf", "libc6-armhf-cross"},
};
constexpr Emulator kWine = {"X86_64", "x86_64-w64-mingw32", "wine", "", "wine wine64"};

const Emulator& emulator_for(const ArtifactTarget& t) {
    if (is_windows(t)) {
        if (t.arch == "X86_64" || t.arch.empty()) return kWine;
        throw InputError("cannot emulate an artifact built for Windows on " + t.arch + " (" + t.triple +
                         ") here: --emulate runs x86-64 Windows artifacts under Wine; run it on such a machine");
    }
    if (t.triple.find("android") != std::string::npos)
        throw InputError("the artifact is built for Android (" + t.triple +
                         "); run it on the device (e.g. with adb): --emulate covers Linux ARM64 and ARM_EABIHF and "
                         "x86-64 Windows");
    std::string arch = t.arch;
    if (arch.empty()) {  // older model.json: guess from the triple
        if (t.triple.rfind("aarch64", 0) == 0) arch = "ARM64";
        else if (t.triple.rfind("arm", 0) == 0 && t.triple.find("hf") != std::string::npos) arch = "ARM_EABIHF";
    }
    for (const Emulator& e : kEmulators)
        if (arch == e.arch) return e;
    throw InputError("cannot emulate an artifact built for " + (arch.empty() ? std::string("?") : arch) + " (" +
                     t.triple + ") here: --emulate covers Linux ARM64 and ARM_EABIHF and x86-64 Windows; run it on "
                     "such a machine");
}

#ifndef _WIN32
bool is_file(const std::string& p) { return ::access(p.c_str(), F_OK) == 0; }
bool is_executable(const std::string& p) { return ::access(p.c_str(), X_OK) == 0; }

std::string find_in_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    std::size_t start = 0;
    for (;;) {
        std::size_t end = dirs.find(':', start);
        std::string dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
        std::string file = (dir.empty() ? std::string(".") : dir) + '/' + name;
        if (is_executable(file)) return file;
        if (end == std::string::npos) return "";
        start = end + 1;
    }
}

// The folder holding this neo-run.
std::string own_dir() {
    std::vector<char> buf(PATH_MAX + 1);
    ssize_t n = ::readlink("/proc/self/exe", buf.data(), buf.size() - 1);
    if (n <= 0) throw InputError("--emulate: cannot find where this neo-run lives (/proc/self/exe)");
    std::string exe(buf.data(), static_cast<std::size_t>(n));
    return exe.substr(0, exe.find_last_of('/'));
}
#endif

}  // namespace

std::string device_triple(const ArtifactTarget& t) { return emulator_for(t).triple; }

#ifdef _WIN32
void exec_emulated(const ArtifactTarget&, const Options&) {
    throw InputError("--emulate is not available on Windows: run the artifact on a device of its target");
}
#else

void exec_emulated(const ArtifactTarget& t, const Options& o) {
    const Emulator& e = emulator_for(t);
    const bool wine = *e.sysroot == '\0';
    std::string dir = own_dir();
    // Build tree: build/bin/neo-run beside build/device/<triple>/; install tree:
    // <prefix>/bin/neo-run beside <prefix>/lib/neo/device/<triple>/.
    const std::string exe = wine ? "/bin/neo-run.exe" : "/bin/neo-run";
    const std::string candidates[] = {dir + "/../device/" + e.triple + exe,
                                      dir + "/../lib/neo/device/" + e.triple + exe};
    std::string device_run;
    for (const auto& c : candidates)
        if (is_file(c)) {
            device_run = c;
            break;
        }
    if (device_run.empty())
        throw InputError("--emulate: no neo-run built for " + std::string(e.triple) + " (looked for " + candidates[0] +
                         " and " + candidates[1] + "); build it with scripts/build_device_runtime.sh " + e.triple);
    std::string runner = find_in_path(e.runner);
    if (runner.empty() && !wine) runner = find_in_path(std::string(e.runner) + "-static");
    if (runner.empty() && wine && is_executable("/usr/lib/wine/wine64")) runner = "/usr/lib/wine/wine64";  // no 'wine' package
    if (runner.empty())
        throw InputError("--emulate: " + std::string(e.runner) + " is not on the PATH; install " +
                         (wine ? "Wine (apt-get install " + std::string(e.package) + ")"
                               : std::string("qemu-user (apt-get install qemu-user)")));
    std::vector<std::string> args = {runner};
    if (wine) {
        // Wine's own diagnostics are not the model's; paths stay Unix paths (drive Z: is /).
        ::setenv("WINEDEBUG", "-all", 0);
    } else {
        const char* prefix = std::getenv("QEMU_LD_PREFIX");
        std::string sysroot = prefix && *prefix ? prefix : e.sysroot;
        if (!is_file(sysroot + "/lib"))
            throw InputError("--emulate: the " + std::string(e.triple) + " C library is not at " + sysroot +
                             "; install " + e.package + " (apt-get install " + e.package +
                             ") or set QEMU_LD_PREFIX to the target's root");
        args.insert(args.end(), {"-L", sysroot});
    }
    args.push_back(device_run);
    args.insert(args.end(), o.forwarded.begin(), o.forwarded.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(runner.c_str(), argv.data());
    throw InputError("--emulate: cannot run " + runner + " (" + std::strerror(errno) + ")");
}

#endif

}  // namespace neo::run
