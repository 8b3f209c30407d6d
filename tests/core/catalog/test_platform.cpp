// TargetPlatform: the OS x arch x accelerator support matrices cell by cell, the refusals'
// messages, the service's documented examples, and platform triples.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "neo/core/catalog/platform.hpp"
#include "neo/core/catalog/resolve.hpp"
#include "neo/core/util/error.hpp"

using namespace neo;
using doctest::Contains;

namespace {

// The "Systems and Architectures" tables of the supported-devices page, transcribed:
// for each OS and accelerator row ("" = no accelerator, CPU), the columns marked X.
// Rows or cells absent here are unsupported (the Android NVIDIA row is empty).
struct SeedRow {
    const char* os;
    const char* accelerator;
    std::vector<std::string> archs;
};
const std::vector<SeedRow> kSeedMatrices = {
    {"LINUX", "", {"X86_64", "ARM64", "ARM_EABIHF", "ARM_EABI"}},
    {"LINUX", "NVIDIA", {"X86_64", "ARM64"}},
    {"LINUX", "INTEL_GRAPHICS", {"X86_64"}},
    {"LINUX", "MALI", {"ARM64", "ARM_EABIHF", "ARM_EABI"}},
    {"ANDROID", "", {"X86_64", "X86", "ARM64", "ARM_EABI"}},
    {"ANDROID", "NVIDIA", {}},
    {"ANDROID", "INTEL_GRAPHICS", {"X86_64", "X86"}},
    {"ANDROID", "MALI", {"ARM64", "ARM_EABI"}},
    {"WINDOWS", "", {"X86_64", "X86"}},
};
const std::vector<std::string> kOses = {"LINUX", "ANDROID", "WINDOWS"};
const std::vector<std::string> kArchs = {"X86_64", "X86", "ARM64", "ARM_EABIHF", "ARM_EABI"};
const std::vector<std::string> kAccelerators = {"", "NVIDIA", "INTEL_GRAPHICS", "MALI", "NNA"};

bool seed_supports(const std::string& os, const std::string& arch, const std::string& acc) {
    for (const auto& row : kSeedMatrices)
        if (row.os == os && row.accelerator == acc)
            return std::find(row.archs.begin(), row.archs.end(), arch) != row.archs.end();
    return false;
}

std::string platform_json(const std::string& os, const std::string& arch, const std::string& acc) {
    std::string j = R"({"Os": ")" + os + R"(", "Arch": ")" + arch + "\"";
    if (!acc.empty()) j += R"(, "Accelerator": ")" + acc + "\"";
    return j + "}";
}

const char* kNvidiaOptions = R"({"gpu-code": "sm_72", "trt-ver": "6.0.1", "cuda-ver": "10.1"})";

}  // namespace

TEST_CASE("support matrices: every cell as the service documents it") {
    int supported = 0;
    for (const auto& os : kOses)
        for (const auto& arch : kArchs)
            for (const auto& acc : kAccelerators) {
                const std::string text = platform_json(os, arch, acc);
                CAPTURE(text);
                bool expected = seed_supports(os, arch, acc);
                CHECK(platform_supported(*parse_os(os), *parse_arch(arch), *parse_accelerator(acc)) ==
                      expected);
                if (expected) {
                    ++supported;
                    TargetPlatform p = TargetPlatform::parse(text);
                    CHECK(os_name(p.os) == os);
                    CHECK(arch_name(p.arch) == arch);
                    CHECK(accelerator_name(p.accelerator) == acc);
                    std::string options = acc == "NVIDIA" ? kNvidiaOptions : "";
                    TargetSpec t = resolve_target(DeviceCatalog::builtin(), std::nullopt, text, options);
                    CHECK(t.device.empty());
                    CHECK(!t.triple.empty());
                    CHECK(t.cpu == "generic");
                } else {
                    std::string combination = os + "/" + arch + (acc.empty() ? "" : "/" + acc);
                    const std::string refusal = "TargetPlatform " + combination + " is not supported";
                    CHECK_THROWS_WITH_AS(TargetPlatform::parse(text),
                                         Contains(doctest::String(refusal.c_str())), UserError);
                }
            }
    CHECK(supported == 20);
}

