#pragma once
// Devices of the catalog: every TargetDevice value with its OS, architecture,
// accelerator, SoC/CPU, LLVM triple, CPU features and default compiler options.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace neo {

// The operating systems of TargetPlatform, plus `ios`, which only a named device has
// (coreml: Apple devices reached through Core ML; not a TargetPlatform value).
enum class Os { linux_, android, windows, ios };

enum class Arch { x86_64, x86, arm64, arm_eabihf, arm_eabi };

// Accelerators of TargetPlatform (nvidia, intel_graphics, mali, nna), plus those that
// only named devices have:
//   inferentia        AWS Inferentia / Inferentia2 (ml_inf1, ml_inf2)
//   trainium          AWS Trainium (ml_trn1)
//   elastic_inference Amazon Elastic Inference accelerator (ml_eia2)
//   coreml            Apple Core ML runtime, which dispatches to CPU/GPU/Neural Engine
// `nna` ("neural network accelerator") is a vendor deep-learning engine served by the
// vendor's SDK: Ambarella CVflow, NXP i.MX 8M Plus NPU, TI TIDL (EVE/C66x/C7x+MMA).
enum class Accelerator {
    none, nvidia, intel_graphics, mali, nna,
    inferentia, trainium, elastic_inference, coreml,
};

// The service's spelling: "LINUX", "X86_64", "ARM_EABIHF", "INTEL_GRAPHICS", ...
std::string_view os_name(Os o);
std::string_view arch_name(Arch a);
std::string_view accelerator_name(Accelerator a);  // "" for none
// Case-insensitive; nullopt for an unknown name. parse_accelerator("") is none.
std::optional<Os> parse_os(std::string_view s);
std::optional<Arch> parse_arch(std::string_view s);
std::optional<Accelerator> parse_accelerator(std::string_view s);

// Every value, in declaration order (for help texts and exhaustive tests).
const std::vector<Os>& all_os();
const std::vector<Arch>& all_archs();
const std::vector<Accelerator>& all_accelerators();

struct DeviceInfo {
    std::string name;             // TargetDevice value, e.g. "rasp3b"
    std::string soc;              // SoC or CPU, e.g. "Broadcom BCM2837 (Cortex-A53)"
    Os os = Os::linux_;
    Arch arch = Arch::x86_64;
    Accelerator accelerator = Accelerator::none;
    std::string triple;           // LLVM target triple of the host CPU
    std::string cpu;              // LLVM CPU name (mcpu)
    std::vector<std::string> features;   // LLVM features, "+neon"
    nlohmann::json default_options = nlohmann::json::object();  // default CompilerOptions
    std::string description;
    std::vector<std::string> aliases;    // other names that find() accepts ("rasp4")
};

}  // namespace neo
