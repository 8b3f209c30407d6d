// The device catalog: every device of the service present with its documented platform and
// default options, public SoC facts, lookup, plugin-contributed devices, names, text helpers.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "neo/core/catalog/catalog.hpp"
#include "neo/core/catalog/llvm_names.hpp"
#include "neo/core/catalog/resolve.hpp"
#include "neo/core/catalog/text.hpp"
#include "neo/core/util/error.hpp"

using namespace neo;
using doctest::Contains;
using nlohmann::json;

// Checks that `text` contains `part`, showing the whole text when it does not.
#define CHECK_HAS(text, part) \
    CHECK_MESSAGE(std::string(text).find(part) != std::string::npos, "text: " << (text))

namespace {

// The service's TargetDevice values (OutputConfig), then those newer API versions add.
const std::vector<std::string> kServiceDevices = {
    "lambda", "ml_m4", "ml_m5", "ml_c4", "ml_c5", "ml_p2", "ml_p3", "ml_g4dn", "ml_inf1",
    "jetson_tx1", "jetson_tx2", "jetson_nano", "jetson_xavier", "rasp3b", "imx8qm", "deeplens",
    "rk3399", "rk3288", "aisage", "sbe_c", "qcs605", "qcs603", "sitara_am57x", "amba_cv22",
    "x86_win32", "x86_win64"};
const std::vector<std::string> kNewerDevices = {
    "ml_m6g", "ml_c6g", "ml_inf2", "ml_trn1", "ml_eia2", "rasp4b", "amba_cv2", "amba_cv25",
    "coreml", "jacinto_tda4vm", "imx8mplus"};

// The edge-device table of the supported-devices page, transcribed: OS, arch, accelerator
// ("" = none) and compiler options ("" = none given).
struct SeedDevice {
    const char* name;
    const char* os;
    const char* arch;
    const char* accelerator;
    const char* options;
};
const SeedDevice kSeedTable[] = {
    {"jetson_tx1", "LINUX", "ARM64", "NVIDIA", R"({"gpu-code": "sm_53", "trt-ver": "6.0.1", "cuda-ver": "10.0"})"},
    {"jetson_tx2", "LINUX", "ARM64", "NVIDIA", R"({"gpu-code": "sm_62", "trt-ver": "6.0.1", "cuda-ver": "10.0"})"},
    {"jetson_nano", "LINUX", "ARM64", "NVIDIA", R"({"gpu-code": "sm_53", "trt-ver": "5.0.6", "cuda-ver": "10.0"})"},
    {"jetson_xavier", "LINUX", "ARM64", "NVIDIA", R"({"gpu-code": "sm_72", "trt-ver": "5.1.6", "cuda-ver": "10.0"})"},
    {"rasp3b", "LINUX", "ARM_EABIHF", "", R"({"mattr": ["+neon"]})"},
    {"imx8qm", "LINUX", "ARM64", "", ""},
    {"deeplens", "LINUX", "X86_64", "INTEL_GRAPHICS", ""},
    {"rk3399", "LINUX", "ARM64", "MALI", ""},
    {"rk3288", "LINUX", "ARM_EABIHF", "MALI", ""},
    {"aisage", "LINUX", "ARM64", "MALI", ""},
    {"sbe_c", "LINUX", "X86_64", "", R"({"mcpu": "core-avx2"})"},
    {"qcs605", "ANDROID", "ARM64", "MALI", R"({"ANDROID_PLATFORM": 27})"},
    {"qcs603", "ANDROID", "ARM64", "MALI", R"({"ANDROID_PLATFORM": 27})"},
};

const DeviceInfo& device(const char* name) {
    const DeviceInfo* d = DeviceCatalog::builtin().find(name);
    REQUIRE_MESSAGE(d != nullptr, name);
    return *d;
}

DeviceInfo plugin_device(const std::string& name) {
    DeviceInfo d;
    d.name = name;
    d.soc = "Example SoC";
    d.arch = Arch::arm64;
    d.triple = "aarch64-linux-gnu";
    d.cpu = "cortex-a55";
    d.features = {"+neon"};
    return d;
}

}  // namespace

TEST_CASE("every TargetDevice of the service is in the built-in catalog") {
    const auto& catalog = DeviceCatalog::builtin();
    for (const auto& list : {kServiceDevices, kNewerDevices})
        for (const auto& name : list) CHECK_MESSAGE(catalog.find(name) != nullptr, name);
    CHECK(catalog.all().size() == kServiceDevices.size() + kNewerDevices.size());
    const std::vector<std::string> listed = catalog.names();
    CHECK(std::set<std::string>(listed.begin(), listed.end()).size() == listed.size());
}

TEST_CASE("seed devices have the documented OS, arch, accelerator and compiler options") {
    for (const auto& seed : kSeedTable) {
        CAPTURE(seed.name);
        const DeviceInfo& d = device(seed.name);
        CHECK(os_name(d.os) == seed.os);
        CHECK(arch_name(d.arch) == seed.arch);
        CHECK(accelerator_name(d.accelerator) == seed.accelerator);
        json expected = *seed.options ? json::parse(seed.options) : json::object();
        CHECK(d.default_options == expected);
    }
}