TEST_CASE("an unsupported combination says what the OS supports instead") {
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(platform_json("LINUX", "X86", "")),
                         Contains("LINUX has no X86 support; its architectures are X86_64, ARM64, "
                                  "ARM_EABIHF, ARM_EABI"),
                         UserError);
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(platform_json("ANDROID", "ARM_EABIHF", "")),
                         Contains("ANDROID has no ARM_EABIHF support; its architectures are X86_64, "
                                  "X86, ARM64, ARM_EABI"),
                         UserError);
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(platform_json("WINDOWS", "ARM64", "")),
                         Contains("WINDOWS has no ARM64 support; its architectures are X86_64, X86"),
                         UserError);
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(platform_json("LINUX", "ARM_EABIHF", "NVIDIA")),
                         Contains("on LINUX/ARM_EABIHF the accelerators are none (CPU), MALI"), UserError);
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(platform_json("ANDROID", "ARM64", "NVIDIA")),
                         Contains("on ANDROID/ARM64 the accelerators are none (CPU), MALI"), UserError);
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(platform_json("ANDROID", "X86_64", "MALI")),
                         Contains("on ANDROID/X86_64 the accelerators are none (CPU), INTEL_GRAPHICS"),
                         UserError);
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(platform_json("WINDOWS", "X86_64", "NVIDIA")),
                         Contains("on WINDOWS/X86_64 the accelerators are none (CPU)"), UserError);
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(platform_json("LINUX", "ARM64", "NNA")),
                         Contains("Accelerator NNA is in none of the TargetPlatform support matrices; "
                                  "name the device with TargetDevice instead"),
                         UserError);
    // Device-only values are known names but not TargetPlatform values.
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(platform_json("LINUX", "X86_64", "INFERENTIA")),
                         Contains("Accelerator INFERENTIA is in none of the TargetPlatform support"),
                         UserError);
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(platform_json("IOS", "ARM64", "")),
                         Contains("Os 'IOS' is not supported; valid values: LINUX, ANDROID, WINDOWS"),
                         UserError);
    CHECK_THROWS_WITH_AS(check_platform_supported(Os::ios, Arch::arm64, Accelerator::none),
                         Contains("Os IOS is only available through a TargetDevice"), UserError);
}

TEST_CASE("TargetPlatform keys and values are checked") {
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(R"({"OS": "LINUX", "Arch": "ARM64"})"),
                         Contains("unknown key 'OS' (did you mean 'Os'?); its keys are Os, Arch and "
                                  "Accelerator"),
                         UserError);
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(R"({"Os": "LINUX", "Arch": "ARM64", "Acc": "MALI"})"),
                         Contains("unknown key 'Acc'"), UserError);
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(R"({"Os": "LINUX"})"), Contains("TargetPlatform needs 'Arch'"),
                         UserError);
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(R"({"Arch": "ARM64"})"), Contains("TargetPlatform needs 'Os'"),
                         UserError);
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(R"({"Os": "LINUS", "Arch": "ARM64"})"),
                         Contains("Os 'LINUS' is not supported (did you mean 'LINUX'?)"), UserError);
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(R"({"Os": "LINUX", "Arch": "ARM"})"),
                         Contains("Arch 'ARM' is not supported"), UserError);
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(R"({"Os": "LINUX", "Arch": "ARM"})"),
                         Contains("valid values: X86_64, X86, ARM64, ARM_EABIHF, ARM_EABI"), UserError);
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(R"({"Os": "LINUX", "Arch": "ARM64", "Accelerator": "GPU"})"),
                         Contains("Accelerator 'GPU' is not supported; valid values: NVIDIA, "
                                  "INTEL_GRAPHICS, MALI (leave Accelerator out for the CPU)"),
                         UserError);
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(R"({"Os": 1, "Arch": "ARM64"})"),
                         Contains("TargetPlatform Os must be a string"), UserError);
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(R"(["LINUX", "ARM64"])"),
                         Contains("TargetPlatform must be a JSON object"), UserError);
    CHECK_THROWS_WITH_AS(TargetPlatform::parse(R"({"Os": "LINUX", "Arch": })"),
                         Contains("TargetPlatform: not valid JSON"), UserError);
}

TEST_CASE("TargetPlatform accepts single quotes, any letter case, and round-trips") {
    TargetPlatform p = TargetPlatform::parse("{'Os': 'linux', 'Arch': 'arm64', 'Accelerator': 'mali'}");
    CHECK(p.os == Os::linux_);
    CHECK(p.arch == Arch::arm64);
    CHECK(p.accelerator == Accelerator::mali);
    CHECK(p.describe() == "LINUX/ARM64/MALI");
    CHECK(TargetPlatform::from_json(p.to_json()).describe() == "LINUX/ARM64/MALI");
    CHECK(TargetPlatform::parse(R"({"Os": "LINUX", "Arch": "ARM_EABIHF"})").describe() == "LINUX/ARM_EABIHF");
}

