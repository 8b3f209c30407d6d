#pragma once
// What neo-run needs to know of an artifact before running it: model.json's target
// (which plugin built it, for which architecture and triple), and this machine's own
// architecture in the same spelling (X86_64, ARM64, ARM_EABIHF, ...) and system.
#include <string>
#include <vector>

namespace neo::run {

struct ArtifactTarget {
    std::string plugin;  // "reference", "llvm_cpu", ...
    std::string arch;    // "X86_64", "ARM64", "ARM_EABIHF", ...; empty when not given
    std::string triple;  // "aarch64-linux-gnu", ...; empty when not given
    std::string cpu;     // "skylake-avx512", ...; empty when not given
    std::vector<std::string> features;  // "+avx2", ...
};

// Reads DIR/model.json; InputError naming the file when it is missing or malformed.
ArtifactTarget read_artifact_target(const std::string& dir);

// The architecture this neo-run was built for.
std::string host_arch();

// Whether the artifact is code for Windows (model.dll) / this neo-run runs on Windows.
bool is_windows(const ArtifactTarget& t);
bool host_is_windows();
// The system this neo-run was built for: "Linux", "Android" or "Windows".
std::string host_system();

// The features of `features` ("+avx512f", ...) that this machine's CPU lacks, of those
// neo-run can check (x86 ISA extensions); running code built for them would die of
// SIGILL.
std::vector<std::string> missing_cpu_features(const std::vector<std::string>& features);

}  // namespace neo::run
