// CompilerOptions: the service's text constraint, the typed schema per platform, every
// refusal's message, and how resolution merges device defaults with the user's options.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "neo/core/catalog/llvm_names.hpp"
#include "neo/core/catalog/options.hpp"
#include "neo/core/catalog/resolve.hpp"
#include "neo/core/util/error.hpp"

using namespace neo;
using doctest::Contains;
using nlohmann::json;

// Checks that `text` contains `part`, showing the whole text when it does not.
#define CHECK_HAS(text, part) \
    CHECK_MESSAGE(std::string(text).find(part) != std::string::npos, "text: " << (text))

namespace {

const auto& kCatalog = DeviceCatalog::builtin();

TargetSpec on_device(const char* device, const char* options) {
    return resolve_target(kCatalog, std::string(device), std::nullopt, std::string(options));
}

TargetSpec on_platform(const char* platform, const char* options) {
    return resolve_target(kCatalog, std::nullopt, std::string(platform), std::string(options));
}

const char* kLinuxX86 = R"({"Os": "LINUX", "Arch": "X86_64"})";
const char* kLinuxArm64 = R"({"Os": "LINUX", "Arch": "ARM64"})";
const char* kLinuxArm64Nvidia = R"({"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NVIDIA"})";
const char* kAndroidArm64 = R"({"Os": "ANDROID", "Arch": "ARM64"})";

}  // namespace

TEST_CASE("CompilerOptions text: 7 to 1024 characters, one JSON object") {
    CHECK(parse_compiler_options(R"({"a":1})") == json{{"a", 1}});
    CHECK(parse_compiler_options("  {'mcpu': 'skylake-avx512'}\n")["mcpu"] == "skylake-avx512");
    CHECK_THROWS_WITH_AS(parse_compiler_options("{}"),
                         Contains("CompilerOptions must be 7 to 1024 characters long; \"{}\" has 2; "
                                  "leave CompilerOptions out when there is nothing to set"),
                         UserError);
    std::string long_text = R"({"mcpu": ")" + std::string(1020, 'x') + "\"}";
    CHECK_THROWS_WITH_AS(parse_compiler_options(long_text), Contains("has 1032"), UserError);
    CHECK_THROWS_WITH_AS(parse_compiler_options("mcpu=core-avx2"),
                         Contains("CompilerOptions must be a JSON object {...} such as"), UserError);
    CHECK_THROWS_WITH_AS(parse_compiler_options("[\"+neon\", 1]"), Contains("must be a JSON object"),
                         UserError);
    CHECK_THROWS_WITH_AS(parse_compiler_options("{mcpu: 'core-avx2'}"),
                         Contains("CompilerOptions: not valid JSON"), UserError);
    CHECK_THROWS_WITH_AS(parse_compiler_options(R"({"mcpu": "a", "mcpu": "b"})"),
                         Contains("the key 'mcpu' is given more than once"), UserError);
}

TEST_CASE("each platform's schema has its keys, typed") {
    CHECK(options_schema(Os::linux_, Arch::x86_64, Accelerator::none).keys() ==
          std::vector<std::string>{"mcpu", "mattr", "dtype", "layout"});
    CHECK(options_schema(Os::android, Arch::arm64, Accelerator::mali).keys() ==
          std::vector<std::string>{"mcpu", "mattr", "ANDROID_PLATFORM", "dtype", "layout"});
    CHECK(options_schema(Os::linux_, Arch::arm64, Accelerator::nvidia).keys() ==
          std::vector<std::string>{"mcpu", "mattr", "gpu-code", "trt-ver", "cuda-ver", "dtype", "layout"});
    OptionsSchema android = options_schema(Os::android, Arch::arm64, Accelerator::none);
    const OptionSpec* api = android.find("ANDROID_PLATFORM");
    REQUIRE(api != nullptr);
    CHECK(api->type == OptionType::integer);
    CHECK(*api->min == 21);
    CHECK(*api->max == 29);
    CHECK(options_schema(Os::linux_, Arch::arm64, Accelerator::nvidia).find("gpu_code")->key == "gpu-code");
    std::string help = options_schema(Os::linux_, Arch::arm64, Accelerator::nvidia).describe();
    CHECK_HAS(help, "gpu-code (string, required)");
    CHECK_HAS(help, "dtype (string, default \"float32\")");
}

