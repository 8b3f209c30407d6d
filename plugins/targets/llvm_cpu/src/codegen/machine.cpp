#include "codegen/machine.hpp"

#include <mutex>

#include <llvm/ADT/SmallVector.h>
#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/PassManager.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Transforms/IPO/MergeFunctions.h>

#include "neo/core/util/error.hpp"

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
    // Nodes with one workload and schedule lower to identical kernels (DenseNet's 58 3x3
    // convolutions are 4 workloads): merge them first, so that O3 optimizes each once.
    llvm::ModulePassManager mpm;
    mpm.addPass(llvm::MergeFunctionsPass());
    mpm.addPass(pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3));
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

}  // namespace neo::llvm_cpu
