#include "codegen/link.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <set>
#include <vector>

#include <llvm/Object/Binary.h>
#include <llvm/Object/ELFObjectFile.h>

#include "codegen/windows.hpp"
#include "neo/core/util/error.hpp"

#ifndef NEO_LLD_PATH
#define NEO_LLD_PATH "ld.lld"
#endif
#ifndef NEO_LLD_LINK_PATH
#define NEO_LLD_LINK_PATH "lld-link"
#endif

namespace neo::llvm_cpu {
namespace {

namespace fs = std::filesystem;

// Files that live only while the library is linked.
class Scratch {
public:
    explicit Scratch(fs::path out) : out_(std::move(out)) {}
    ~Scratch() {
        std::error_code ec;
        for (const auto& f : files_) fs::remove(f, ec);
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    // out + suffix ("model.dll.o"), removed at the end.
    fs::path file(const std::string& suffix) {
        fs::path p = out_;
        p += suffix;
        files_.push_back(p);
        return p;
    }
    fs::path write(const std::string& suffix, const std::string& bytes) {
        fs::path p = file(suffix);
        std::ofstream f(p, std::ios::binary);
        f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!f) throw UserError(p.string() + ": cannot write the file (is the output directory writable?)");
        return p;
    }

private:
    fs::path out_;
    std::vector<fs::path> files_;
};

std::string linker(const char* env_name, const char* built_in) {
    const char* env = std::getenv(env_name);
    return env && *env ? env : built_in;
}

// Runs the linker `args` in the folder `cwd`; UserError with its messages when it fails.
void run_linker(std::vector<std::string> args, const fs::path& cwd, Scratch& scratch, const fs::path& out,
                const std::string& hint) {
    const fs::path log = scratch.file(".link.log");
    pid_t pid = fork();
    if (pid < 0) throw InternalError("llvm_cpu: fork failed while linking");
    if (pid == 0) {
        FILE* f = std::freopen(log.c_str(), "w", stderr);
        (void)f;
        if (::chdir(cwd.c_str()) != 0) _exit(126);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execvp(argv[0], argv.data());
        std::fprintf(stderr, "cannot run the linker '%s'\n", argv[0]);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {}
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
    std::ifstream lf(log);
    std::stringstream msg;
    msg << lf.rdbuf();
    throw UserError("llvm_cpu: linking " + out.string() + " with " + args[0] + " failed: " + msg.str() + hint);
}

// The linker leaves symbols undefined in a shared library (the C library's are found at
// load time), so a kernel symbol the link inputs do not define would only fail on the
// device: refuse it here.
void check_defined(const fs::path& so, const std::vector<fs::path>& inputs, const std::vector<std::string>& required) {
    auto binary = llvm::object::createBinary(so.string());
    if (!binary) throw InternalError("llvm_cpu: cannot read back " + so.string() + ": " + llvm::toString(binary.takeError()));
    const auto* elf = llvm::dyn_cast<llvm::object::ELFObjectFileBase>(binary->getBinary());
    if (!elf) throw InternalError("llvm_cpu: " + so.string() + " is not an ELF file");
    std::set<std::string> missing;
    for (const auto& sym : elf->getDynamicSymbolIterators()) {
        auto name = sym.getName();
        auto flags = sym.getFlags();
        if (!name || !flags) {
            llvm::consumeError(name.takeError());
            llvm::consumeError(flags.takeError());
            continue;
        }
        if ((*flags & llvm::object::SymbolRef::SF_Undefined) &&
            std::find(required.begin(), required.end(), name->str()) != required.end())
            missing.insert(name->str());
    }
    if (missing.empty()) return;
    std::string names, libs;
    for (const auto& m : missing) names += (names.empty() ? "" : ", ") + m;
    for (const auto& in : inputs) libs += (libs.empty() ? "" : ", ") + in.string();
    throw UserError("llvm_cpu: the offloaded kernels " + names + " are not defined by the libraries linked into " +
                    so.filename().string() + " (" + (libs.empty() ? std::string("none given") : libs) +
                    "); the target plugin must link the device library that defines them");
}

void link_elf(const std::string& object_bytes, const fs::path& out, const std::vector<fs::path>& inputs,
              const std::vector<std::string>& required) {
    Scratch scratch(out);
    const fs::path obj = scratch.write(".o", object_bytes);
    std::vector<std::string> args{linker("NEO_LLD", NEO_LLD_PATH), "-shared", "--build-id=none", "-z", "noexecstack",
                                  "-z", "relro", "--hash-style=gnu", "-soname", out.filename().string(),
                                  "-o", out.string(), obj.string()};
    for (const auto& in : inputs) {
        if (!fs::is_regular_file(in))
            throw UserError("llvm_cpu: " + in.string() + ", a library to link into " + out.filename().string() + ", does not exist");
        args.push_back(fs::absolute(in).string());
    }
    run_linker(std::move(args), fs::current_path(), scratch, out, "(install Debian's lld-16, or point NEO_LLD at ld.lld)");
    if (!required.empty()) check_defined(out, inputs, required);
}

// A DLL without a CRT entry point; its exports are the functions the module marks
// dllexport (neo_model_descriptor). /Brepro makes the PE timestamp a hash of the content.
// lld-link runs in the output folder with plain file names: an absolute path would read
// as an option (/...) on this host.
void link_coff(const std::string& object_bytes, const llvm::Triple& triple, const fs::path& out) {
    Scratch scratch(out);
    const std::string name = out.filename().string();
    const fs::path obj = scratch.write(".o", object_bytes);
    std::vector<std::string> args{linker("NEO_LLD_LINK", NEO_LLD_LINK_PATH), "-dll", "-noentry", "-nodefaultlib",
                                  "-Brepro", "-noimplib", "-machine:" + coff_machine_name(triple),
                                  "-out:" + name, obj.filename().string()};
    for (const DllImports& imports : windows_imports(object_bytes, triple)) {
        const fs::path lib = scratch.file("." + fs::path(imports.dll).stem().string() + ".lib");
        write_import_library(imports, triple, lib);
        args.push_back(lib.filename().string());
    }
    const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::current_path();
    run_linker(std::move(args), dir, scratch, out, "(install Debian's lld-16, or point NEO_LLD_LINK at lld-link)");
}

}  // namespace

std::string library_name(const llvm::Triple& triple) { return triple.isOSWindows() ? "model.dll" : "model.so"; }

void link_library(const std::string& object_bytes, const llvm::Triple& triple, const fs::path& out,
                  const std::vector<fs::path>& inputs, const std::vector<std::string>& required) {
    if (!triple.isOSWindows()) return link_elf(object_bytes, out, inputs, required);
    if (!inputs.empty())
        throw UserError("llvm_cpu: offloaded kernels from device libraries are linked for Linux and Android targets "
                        "only, not into a Windows DLL");
    link_coff(object_bytes, triple, out);
}

}  // namespace neo::llvm_cpu