TEST_CASE("an unknown key lists the keys of the platform") {
    CHECK_THROWS_WITH_AS(on_platform(kLinuxX86, R"({"mcu": "haswell"})"),
                         Contains("CompilerOptions for LINUX/X86_64: unknown key 'mcu' (did you mean "
                                  "'mcpu'?); the keys for LINUX/X86_64 are mcpu, mattr, dtype"),
                         UserError);
    CHECK_THROWS_WITH_AS(on_platform(kAndroidArm64, R"({"opt-level": 3})"),
                         Contains("the keys for ANDROID/ARM64 are mcpu, mattr, ANDROID_PLATFORM, dtype"),
                         UserError);
    CHECK_THROWS_WITH_AS(on_platform(kLinuxArm64, R"({"ANDROID_PLATFORM": 27})"),
                         Contains("unknown key 'ANDROID_PLATFORM' ('ANDROID_PLATFORM' applies to Os "
                                  "ANDROID only, and the target is LINUX/ARM64)"),
                         UserError);
    CHECK_THROWS_WITH_AS(on_platform(kLinuxArm64, R"({"gpu-code": "sm_72"})"),
                         Contains("applies to Accelerator NVIDIA only"), UserError);
    CHECK_THROWS_WITH_AS(on_device("rasp3b", R"({"cuda-ver": "10.0"})"),
                         Contains("CompilerOptions for rasp3b: unknown key 'cuda-ver'"), UserError);
}

TEST_CASE("mcpu must be a CPU LLVM 16 knows for the arch") {
    for (const char* cpu : {"generic", "core-avx2", "skylake", "skylake-avx512", "cascadelake",
                            "icelake-server", "sapphirerapids", "znver1", "znver2", "znver3", "znver4",
                            "haswell", "broadwell", "atom", "goldmont", "x86-64", "x86-64-v2",
                            "x86-64-v3", "x86-64-v4"})
        CHECK_MESSAGE(is_llvm_cpu(Arch::x86_64, cpu), cpu);
    for (const char* cpu : {"generic", "cortex-a53", "cortex-a55", "cortex-a57", "cortex-a72", "cortex-a73",
                            "cortex-a75", "cortex-a76", "carmel", "neoverse-n1", "neoverse-v1", "apple-a14"})
        CHECK_MESSAGE(is_llvm_cpu(Arch::arm64, cpu), cpu);
    for (const char* cpu : {"generic", "cortex-a7", "cortex-a8", "cortex-a9", "cortex-a15", "cortex-a53",
                            "cortex-a72"})
        CHECK_MESSAGE(is_llvm_cpu(Arch::arm_eabihf, cpu), cpu);
    CHECK_FALSE(is_llvm_cpu(Arch::arm64, "skylake"));
    CHECK_FALSE(is_llvm_cpu(Arch::x86_64, "znver5"));  // LLVM 16 does not know Zen 5

    CHECK(on_platform(kLinuxX86, R"({"mcpu": "znver4"})").cpu == "znver4");
    CHECK_THROWS_WITH_AS(on_platform(kLinuxX86, R"({"mcpu": "skylake-avx"})"),
                         Contains("'mcpu' \"skylake-avx\" is not a CPU name LLVM 16 knows for X86_64 "
                                  "(`llc-16 -march=x86-64 -mcpu=help` lists them) (did you mean "
                                  "'skylake-avx512'"),
                         UserError);
    CHECK_THROWS_WITH_AS(on_platform(kLinuxArm64, R"({"mcpu": "skylake-avx512"})"),
                         Contains("is not a CPU name LLVM 16 knows for ARM64"), UserError);
    CHECK_THROWS_WITH_AS(on_platform(kLinuxArm64, R"({"mcpu": 72})"),
                         Contains("'mcpu' must be a string such as \"cortex-a72\", not 72"), UserError);
}