TEST_CASE("devices carry public SoC facts and LLVM targets") {
    CHECK_HAS(device("rasp3b").soc, "BCM2837");
    CHECK_HAS(device("rasp3b").soc, "Cortex-A53");
    CHECK(device("rasp3b").cpu == "cortex-a53");
    CHECK(device("rasp3b").triple == "armv7a-linux-gnueabihf");
    CHECK(device("rasp3b").features == std::vector<std::string>{"+neon"});
    CHECK(device("jetson_xavier").cpu == "carmel");
    CHECK(device("jetson_tx2").cpu == "cortex-a57");
    CHECK(device("ml_c5").cpu == "skylake-avx512");
    CHECK_HAS(device("ml_c5").soc, "Skylake");
    CHECK(device("ml_m6g").cpu == "neoverse-n1");
    CHECK(device("ml_c6g").cpu == "neoverse-n1");
    CHECK_HAS(device("ml_m6g").soc, "Graviton2");
    CHECK(device("ml_inf1").accelerator == Accelerator::inferentia);
    CHECK(device("ml_inf1").cpu == "cascadelake");
    CHECK(device("ml_inf2").accelerator == Accelerator::inferentia);
    CHECK(device("ml_trn1").accelerator == Accelerator::trainium);
    CHECK(device("ml_eia2").accelerator == Accelerator::elastic_inference);
    CHECK(device("ml_p3").accelerator == Accelerator::nvidia);
    CHECK(device("ml_p3").default_options["gpu-code"] == "sm_70");
    CHECK(device("ml_g4dn").default_options["gpu-code"] == "sm_75");
    CHECK(device("ml_p2").default_options["gpu-code"] == "sm_37");
    CHECK(device("qcs605").triple == "aarch64-linux-android27");
    CHECK(device("x86_win32").triple == "i686-pc-windows-msvc");
    CHECK(device("x86_win32").os == Os::windows);
    CHECK(device("x86_win32").arch == Arch::x86);
    CHECK(device("x86_win64").triple == "x86_64-pc-windows-msvc");
    CHECK(device("deeplens").cpu == "goldmont");
    CHECK(device("rasp4b").cpu == "cortex-a72");
    CHECK(device("imx8mplus").accelerator == Accelerator::nna);
    CHECK(device("coreml").os == Os::ios);
    CHECK(device("coreml").accelerator == Accelerator::coreml);
}

TEST_CASE("every built-in device is well formed and resolves with no options") {
    for (const auto& d : DeviceCatalog::builtin().all()) {
        CAPTURE(d.name);
        CHECK(!d.soc.empty());
        CHECK(!d.description.empty());
        CHECK(is_llvm_cpu(d.arch, d.cpu));
        for (const auto& f : d.features) CHECK(is_llvm_feature(d.arch, f.substr(1)));
        TargetSpec t = resolve_device(d, json());
        CHECK(t.device == d.name);
        CHECK(t.triple == d.triple);
        CHECK(t.cpu == d.cpu);
        CHECK(t.options["dtype"] == "float32");
        CHECK(t.describe() == d.name);
        CHECK(DeviceCatalog::builtin().source_of(d.name) == "the built-in catalog");
    }
}

TEST_CASE("rasp4 from the device table is an alias of rasp4b") {
    const auto& catalog = DeviceCatalog::builtin();
    REQUIRE(catalog.find("rasp4") != nullptr);
    CHECK(catalog.find("rasp4") == catalog.find("rasp4b"));
    CHECK(resolve_target(catalog, "rasp4", std::nullopt, std::nullopt).device == "rasp4b");
}

TEST_CASE("an unknown device is refused with the closest names") {
    const auto& catalog = DeviceCatalog::builtin();
    CHECK(catalog.find("rasp5") == nullptr);
    CHECK_THROWS_WITH_AS(catalog.get("rasp3"), Contains("unknown TargetDevice 'rasp3'"), UserError);
    CHECK_THROWS_WITH_AS(catalog.get("rasp3"), Contains("did you mean 'rasp3b'"), UserError);
    CHECK_THROWS_WITH_AS(catalog.get("jetson_nan"), Contains("'jetson_nano'"), UserError);
    CHECK_THROWS_WITH_AS(catalog.get("ml_c55"), Contains("neo-build --list-devices"), UserError);
    CHECK_THROWS_WITH_AS(resolve_target(catalog, "rk3339", std::nullopt, std::nullopt),
                         Contains("did you mean 'rk3399'"), UserError);
}