TEST_CASE("the service's TargetPlatform examples resolve") {
    const auto& catalog = DeviceCatalog::builtin();
    SUBCASE("Raspberry Pi 3 Model B+") {
        TargetSpec t = resolve_target(catalog, std::nullopt, R"({"Os": "LINUX", "Arch": "ARM_EABIHF"})",
                                      "{'mattr': ['+neon']}");
        CHECK(t.triple == "armv7a-linux-gnueabihf");
        CHECK(t.features == std::vector<std::string>{"+neon"});
        CHECK(t.describe() == "LINUX/ARM_EABIHF");
    }
    SUBCASE("Jetson TX2") {
        TargetSpec t = resolve_target(catalog, std::nullopt,
                                      R"({"Os": "LINUX", "Arch": "ARM64", "Accelerator": "NVIDIA"})",
                                      "{'gpu-code': 'sm_62', 'trt-ver': '6.0.1', 'cuda-ver': '10.0'}");
        CHECK(t.triple == "aarch64-linux-gnu");
        CHECK(t.options["gpu-code"] == "sm_62");
        CHECK(t.describe() == "LINUX/ARM64/NVIDIA");
    }
    SUBCASE("EC2 m5.2xlarge: NVIDIA needs its three options, mcpu alone is not enough") {
        CHECK_THROWS_WITH_AS(resolve_target(catalog, std::nullopt,
                                            R"({"Os": "LINUX", "Arch": "X86_64", "Accelerator": "NVIDIA"})",
                                            "{'mcpu': 'skylake-avx512'}"),
                             Contains("missing 'gpu-code'"), UserError);
        TargetSpec t = resolve_target(catalog, std::nullopt, R"({"Os": "LINUX", "Arch": "X86_64"})",
                                      "{'mcpu': 'skylake-avx512'}");
        CHECK(t.cpu == "skylake-avx512");
        CHECK(t.triple == "x86_64-linux-gnu");
    }
    SUBCASE("RK3399") {
        TargetSpec t = resolve_target(catalog, std::nullopt,
                                      R"({"Os": "LINUX", "Arch": "ARM64", "Accelerator": "MALI"})", std::nullopt);
        CHECK(t.accelerator == Accelerator::mali);
    }
    SUBCASE("ARMv7 phone") {
        TargetSpec t = resolve_target(catalog, std::nullopt, R"({"Os": "ANDROID", "Arch": "ARM_EABI"})",
                                      "{'ANDROID_PLATFORM': 25, 'mattr': ['+neon']}");
        CHECK(t.triple == "armv7a-linux-androideabi25");
        CHECK(t.features == std::vector<std::string>{"+neon"});
    }
    SUBCASE("ARMv8 phone") {
        TargetSpec t = resolve_target(catalog, std::nullopt, R"({"Os": "ANDROID", "Arch": "ARM64"})",
                                      "{'ANDROID_PLATFORM': 29}");
        CHECK(t.triple == "aarch64-linux-android29");
        CHECK(t.options["ANDROID_PLATFORM"] == 29);
    }
    SUBCASE("Android without ANDROID_PLATFORM takes the lowest API level") {
        TargetSpec t = resolve_target(catalog, std::nullopt, R"({"Os": "ANDROID", "Arch": "X86"})", std::nullopt);
        CHECK(t.triple == "i686-linux-android21");
        CHECK(t.options["ANDROID_PLATFORM"] == 21);
    }
}

TEST_CASE("platform triples") {
    CHECK(platform_triple(Os::linux_, Arch::x86_64) == "x86_64-linux-gnu");
    CHECK(platform_triple(Os::linux_, Arch::arm64) == "aarch64-linux-gnu");
    CHECK(platform_triple(Os::linux_, Arch::arm_eabihf) == "armv7a-linux-gnueabihf");
    CHECK(platform_triple(Os::linux_, Arch::arm_eabi) == "armv7a-linux-gnueabi");
    CHECK(platform_triple(Os::android, Arch::arm64, 27) == "aarch64-linux-android27");
    CHECK(platform_triple(Os::android, Arch::x86_64, 28) == "x86_64-linux-android28");
    CHECK(platform_triple(Os::android, Arch::arm_eabi, 24) == "armv7a-linux-androideabi24");
    CHECK(platform_triple(Os::windows, Arch::x86) == "i686-pc-windows-msvc");
    CHECK(platform_triple(Os::windows, Arch::x86_64) == "x86_64-pc-windows-msvc");
    CHECK(with_android_api("aarch64-linux-android27", 29) == "aarch64-linux-android29");
    CHECK(with_android_api("armv7a-linux-androideabi21", 25) == "armv7a-linux-androideabi25");
    CHECK(with_android_api("aarch64-linux-gnu", 29) == "aarch64-linux-gnu");
    CHECK(supported_archs(Os::windows) == std::vector<Arch>{Arch::x86_64, Arch::x86});
    CHECK(supported_accelerators(Os::linux_, Arch::x86_64) ==
          std::vector<Accelerator>{Accelerator::none, Accelerator::nvidia, Accelerator::intel_graphics});
}
