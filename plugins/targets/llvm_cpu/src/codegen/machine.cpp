#include "codegen/machine.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include <llvm/ADT/SmallVector.h>
#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/PassManager.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Object/Binary.h>
#include <llvm/Object/ELFObjectFile.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>

#include "neo/core/util/error.hpp"

#ifndef NEO_LLD_PATH
#define NEO_LLD_PATH "ld.lld"
#endif

namespace neo::llvm_cpu {
namespace {

void init_llvm() {
    static std::once_flag once;
    std::call_once(once, [] {
        llvm::InitializeAllTargetInfos();
        llvm::InitializeAllTargets();
        llvm::InitializeAllTargetMCs();
        llvm::InitializeAllAsmPrinters();
    });
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& f : v) s += (s.empty() ? "" : ",") + f;
    return s;
}

}  // namespace

std::unique_ptr<llvm::TargetMachine> make_target_machine(const TargetSpec& target) {
    init_llvm();
    // The catalog's short triples ("armv7a-linux-gnueabihf") must be normalized: parsed
    // as they are, "linux" would be the vendor and the hard-float environment lost.
    const std::string triple = llvm::Triple::normalize(target.triple);
    std::string error;
    const llvm::Target* t = llvm::TargetRegistry::lookupTarget(triple, error);
    if (!t) throw UserError("llvm_cpu: LLVM cannot generate code for triple '" + target.triple + "': " + error);
    llvm::TargetOptions options;
    std::string cpu = target.cpu.empty() ? "generic" : target.cpu;
    auto* tm = t->createTargetMachine(triple, cpu, join(target.features), options,
                                      llvm::Reloc::PIC_, std::nullopt, llvm::CodeGenOpt::Aggressive);
    if (!tm) throw UserError("llvm_cpu: LLVM could not make a code generator for " + target.describe());
    if (!tm->getMCSubtargetInfo()->isCPUStringValid(cpu))
        throw UserError("llvm_cpu: LLVM does not know the CPU '" + cpu + "' for " + target.triple +
                        "; give a known mcpu in --compiler-options");
    return std::unique_ptr<llvm::TargetMachine>(tm);
}

CpuInfo cpu_info(const llvm::TargetMachine& tm) {
    CpuInfo info;
    info.triple = tm.getTargetTriple().str();
    info.cpu = tm.getTargetCPU().str();
    info.features = tm.getTargetFeatureString().str();
    const llvm::MCSubtargetInfo& st = *tm.getMCSubtargetInfo();
    const llvm::Triple& tt = tm.getTargetTriple();
    info.is_64bit = tt.isArch64Bit();
    if (tt.isX86()) {
        if (st.checkFeatures("+avx512f")) info.vector_bits = 512, info.vector_registers = 32;
        else if (st.checkFeatures("+avx")) info.vector_bits = 256, info.vector_registers = 16;
        else info.vector_bits = 128, info.vector_registers = info.is_64bit ? 16 : 8;
    } else if (tt.isAArch64()) {
        info.vector_bits = 128, info.vector_registers = 32;
    } else if (tt.isARM()) {
        info.vector_bits = st.checkFeatures("+neon") ? 128 : 32;
        info.vector_registers = 16;
    }
    return info;
}

void optimize(llvm::Module& m, llvm::TargetMachine& tm) {
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    llvm::PipelineTuningOptions pto;
    pto.LoopVectorization = true;
    pto.SLPVectorization = true;
    pto.LoopUnrolling = true;
    llvm::PassBuilder pb(&tm, pto);
    pb.registerModuleAnalyses(mam);
    pb.registerCGSCCAnalyses(cgam);
    pb.registerFunctionAnalyses(fam);
    pb.registerLoopAnalyses(lam);
    pb.crossRegisterProxies(lam, fam, cgam, mam);
    llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
    mpm.run(m, mam);
}

std::string emit_object(llvm::Module& m, llvm::TargetMachine& tm) {
    m.setDataLayout(tm.createDataLayout());
    m.setTargetTriple(tm.getTargetTriple().str());
    llvm::SmallVector<char, 0> buffer;
    llvm::raw_svector_ostream os(buffer);
    llvm::legacy::PassManager pm;
    if (tm.addPassesToEmitFile(pm, os, nullptr, llvm::CGFT_ObjectFile))
        throw InternalError("llvm_cpu: this LLVM cannot emit object files for " + tm.getTargetTriple().str());
    pm.run(m);
    return std::string(buffer.begin(), buffer.end());
}

std::string module_text(const llvm::Module& m) {
    std::string s;
    llvm::raw_string_ostream os(s);
    m.print(os, nullptr);
    return os.str();
}

namespace {

// The linker leaves symbols undefined in a shared library (the C library's are found at
// load time), so a kernel symbol the link inputs do not define would only fail on the
// device: refuse it here.
void check_defined(const std::filesystem::path& so, const std::vector<std::filesystem::path>& inputs,
                   const std::vector<std::string>& required) {
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
    throw UserError("llvm_cpu: the offloaded kernels " + names + " are not defined by the libraries linked into model.so (" +
                    (libs.empty() ? std::string("none given") : libs) + "); the target plugin must link the device library that defines them");
}

}  // namespace

void link_shared(const std::string& object_bytes, const std::filesystem::path& out_so,
                 const std::vector<std::filesystem::path>& inputs, const std::vector<std::string>& required) {
    namespace fs = std::filesystem;
    const char* env = std::getenv("NEO_LLD");
    const std::string lld = env && *env ? env : NEO_LLD_PATH;
    fs::path obj = out_so;
    obj += ".o";
    {
        std::ofstream f(obj, std::ios::binary);
        f.write(object_bytes.data(), static_cast<std::streamsize>(object_bytes.size()));
        if (!f) throw UserError(obj.string() + ": cannot write the object file");
    }
    fs::path log = out_so;
    log += ".link.log";
    std::vector<std::string> args{lld, "-shared", "--build-id=none", "-z", "noexecstack",
                                  "-z", "relro", "--hash-style=gnu", "-soname", "model.so",
                                  "-o", out_so.string(), obj.string()};
    for (const auto& in : inputs) {
        if (!fs::is_regular_file(in))
            throw UserError("llvm_cpu: " + in.string() + ", a library to link into model.so, does not exist");
        args.push_back(in.string());
    }
    pid_t pid = fork();
    if (pid < 0) throw InternalError("llvm_cpu: fork failed while linking");
    if (pid == 0) {
        FILE* f = std::freopen(log.c_str(), "w", stderr);
        (void)f;
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execvp(argv[0], argv.data());
        std::fprintf(stderr, "cannot run the linker '%s'\n", argv[0]);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {}
    std::ifstream lf(log);
    std::stringstream msg;
    msg << lf.rdbuf();
    fs::remove(obj);
    fs::remove(log);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw UserError("llvm_cpu: linking " + out_so.string() + " with " + lld + " failed: " + msg.str() +
                        "(install Debian's lld-16, or point NEO_LLD at ld.lld)");
    if (!required.empty()) check_defined(out_so, inputs, required);
}

}  // namespace neo::llvm_cpu