TEST_CASE("a copy of the catalog takes devices from target plugins") {
    DeviceCatalog catalog = DeviceCatalog::builtin();
    catalog.add(plugin_device("vendor_board"), "target plugin 'vendor'");
    REQUIRE(catalog.find("vendor_board") != nullptr);
    CHECK(catalog.source_of("vendor_board") == "target plugin 'vendor'");
    CHECK(DeviceCatalog::builtin().find("vendor_board") == nullptr);
    CHECK(resolve_target(catalog, "vendor_board", std::nullopt, std::nullopt).cpu == "cortex-a55");

    SUBCASE("a duplicate name names both sources") {
        CHECK_THROWS_WITH_AS(catalog.add(plugin_device("rasp3b"), "target plugin 'other'"),
                             Contains("device 'rasp3b' from target plugin 'other' is already defined "
                                      "by the built-in catalog"),
                             UserError);
        CHECK_THROWS_WITH_AS(catalog.add(plugin_device("vendor_board"), "target plugin 'copy'"),
                             Contains("already defined by target plugin 'vendor'"), UserError);
    }
    SUBCASE("an alias counts as a name") {
        DeviceInfo d = plugin_device("pi4");
        d.aliases = {"rasp4"};
        CHECK_THROWS_WITH_AS(catalog.add(d, "target plugin 'pi'"),
                             Contains("device 'rasp4' from target plugin 'pi' is already defined"),
                             UserError);
    }
    SUBCASE("a malformed entry is refused with every problem") {
        DeviceInfo d = plugin_device("bad board");
        d.cpu = "cortex-z9";
        d.features = {"neon"};
        d.default_options = json{{"ANDROID_PLATFORM", 27}};
        std::string message;
        try {
            catalog.add(d, "target plugin 'bad'");
        } catch (const UserError& e) {
            message = e.what();
        }
        CHECK_HAS(message, "device 'bad board' from target plugin 'bad' is refused");
        CHECK_HAS(message, "letters, digits and '_'");
        CHECK_HAS(message, "cpu 'cortex-z9'");
        CHECK_HAS(message, "feature 'neon'");
        CHECK_HAS(message, "'ANDROID_PLATFORM' applies to Os ANDROID only");
    }
}

TEST_CASE("device_to_json spells values as the service does") {
    json j = device_to_json(device("qcs605"));
    CHECK(j["os"] == "ANDROID");
    CHECK(j["arch"] == "ARM64");
    CHECK(j["accelerator"] == "MALI");
    CHECK(j["default_options"]["ANDROID_PLATFORM"] == 27);
    CHECK(device_to_json(device("rasp4b"))["aliases"] == json::array({"rasp4"}));
}

TEST_CASE("OS, arch and accelerator names both ways") {
    for (Os o : all_os()) CHECK(parse_os(os_name(o)) == o);
    for (Arch a : all_archs()) CHECK(parse_arch(arch_name(a)) == a);
    for (Accelerator a : all_accelerators()) CHECK(parse_accelerator(accelerator_name(a)) == a);
    CHECK(os_name(Os::linux_) == "LINUX");
    CHECK(arch_name(Arch::arm_eabihf) == "ARM_EABIHF");
    CHECK(accelerator_name(Accelerator::intel_graphics) == "INTEL_GRAPHICS");
    CHECK(accelerator_name(Accelerator::none) == "");
    CHECK(parse_os("linux") == Os::linux_);
    CHECK(parse_arch("x86_64") == Arch::x86_64);
    CHECK(parse_accelerator("Mali") == Accelerator::mali);
    CHECK(parse_accelerator("NNA") == Accelerator::nna);
    CHECK_FALSE(parse_os("LINUX2").has_value());
    CHECK_FALSE(parse_arch("ARM").has_value());
    CHECK_FALSE(parse_accelerator("GPU").has_value());
}

TEST_CASE("text helpers: quotes, JSON errors, suggestions") {
    CHECK(python_quotes_to_json("{'mcpu': 'skylake-avx512'}") == R"({"mcpu": "skylake-avx512"})");
    CHECK(python_quotes_to_json(R"({'a': 'say "hi"', 'b': 'it\'s'})") ==
          R"({"a": "say \"hi\"", "b": "it's"})");
    CHECK(python_quotes_to_json(R"({"a": "it's"})") == R"({"a": "it's"})");
    CHECK(python_quotes_to_json(R"({"a\"'": 1})") == R"({"a\"'": 1})");
    CHECK(parse_json_text("{'a': [1, 'x']}", "X", "{}")["a"][1] == "x");
    CHECK_THROWS_WITH_AS(parse_json_text("{'a': }", "CompilerOptions", "{\"mcpu\": \"x\"}"),
                         Contains("CompilerOptions: not valid JSON (at character"), UserError);
    CHECK_THROWS_WITH_AS(parse_json_text(R"({"a": 1, "a": 2})", "X", "{}"),
                         Contains("X: the key 'a' is given more than once"), UserError);
    CHECK(parse_json_text(R"({"a": {"k": 1}, "b": {"k": 2}})", "X", "{}").size() == 2);
    CHECK(edit_distance("rasp3", "rasp3b") == 1);
    CHECK(edit_distance("Os", "OS") == 0);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(closest_names("jetson", {"jetson_tx1", "rasp3b"}).empty());
    CHECK(closest_names("jetson_tx", {"jetson_tx1", "jetson_tx2", "rasp3b"}) ==
          std::vector<std::string>{"jetson_tx1", "jetson_tx2"});
    CHECK(did_you_mean("xyz", {"rasp3b"}).empty());
    CHECK(did_you_mean("rasp3", {"rasp3b"}) == " (did you mean 'rasp3b'?)");
}