TEST_CASE("mattr is a list of +feature / -feature with LLVM feature names") {
    CHECK(on_platform(kLinuxArm64, R"({"mattr": ["+neon", "-crc"]})").features ==
          std::vector<std::string>{"+neon", "-crc"});
    CHECK_THROWS_WITH_AS(on_platform(kLinuxArm64, R"({"mattr": "+neon"})"),
                         Contains("'mattr' must be a list of strings such as [\"+neon\"], not \"+neon\""),
                         UserError);
    CHECK_THROWS_WITH_AS(on_platform(kLinuxArm64, R"({"mattr": ["+neon", 1]})"),
                         Contains("'mattr' must be a list of strings"), UserError);
    CHECK_THROWS_WITH_AS(on_platform(kLinuxArm64, R"({"mattr": ["neon"]})"),
                         Contains("'mattr' entry \"neon\" must be \"+name\" to enable a feature or "
                                  "\"-name\" to disable it"),
                         UserError);
    CHECK_THROWS_WITH_AS(on_device("rasp3b", R"({"mattr": ["+neno"]})"),
                         Contains("'mattr' entry \"+neno\" is not a feature LLVM 16 knows for ARM_EABIHF "
                                  "(`llc-16 -march=arm -mattr=help` lists them) (did you mean '+neon'?)"),
                         UserError);
    CHECK_THROWS_WITH_AS(on_platform(kLinuxX86, R"({"mattr": ["+neon"]})"),
                         Contains("is not a feature LLVM 16 knows for X86_64"), UserError);
}

TEST_CASE("ANDROID_PLATFORM is an integer from 21 to 29, Android only") {
    CHECK(on_platform(kAndroidArm64, R"({"ANDROID_PLATFORM": 21})").triple == "aarch64-linux-android21");
    CHECK(on_platform(kAndroidArm64, R"({"ANDROID_PLATFORM": 29})").triple == "aarch64-linux-android29");
    for (const char* bad : {R"({"ANDROID_PLATFORM": 20})", R"({"ANDROID_PLATFORM": 30})",
                            R"({"ANDROID_PLATFORM": -1})", R"({"ANDROID_PLATFORM": 18446744073709551615})"})
        CHECK_THROWS_WITH_AS(on_platform(kAndroidArm64, bad),
                             Contains("'ANDROID_PLATFORM' must be an integer from 21 to 29, not"), UserError);
    CHECK_THROWS_WITH_AS(on_platform(kAndroidArm64, R"({"ANDROID_PLATFORM": "27"})"),
                         Contains("'ANDROID_PLATFORM' must be an integer from 21 to 29 such as 28, not \"27\""),
                         UserError);
    CHECK_THROWS_WITH_AS(on_platform(kAndroidArm64, R"({"ANDROID_PLATFORM": 27.5})"),
                         Contains("must be an integer from 21 to 29 such as 28, not 27.5"), UserError);
}

TEST_CASE("NVIDIA needs gpu-code, trt-ver and cuda-ver in their formats") {
    TargetSpec t = on_platform(kLinuxArm64Nvidia, "{'gpu_code': 'sm_72', 'trt-ver': '6.0.1', 'cuda-ver': '10.1'}");
    CHECK(t.options["gpu-code"] == "sm_72");  // the documents' other spelling is accepted
    CHECK_FALSE(t.options.contains("gpu_code"));
    CHECK_THROWS_WITH_AS(on_platform(kLinuxArm64Nvidia, R"({"mcpu": "carmel"})"),
                         Contains("CompilerOptions for LINUX/ARM64/NVIDIA: missing 'gpu-code' (NVIDIA GPU "
                                  "architecture (compute capability) to generate code for, e.g. \"sm_72\"), "
                                  "'trt-ver' (TensorRT version on the device, e.g. \"6.0.1\"), 'cuda-ver'"),
                         UserError);
    CHECK_THROWS_WITH_AS(on_platform(kLinuxArm64Nvidia, ""),
                         Contains("LINUX/ARM64/NVIDIA needs them all, e.g. {\"cuda-ver\":\"10.0\",\"gpu-code\":\"sm_72\","
                                  "\"trt-ver\":\"6.0.1\"}"),
                         UserError);
    CHECK_THROWS_WITH_AS(on_device("jetson_nano", R"({"gpu-code": "compute_53"})"),
                         Contains("'gpu-code' must look like sm_NN (e.g. \"sm_72\"), not \"compute_53\""),
                         UserError);
    CHECK_THROWS_WITH_AS(on_device("jetson_nano", R"({"trt-ver": "6.0"})"),
                         Contains("'trt-ver' must look like x.y.z (e.g. \"6.0.1\"), not \"6.0\""), UserError);
    CHECK_THROWS_WITH_AS(on_device("jetson_nano", R"({"cuda-ver": "10"})"),
                         Contains("'cuda-ver' must look like x.y (e.g. \"10.0\"), not \"10\""), UserError);
    CHECK_THROWS_WITH_AS(on_device("jetson_nano", R"({"cuda-ver": 10.2})"),
                         Contains("'cuda-ver' must be a string such as \"10.0\", not 10.2"), UserError);
    CHECK_THROWS_WITH_AS(on_device("jetson_nano", R"({"gpu-code": "sm_53", "gpu_code": "sm_53"})"),
                         Contains("'gpu-code' is given twice, as 'gpu-code' and as 'gpu_code'; give it once"),
                         UserError);
}

