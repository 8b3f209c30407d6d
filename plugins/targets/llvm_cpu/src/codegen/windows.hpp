#pragma once
// What a model's code for Windows needs beyond its kernels. model.dll links no C runtime
// (there is no MSVC library on the build machine, and none is needed): the few
// definitions the compiler expects from one are emitted into the module, and the C library
// functions the code calls are imported from DLLs that every Windows has, through import
// libraries written here from the object's undefined symbols:
// - ucrtbase.dll (the Universal C Runtime, part of Windows since 10): the math functions
//   (expf, tanhf, ...; on 32-bit x86 only the double ones, see emitter.cpp) and
//   memcpy / memmove / memset / memcmp;
// - ntdll.dll: the stack probe (__chkstk) and the helpers the compiler calls for 64-bit
//   division on 32-bit x86 (_alldiv, ...) and ARMv7 (__rt_sdiv64, __dtoi64, ...).
#include <filesystem>
#include <string>
#include <vector>

#include <llvm/IR/Module.h>
#include <llvm/TargetParser/Triple.h>

namespace neo::llvm_cpu {

// Defines _fltused (which the x86 code generator references when code uses floating
// point) and roundeven / roundevenf (which C runtimes before C23 lack; rounding of
// Round, QuantizeLinear, ... lowers to them without SSE4.1). Call after optimization, right
// before code generation: the definitions are kept even while nothing calls them yet.
void add_windows_runtime(llvm::Module& m);

struct DllImports {
    std::string dll;                   // "ucrtbase.dll"
    std::vector<std::string> symbols;  // as the object names them (x86: "_expf")
};

// The DLLs `object_bytes` (a COFF object) imports from, with the symbols it needs from
// each. InternalError naming any undefined symbol that none of them provides.
std::vector<DllImports> windows_imports(const std::string& object_bytes, const llvm::Triple& triple);

// Writes the import library of one DLL for `triple`'s machine.
void write_import_library(const DllImports& imports, const llvm::Triple& triple, const std::filesystem::path& lib);

// lld-link's /machine: value for the triple ("x64", "x86", "arm64", "arm").
std::string coff_machine_name(const llvm::Triple& triple);

}  // namespace neo::llvm_cpu
