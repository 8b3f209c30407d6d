#pragma once
// Linking the model's one object into the artifact's shared library: model.so with ld.lld
// for Linux and Android (ELF), model.dll with lld-link for Windows (COFF; windows.hpp
// says what it imports). No C runtime is linked in either: the code only calls the C
// library functions that the device's own libc / Windows' system DLLs export.
#include <filesystem>
#include <string>
#include <vector>

#include <llvm/TargetParser/Triple.h>

namespace neo::llvm_cpu {

// "model.dll" for a Windows triple, else "model.so".
std::string library_name(const llvm::Triple& triple);

// Links `object_bytes` (code for `triple`) into the shared library `out`, exporting
// neo_model_descriptor. Deterministic: no build id, a content hash as the PE timestamp.
// The linkers are those found at build time (NEO_LLD / NEO_LLD_LINK in the environment
// override them). UserError with the linker's message on failure; the temporary files
// beside `out` are removed either way.
// `inputs`: more objects or static archives for the device (an offloading plugin's kernels,
// ELF only); `required`: the symbols they must define (UserError naming those they do not).
void link_library(const std::string& object_bytes, const llvm::Triple& triple, const std::filesystem::path& out,
                  const std::vector<std::filesystem::path>& inputs = {}, const std::vector<std::string>& required = {});

}  // namespace neo::llvm_cpu
