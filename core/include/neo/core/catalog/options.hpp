#pragma once
// CompilerOptions: typed, self-describing schemas (DESIGN §7). Each platform's schema
// lists its keys with their type, default, range / choices / pattern and a line of doc,
// and validation is driven by the schema alone.
//
// Keys (the service's CompilerOptions):
//   every platform   mcpu (LLVM CPU name), mattr (["+feature", "-feature"]), dtype
//   Os ANDROID       ANDROID_PLATFORM (API level 21..29)
//   Accelerator NVIDIA  gpu-code (sm_NN), trt-ver (x.y.z), cuda-ver (x.y), all required
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "neo/core/catalog/device.hpp"

namespace neo {

enum class OptionType {
    string,        // a JSON string
    integer,       // a JSON integer (not a float, not a string)
    string_list,   // a JSON list of strings
    feature_list,  // a JSON list of "+name" / "-name" strings, name one of `choices`
};

struct OptionSpec {
    std::string key;                   // as the service spells it: "gpu-code"
    OptionType type = OptionType::string;
    std::string doc;                   // one line: what it means
    std::string example;               // a valid value as JSON text: "\"sm_72\""
    nlohmann::json default_value;      // null: no default
    bool required = false;             // must be given (or come from a device's defaults)
    std::vector<std::string> aliases;  // other accepted spellings ("gpu_code")
    std::optional<int64_t> min, max;   // integer range, inclusive
    std::vector<std::string> choices;  // allowed strings / feature names; empty: any
    std::string choices_doc;           // how to list long choices ("llc-16 ... -mcpu=help")
    std::string pattern;               // ECMAScript regex a string must match; empty: any
    std::string pattern_doc;           // the pattern in words: "sm_NN"
    std::string applies_to;            // "every platform", "Os ANDROID", ...
};

struct OptionsSchema {
    std::string platform;              // "LINUX/ARM64/NVIDIA", for messages
    std::vector<OptionSpec> options;

    const OptionSpec* find(std::string_view key) const;  // by key or alias
    std::vector<std::string> keys() const;

    // Checks every key and value of `given` (a JSON object) and returns it with aliases
    // replaced by canonical keys. `target` names the target in messages ("rasp3b",
    // "LINUX/ARM64"). All problems are reported at once in one UserError.
    nlohmann::json check(const nlohmann::json& given, std::string_view target) const;
    // Fills in defaults and checks that every required key is present (`options` must
    // have been through check()). UserError naming each missing key.
    nlohmann::json complete(nlohmann::json options, std::string_view target) const;

    // Help text: one line per key with its type, default and doc.
    std::string describe() const;
};

// The schema of a platform (or of a device, by its OS / arch / accelerator).
OptionsSchema options_schema(Os os, Arch arch, Accelerator accelerator);

// Every key any platform knows, with `applies_to` saying where (for messages).
std::vector<OptionSpec> all_option_specs();

// Reads CompilerOptions text as the service takes it: a JSON object of 7 to 1024
// characters matching ^\{.+\}$ (surrounding white space ignored); single-quoted
// Python-dict style is accepted. UserError saying what is wrong otherwise.
nlohmann::json parse_compiler_options(std::string_view text);

// Applies mattr to a feature list: "+f" or "-f" replaces an entry for f already in the
// list (in place) or is appended; so a user's "-neon" overrides a device's "+neon".
std::vector<std::string> merge_features(std::vector<std::string> features,
                                        const std::vector<std::string>& mattr);

}  // namespace neo