TEST_CASE("dtype is float32, float16 or int8") {
    CHECK(on_platform(kLinuxX86, R"({"dtype": "int8"})").options["dtype"] == "int8");
    CHECK(on_platform(kLinuxX86, R"({"dtype": "float16"})").options["dtype"] == "float16");
    CHECK(on_platform(kLinuxX86, "").options["dtype"] == "float32");
    CHECK_THROWS_WITH_AS(on_platform(kLinuxX86, R"({"dtype": "fp32"})"),
                         Contains("'dtype' must be one of float32, float16, int8, not \"fp32\""), UserError);
}

TEST_CASE("all problems of one CompilerOptions are reported together") {
    std::string message;
    try {
        on_platform(kAndroidArm64, R"({"ANDROID_PLATFORM": 35, "dtype": "int4", "mcpu": "cortex-a999"})");
    } catch (const UserError& e) {
        message = e.what();
    }
    CHECK_HAS(message, "'ANDROID_PLATFORM' must be an integer");
    CHECK_HAS(message, "'dtype' must be one of");
    CHECK_HAS(message, "'mcpu' \"cortex-a999\"");
}

TEST_CASE("TargetDevice and TargetPlatform: exactly one") {
    CHECK_THROWS_WITH_AS(resolve_target(kCatalog, std::string("rasp3b"), std::string(kLinuxArm64), std::nullopt),
                         Contains("TargetDevice and TargetPlatform are mutually exclusive"), UserError);
    CHECK_THROWS_WITH_AS(resolve_target(kCatalog, std::nullopt, std::nullopt, std::nullopt),
                         Contains("no target given: name a device with --target-device NAME"), UserError);
}

TEST_CASE("a device's defaults are merged under the user's options") {
    TargetSpec pi = on_device("rasp3b", "");
    CHECK(pi.cpu == "cortex-a53");
    CHECK(pi.features == std::vector<std::string>{"+neon"});
    CHECK(pi.options == json{{"mattr", {"+neon"}}, {"dtype", "float32"}});

    CHECK(on_device("rasp3b", R"({"mcpu": "cortex-a72"})").cpu == "cortex-a72");
    CHECK(on_device("rasp3b", R"({"mattr": ["+vfp4"]})").features == std::vector<std::string>{"+neon", "+vfp4"});
    CHECK(on_device("rasp3b", R"({"mattr": ["-neon"]})").features == std::vector<std::string>{"-neon"});
    CHECK(on_device("sbe_c", "").cpu == "core-avx2");

    TargetSpec nano = on_device("jetson_nano", "{'trt-ver': '6.0.1'}");
    CHECK(nano.options["trt-ver"] == "6.0.1");
    CHECK(nano.options["gpu-code"] == "sm_53");
    CHECK(nano.options["cuda-ver"] == "10.0");

    CHECK(on_device("qcs605", "").triple == "aarch64-linux-android27");
    CHECK(on_device("qcs605", R"({"ANDROID_PLATFORM": 29})").triple == "aarch64-linux-android29");
    CHECK(on_device("qcs603", "").options["ANDROID_PLATFORM"] == 27);
    CHECK(resolve_target(kCatalog, std::string("ml_c5"), std::nullopt, std::nullopt).cpu == "skylake-avx512");
}

TEST_CASE("merge_features lets later entries override earlier ones") {
    CHECK(merge_features({"+neon", "+vfp4"}, {"-neon", "+crc"}) ==
          std::vector<std::string>{"-neon", "+vfp4", "+crc"});
    CHECK(merge_features({}, {}).empty());
}

TEST_CASE("TargetSpec describes itself and round-trips through JSON") {
    TargetSpec t = on_device("jetson_xavier", "");
    CHECK(t.describe() == "jetson_xavier");
    TargetSpec back = TargetSpec::from_json(t.to_json());
    CHECK(back.to_json() == t.to_json());
    CHECK(t.to_json()["arch"] == "ARM64");
    CHECK(on_platform(kLinuxArm64, "").describe() == "LINUX/ARM64");
    CHECK_THROWS_WITH_AS(TargetSpec::from_json(json{{"device", "x"}}), Contains("'os' is missing"), UserError);
}
