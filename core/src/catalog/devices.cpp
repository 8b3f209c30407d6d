// The built-in device table: data, not logic. One entry per TargetDevice value of the
// service (cloud instances, then edge devices), with public facts about its SoC / CPU.
//
// Conventions:
// - cpu / features are LLVM 16 names for the host CPU; on a big.LITTLE SoC the big
//   core's model is used (the code runs on both clusters, only tuning differs).
// - default_options are the service's documented CompilerOptions for the device. Where
//   the service documents none but the platform requires some (NVIDIA: gpu-code,
//   trt-ver, cuda-ver), neo's choice is marked "neo default" and can be overridden.
// - Accelerators that TargetPlatform cannot express (Inferentia, Trainium, Elastic
//   Inference, Core ML) and vendor NN engines (nna) are explained in device.hpp.
#include "neo/core/catalog/catalog.hpp"
#include "neo/core/util/error.hpp"

// The tables below use designated initializers and leave defaulted members out on
// purpose; GCC 12 warns about that under -Wextra.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace neo {

namespace {

nlohmann::json opts(const char* json) { return nlohmann::json::parse(json); }

using A = Arch;
using C = Accelerator;

// Shared CPU feature sets (LLVM names).
const std::vector<std::string> kAvx2 = {"+avx2", "+fma"};
const std::vector<std::string> kAvx512 = {"+avx2", "+fma", "+avx512f", "+avx512bw", "+avx512dq", "+avx512vl"};
const std::vector<std::string> kAvx512Vnni = {"+avx2", "+fma", "+avx512f", "+avx512bw", "+avx512dq",
                                              "+avx512vl", "+avx512vnni"};
const std::vector<std::string> kNeon = {"+neon"};
const std::vector<std::string> kNeonVfp4 = {"+neon", "+vfp4"};

constexpr const char* kX86Linux = "x86_64-linux-gnu";
constexpr const char* kArm64Linux = "aarch64-linux-gnu";
constexpr const char* kArmHfLinux = "armv7a-linux-gnueabihf";

std::vector<DeviceInfo> builtin_devices() {
    return {
        // ---- Cloud instances (LINUX / X86_64 unless noted) ----
        {.name = "lambda", .soc = "x86-64 server CPU with AVX2 (AWS Lambda)", .triple = kX86Linux,
         .cpu = "x86-64-v3", .features = kAvx2, .description = "AWS Lambda function"},
        {.name = "ml_m4", .soc = "Intel Xeon E5-2686 v4 (Broadwell) / E5-2676 v3 (Haswell)",
         .triple = kX86Linux, .cpu = "haswell", .features = kAvx2, .description = "EC2 m4 instance"},
        {.name = "ml_m5", .soc = "Intel Xeon Platinum 8175M (Skylake-SP) / 8259CL (Cascade Lake)",
         .triple = kX86Linux, .cpu = "skylake-avx512", .features = kAvx512, .description = "EC2 m5 instance"},
        {.name = "ml_c4", .soc = "Intel Xeon E5-2666 v3 (Haswell)", .triple = kX86Linux, .cpu = "haswell",
         .features = kAvx2, .description = "EC2 c4 instance"},
        {.name = "ml_c5", .soc = "Intel Xeon Platinum 8124M (Skylake-SP) / 8275CL (Cascade Lake)",
         .triple = kX86Linux, .cpu = "skylake-avx512", .features = kAvx512, .description = "EC2 c5 instance"},
        // NVIDIA cloud GPUs: gpu-code is the GPU's compute capability; trt-ver / cuda-ver
        // are neo defaults (a TensorRT release built for that CUDA): give the instance's
        // own versions in CompilerOptions when they differ.
        {.name = "ml_p2", .soc = "Intel Xeon E5-2686 v4 (Broadwell) + NVIDIA Tesla K80",
         .accelerator = C::nvidia, .triple = kX86Linux, .cpu = "broadwell", .features = kAvx2,
         .default_options = opts(R"({"gpu-code": "sm_37", "trt-ver": "7.1.3", "cuda-ver": "10.2"})"),
         .description = "EC2 p2 instance"},
        {.name = "ml_p3", .soc = "Intel Xeon E5-2686 v4 (Broadwell) + NVIDIA Tesla V100",
         .accelerator = C::nvidia, .triple = kX86Linux, .cpu = "broadwell", .features = kAvx2,
         .default_options = opts(R"({"gpu-code": "sm_70", "trt-ver": "7.1.3", "cuda-ver": "10.2"})"),
         .description = "EC2 p3 instance"},
        {.name = "ml_g4dn", .soc = "Intel Xeon Platinum 8259CL (Cascade Lake) + NVIDIA T4",
         .accelerator = C::nvidia, .triple = kX86Linux, .cpu = "cascadelake", .features = kAvx512Vnni,
         .default_options = opts(R"({"gpu-code": "sm_75", "trt-ver": "7.1.3", "cuda-ver": "10.2"})"),
         .description = "EC2 g4dn instance"},
        {.name = "ml_inf1", .soc = "AWS Inferentia + Intel Xeon (Cascade Lake) host",
         .accelerator = C::inferentia, .triple = kX86Linux, .cpu = "cascadelake", .features = kAvx512Vnni,
         .description = "EC2 inf1 instance"},
        {.name = "ml_inf2", .soc = "AWS Inferentia2 + AMD EPYC 7R13 (Milan) host",
         .accelerator = C::inferentia, .triple = kX86Linux, .cpu = "znver3", .features = kAvx2,
         .description = "EC2 inf2 instance"},
        {.name = "ml_trn1", .soc = "AWS Trainium + Intel Xeon Platinum 8375C (Ice Lake) host",
         .accelerator = C::trainium, .triple = kX86Linux, .cpu = "icelake-server", .features = kAvx512Vnni,
         .description = "EC2 trn1 instance"},
        {.name = "ml_eia2", .soc = "Amazon Elastic Inference accelerator (eia2) on an x86-64 host",
         .accelerator = C::elastic_inference, .triple = kX86Linux, .cpu = "x86-64",
         .description = "instance with an Elastic Inference accelerator attached"},
        {.name = "ml_m6g", .soc = "AWS Graviton2 (64x Neoverse N1)", .arch = A::arm64, .triple = kArm64Linux,
         .cpu = "neoverse-n1", .features = kNeon, .description = "EC2 m6g instance"},
        {.name = "ml_c6g", .soc = "AWS Graviton2 (64x Neoverse N1)", .arch = A::arm64, .triple = kArm64Linux,
         .cpu = "neoverse-n1", .features = kNeon, .description = "EC2 c6g instance"},

        // ---- NVIDIA Jetson (LINUX / ARM64 / NVIDIA), options as the service documents ----
        {.name = "jetson_tx1", .soc = "NVIDIA Tegra X1 (4x Cortex-A57, Maxwell GPU)", .arch = A::arm64,
         .accelerator = C::nvidia, .triple = kArm64Linux, .cpu = "cortex-a57", .features = kNeon,
         .default_options = opts(R"({"gpu-code": "sm_53", "trt-ver": "6.0.1", "cuda-ver": "10.0"})"),
         .description = "NVIDIA Jetson TX1"},
        {.name = "jetson_tx2", .soc = "NVIDIA Tegra X2 (2x Denver2 + 4x Cortex-A57, Pascal GPU)",
         .arch = A::arm64, .accelerator = C::nvidia, .triple = kArm64Linux, .cpu = "cortex-a57",
         .features = kNeon,
         .default_options = opts(R"({"gpu-code": "sm_62", "trt-ver": "6.0.1", "cuda-ver": "10.0"})"),
         .description = "NVIDIA Jetson TX2"},
        {.name = "jetson_nano", .soc = "NVIDIA Tegra X1 (4x Cortex-A57, 128-core Maxwell GPU)",
         .arch = A::arm64, .accelerator = C::nvidia, .triple = kArm64Linux, .cpu = "cortex-a57",
         .features = kNeon,
         .default_options = opts(R"({"gpu-code": "sm_53", "trt-ver": "5.0.6", "cuda-ver": "10.0"})"),
         .description = "NVIDIA Jetson Nano"},
        {.name = "jetson_xavier", .soc = "NVIDIA Xavier (8x Carmel ARMv8.2, Volta GPU)", .arch = A::arm64,
         .accelerator = C::nvidia, .triple = kArm64Linux, .cpu = "carmel", .features = kNeon,
         .default_options = opts(R"({"gpu-code": "sm_72", "trt-ver": "5.1.6", "cuda-ver": "10.0"})"),
         .description = "NVIDIA Jetson AGX Xavier"},

        // ---- Single-board computers and SoCs ----
        // The Raspberry Pi 3 runs the 32-bit OS: ARMv8 cores in AArch32 mode.
        {.name = "rasp3b", .soc = "Broadcom BCM2837 (4x Cortex-A53)", .arch = A::arm_eabihf,
         .triple = kArmHfLinux, .cpu = "cortex-a53", .features = kNeon,
         .default_options = opts(R"({"mattr": ["+neon"]})"), .description = "Raspberry Pi 3 Model B"},
        // The Raspberry Pi 4 with the 64-bit OS; "rasp4" is the service's older name for it.
        // For the 32-bit OS use TargetPlatform LINUX/ARM_EABIHF with mcpu cortex-a72.
        {.name = "rasp4b", .soc = "Broadcom BCM2711 (4x Cortex-A72)", .arch = A::arm64,
         .triple = kArm64Linux, .cpu = "cortex-a72", .features = kNeon,
         .description = "Raspberry Pi 4 Model B (64-bit OS)", .aliases = {"rasp4"}},
        {.name = "imx8qm", .soc = "NXP i.MX 8QuadMax (2x Cortex-A72 + 4x Cortex-A53)", .arch = A::arm64,
         .triple = kArm64Linux, .cpu = "cortex-a72", .features = kNeon, .description = "NXP i.MX 8QM board"},
        {.name = "imx8mplus", .soc = "NXP i.MX 8M Plus (4x Cortex-A53, 2.3 TOPS NPU)", .arch = A::arm64,
         .accelerator = C::nna, .triple = kArm64Linux, .cpu = "cortex-a53", .features = kNeon,
         .description = "NXP i.MX 8M Plus board (NPU)"},
        {.name = "deeplens", .soc = "Intel Atom x5-E3930 (Apollo Lake) with Intel HD Graphics 500",
         .accelerator = C::intel_graphics, .triple = kX86Linux, .cpu = "goldmont", .features = {"+sse4.2"},
         .description = "AWS DeepLens camera"},
        {.name = "rk3399", .soc = "Rockchip RK3399 (2x Cortex-A72 + 4x Cortex-A53, Mali-T860 MP4)",
         .arch = A::arm64, .accelerator = C::mali, .triple = kArm64Linux, .cpu = "cortex-a72",
         .features = kNeon, .description = "Rockchip RK3399 board"},
        {.name = "rk3288", .soc = "Rockchip RK3288 (4x Cortex-A17, Mali-T760 MP4)", .arch = A::arm_eabihf,
         .accelerator = C::mali, .triple = kArmHfLinux, .cpu = "cortex-a17", .features = kNeonVfp4,
         .description = "Rockchip RK3288 board"},
        // The service gives no SoC for aisage; its CPU is modelled as generic ARMv8-A.
        {.name = "aisage", .soc = "ARM64 SoC with an ARM Mali GPU", .arch = A::arm64, .accelerator = C::mali,
         .triple = kArm64Linux, .cpu = "generic", .features = kNeon, .description = "aiSage edge AI device"},
        {.name = "sbe_c", .soc = "Intel Xeon (AVX2)", .triple = kX86Linux, .cpu = "core-avx2",
         .features = kAvx2, .default_options = opts(R"({"mcpu": "core-avx2"})"),
         .description = "AWS Snowball Edge Compute Optimized"},
        // The service lists MALI for the Qualcomm boards: their GPU (an Adreno 615) is used
        // through the same OpenCL path as Mali GPUs.
        {.name = "qcs605", .soc = "Qualcomm QCS605 (2x Cortex-A75 + 6x Cortex-A55 class Kryo 300, Adreno 615)",
         .os = Os::android, .arch = A::arm64, .accelerator = C::mali, .triple = "aarch64-linux-android27",
         .cpu = "cortex-a75", .features = kNeon, .default_options = opts(R"({"ANDROID_PLATFORM": 27})"),
         .description = "Qualcomm QCS605 board (Android)"},
        {.name = "qcs603", .soc = "Qualcomm QCS603 (2x Cortex-A75 + 2x Cortex-A55 class Kryo 300, Adreno 615)",
         .os = Os::android, .arch = A::arm64, .accelerator = C::mali, .triple = "aarch64-linux-android27",
         .cpu = "cortex-a75", .features = kNeon, .default_options = opts(R"({"ANDROID_PLATFORM": 27})"),
         .description = "Qualcomm QCS603 board (Android)"},
        // Vendor NN engines (nna): TI TIDL on EVE / C66x, Ambarella CVflow, TI C7x + MMA.
        {.name = "sitara_am57x", .soc = "TI Sitara AM57x (Cortex-A15, C66x DSP, EVE)", .arch = A::arm_eabihf,
         .accelerator = C::nna, .triple = kArmHfLinux, .cpu = "cortex-a15", .features = kNeonVfp4,
         .description = "TI Sitara AM57x board (TIDL)"},
        {.name = "amba_cv2", .soc = "Ambarella CV2 (4x Cortex-A53, CVflow)", .arch = A::arm64,
         .accelerator = C::nna, .triple = kArm64Linux, .cpu = "cortex-a53", .features = kNeon,
         .description = "Ambarella CV2 camera SoC"},
        {.name = "amba_cv22", .soc = "Ambarella CV22 (4x Cortex-A53, CVflow)", .arch = A::arm64,
         .accelerator = C::nna, .triple = kArm64Linux, .cpu = "cortex-a53", .features = kNeon,
         .description = "Ambarella CV22 camera SoC"},
        {.name = "amba_cv25", .soc = "Ambarella CV25 (4x Cortex-A53, CVflow)", .arch = A::arm64,
         .accelerator = C::nna, .triple = kArm64Linux, .cpu = "cortex-a53", .features = kNeon,
         .description = "Ambarella CV25 camera SoC"},
        {.name = "jacinto_tda4vm", .soc = "TI Jacinto TDA4VM (2x Cortex-A72, C7x DSP + MMA)", .arch = A::arm64,
         .accelerator = C::nna, .triple = kArm64Linux, .cpu = "cortex-a72", .features = kNeon,
         .description = "TI Jacinto 7 TDA4VM board"},

        // ---- Apple and Windows ----
        // Core ML models run on iOS 13+ devices (A12 and later have the Neural Engine).
        {.name = "coreml", .soc = "Apple A-series / M-series (Core ML)", .os = Os::ios, .arch = A::arm64,
         .accelerator = C::coreml, .triple = "arm64-apple-ios13.0", .cpu = "apple-a12", .features = kNeon,
         .description = "Apple device through Core ML"},
        {.name = "x86_win32", .soc = "x86 CPU with SSE2", .os = Os::windows, .arch = A::x86,
         .triple = "i686-pc-windows-msvc", .cpu = "i686", .features = {"+sse2"},
         .description = "32-bit Windows"},
        {.name = "x86_win64", .soc = "x86-64 CPU", .os = Os::windows, .arch = A::x86_64,
         .triple = "x86_64-pc-windows-msvc", .cpu = "x86-64", .description = "64-bit Windows"},
    };
}

}  // namespace

const DeviceCatalog& DeviceCatalog::builtin() {
    static const DeviceCatalog catalog = [] {
        DeviceCatalog c;
        for (auto& d : builtin_devices()) {
            try {
                c.add(d, "the built-in catalog");
            } catch (const UserError& e) {  // the table above is wrong
                throw InternalError(e.what());
            }
        }
        return c;
    }();
    return catalog;
}

}  // namespace neo
