// CompilerOptions schemas and their schema-driven validation.
#include "neo/core/catalog/options.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

#include "neo/core/catalog/llvm_names.hpp"
#include "neo/core/catalog/platform.hpp"
#include "neo/core/catalog/text.hpp"
#include "neo/core/util/error.hpp"

// The tables below use designated initializers and leave defaulted members out on
// purpose; GCC 12 warns about that under -Wextra.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace neo {

namespace {

// ---- The schema table: which keys a platform has, and how each is declared. ----

std::string json_quoted(std::string_view s) { return json_for_message(nlohmann::json(std::string(s))); }

OptionSpec mcpu_spec(Arch arch) {
    const std::string march(llvm_march(arch));
    return {.key = "mcpu",
            .type = OptionType::string,
            .doc = "CPU micro-architecture to generate code for (an LLVM CPU name)",
            .example = arch == Arch::x86_64 || arch == Arch::x86 ? "\"skylake-avx512\""
                                                                 : "\"cortex-a72\"",
            .choices = llvm_cpu_names(arch),
            .choices_doc = "a CPU name LLVM 16 knows for " + std::string(arch_name(arch)) +
                           " (`llc-16 -march=" + march + " -mcpu=help` lists them)",
            .applies_to = "every platform"};
}

OptionSpec mattr_spec(Arch arch) {
    const std::string march(llvm_march(arch));
    return {.key = "mattr",
            .type = OptionType::feature_list,
            .doc = "CPU features to enable (\"+name\") or disable (\"-name\"), LLVM names",
            .example = arch == Arch::x86_64 || arch == Arch::x86 ? R"(["+avx2"])" : R"(["+neon"])",
            .choices = llvm_feature_names(arch),
            .choices_doc = "a feature LLVM 16 knows for " + std::string(arch_name(arch)) +
                           " (`llc-16 -march=" + march + " -mattr=help` lists them)",
            .applies_to = "every platform"};
}

OptionSpec dtype_spec(Arch) {
    return {.key = "dtype",
            .doc = "data type the model is compiled to run in (int8, float16: quantized)",
            .example = "\"int8\"",
            .default_value = "float32",
            .choices = {"float32", "float16", "int8"},
            .applies_to = "every platform"};
}

OptionSpec layout_spec(Arch) {
    return {.key = "layout",
            .doc = "layout of the activations of CPU convolutions: NCHW (when left out), or NCHWc (channels in "
                   "blocks of the vector's lanes, planned once over the graph)",
            .example = "\"NCHWc\"",
            .choices = {"NCHW", "NCHWc"},
            .applies_to = "every platform"};
}

OptionSpec android_platform_spec(Arch) {
    return {.key = "ANDROID_PLATFORM",
            .type = OptionType::integer,
            .doc = "Android API level the code is built for",
            .example = "28",
            .default_value = 21,
            .min = 21,
            .max = 29,
            .applies_to = "Os ANDROID"};
}

OptionSpec gpu_code_spec(Arch) {
    return {.key = "gpu-code",
            .doc = "NVIDIA GPU architecture (compute capability) to generate code for",
            .example = "\"sm_72\"",
            .required = true,
            .aliases = {"gpu_code"},
            .pattern = "sm_[0-9]{2,3}",
            .pattern_doc = "sm_NN",
            .applies_to = "Accelerator NVIDIA"};
}

OptionSpec trt_ver_spec(Arch) {
    return {.key = "trt-ver",
            .doc = "TensorRT version on the device",
            .example = "\"6.0.1\"",
            .required = true,
            .aliases = {"trt_ver"},
            .pattern = "[0-9]+\\.[0-9]+\\.[0-9]+",
            .pattern_doc = "x.y.z",
            .applies_to = "Accelerator NVIDIA"};
}

OptionSpec cuda_ver_spec(Arch) {
    return {.key = "cuda-ver",
            .doc = "CUDA version on the device",
            .example = "\"10.0\"",
            .required = true,
            .aliases = {"cuda_ver"},
            .pattern = "[0-9]+\\.[0-9]+",
            .pattern_doc = "x.y",
            .applies_to = "Accelerator NVIDIA"};
}

struct SchemaEntry {
    bool (*applies)(Os, Arch, Accelerator);
    OptionSpec (*make)(Arch);
};

bool everywhere(Os, Arch, Accelerator) { return true; }
bool on_android(Os os, Arch, Accelerator) { return os == Os::android; }
bool with_nvidia(Os, Arch, Accelerator a) { return a == Accelerator::nvidia; }

// In the order keys are listed in messages and help.
constexpr SchemaEntry kSchemaTable[] = {
    {everywhere, mcpu_spec},         {everywhere, mattr_spec},
    {on_android, android_platform_spec},
    {with_nvidia, gpu_code_spec},    {with_nvidia, trt_ver_spec},
    {with_nvidia, cuda_ver_spec},    {everywhere, dtype_spec},
    {everywhere, layout_spec},
};

// ---- Checking one value against its spec; each returns "" when the value is fine. ----

constexpr std::size_t kListChoicesUpTo = 12;  // longer choice lists are described, not listed

std::string string_problem(const OptionSpec& s, const std::string& value, std::string_view what) {
    if (!s.pattern.empty() && !std::regex_match(value, std::regex(s.pattern)))
        return std::string(what) + " must look like " + s.pattern_doc + " (e.g. " + s.example +
               "), not " + json_quoted(value);
    if (!s.choices.empty() &&
        std::find(s.choices.begin(), s.choices.end(), value) == s.choices.end()) {
        if (s.choices.size() <= kListChoicesUpTo)
            return std::string(what) + " must be one of " + join(s.choices) + ", not " + json_quoted(value);
        return std::string(what) + " " + json_quoted(value) + " is not " + s.choices_doc +
               did_you_mean(value, s.choices);
    }
    return "";
}

std::string feature_problem(const OptionSpec& s, const std::string& entry) {
    const std::string what = "'" + s.key + "' entry " + json_quoted(entry);
    if (entry.size() < 2 || (entry[0] != '+' && entry[0] != '-'))
        return what + " must be \"+name\" to enable a feature or \"-name\" to disable it";
    const std::string name = entry.substr(1);
    if (s.choices.empty() || std::find(s.choices.begin(), s.choices.end(), name) != s.choices.end())
        return "";
    std::string hint;
    if (auto close = closest_names(name, s.choices, 1); !close.empty())
        hint = " (did you mean '" + entry.substr(0, 1) + close[0] + "'?)";
    return what + " is not " + s.choices_doc + hint;
}

std::string value_problem(const OptionSpec& s, const nlohmann::json& v) {
    const std::string what = "'" + s.key + "'";
    switch (s.type) {
        case OptionType::string:
            if (!v.is_string())
                return what + " must be a string such as " + s.example + ", not " + json_for_message(v);
            return string_problem(s, v.get<std::string>(), what);
        case OptionType::integer: {
            std::string range;
            if (s.min && s.max)
                range = " from " + std::to_string(*s.min) + " to " + std::to_string(*s.max);
            if (!v.is_number_integer())
                return what + " must be an integer" + range + " such as " + s.example + ", not " +
                       json_for_message(v);
            // An unsigned beyond int64 is out of any range we declare.
            bool huge = v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT64_MAX);
            int64_t n = huge ? INT64_MAX : v.get<int64_t>();
            if ((s.min && n < *s.min) || (s.max && n > *s.max))
                return what + " must be an integer" + range + ", not " + json_for_message(v);
            return "";
        }
        case OptionType::string_list:
        case OptionType::feature_list: {
            bool strings = v.is_array() && std::all_of(v.begin(), v.end(),
                                                       [](const auto& e) { return e.is_string(); });
            if (!strings)
                return what + " must be a list of strings such as " + s.example + ", not " +
                       json_for_message(v);
            std::vector<std::string> problems;
            for (const auto& e : v) {
                std::string p = s.type == OptionType::feature_list
                                    ? feature_problem(s, e.get<std::string>())
                                    : string_problem(s, e.get<std::string>(), what + " entry");
                if (!p.empty()) problems.push_back(p);
            }
            return join(problems, "; ");
        }
    }
    throw InternalError("unhandled OptionType");
}

std::string type_name(const OptionSpec& s) {
    switch (s.type) {
        case OptionType::string: return "string";
        case OptionType::integer:
            if (s.min && s.max)
                return "integer " + std::to_string(*s.min) + ".." + std::to_string(*s.max);
            return "integer";
        case OptionType::string_list: return "list of strings";
        case OptionType::feature_list: return "list of \"+feature\"/\"-feature\"";
    }
    throw InternalError("unhandled OptionType");
}

[[noreturn]] void fail(std::string_view target, const std::vector<std::string>& problems) {
    throw UserError("CompilerOptions for " + std::string(target) + ": " + join(problems, "; "));
}

}  // namespace

const OptionSpec* OptionsSchema::find(std::string_view key) const {
    for (const auto& s : options)
        if (s.key == key || std::find(s.aliases.begin(), s.aliases.end(), key) != s.aliases.end())
            return &s;
    return nullptr;
}

std::vector<std::string> OptionsSchema::keys() const {
    std::vector<std::string> v;
    for (const auto& s : options) v.push_back(s.key);
    return v;
}

nlohmann::json OptionsSchema::check(const nlohmann::json& given, std::string_view target) const {
    if (!given.is_object())
        fail(target, {"must be a JSON object such as {\"mcpu\": \"skylake-avx512\"}, not " +
                      json_for_message(given)});
    std::vector<std::string> problems;
    nlohmann::json out = nlohmann::json::object();
    std::map<std::string, std::string> spelling;  // canonical key -> the spelling given
    for (const auto& [key, value] : given.items()) {
        const OptionSpec* spec = find(key);
        if (!spec) {
            std::string problem = "unknown key '" + key + "'";
            const auto everything = all_option_specs();
            auto elsewhere = std::find_if(everything.begin(), everything.end(), [&](const OptionSpec& s) {
                return s.key == key ||
                       std::find(s.aliases.begin(), s.aliases.end(), key) != s.aliases.end();
            });
            if (elsewhere != everything.end())
                problem += " ('" + elsewhere->key + "' applies to " + elsewhere->applies_to +
                           " only, and the target is " + platform + ")";
            else
                problem += did_you_mean(key, keys());
            problems.push_back(problem + "; the keys for " + platform + " are " + join(keys()));
            continue;
        }
        if (auto [it, fresh] = spelling.emplace(spec->key, key); !fresh) {
            problems.push_back("'" + spec->key + "' is given twice, as '" + it->second +
                               "' and as '" + key + "'; give it once");
            continue;
        }
        if (std::string p = value_problem(*spec, value); !p.empty()) problems.push_back(p);
        out[spec->key] = value;
    }
    if (!problems.empty()) fail(target, problems);
    return out;
}

nlohmann::json OptionsSchema::complete(nlohmann::json opts, std::string_view target) const {
    std::vector<std::string> missing;
    nlohmann::json example = nlohmann::json::object();
    for (const auto& s : options) {
        if (s.required) example[s.key] = nlohmann::json::parse(s.example);
        if (opts.contains(s.key)) continue;
        if (!s.default_value.is_null())
            opts[s.key] = s.default_value;
        else if (s.required)
            missing.push_back("'" + s.key + "' (" + s.doc + ", e.g. " + s.example + ")");
    }
    if (!missing.empty())
        fail(target, {"missing " + join(missing, ", ") + "; " + platform +
                      " needs them all, e.g. " + json_for_message(example)});
    return opts;
}

std::string OptionsSchema::describe() const {
    std::string s = "CompilerOptions for " + platform + ":\n";
    for (const auto& o : options) {
        s += "  " + o.key + " (" + type_name(o);
        if (o.required) s += ", required";
        if (!o.default_value.is_null()) s += ", default " + json_for_message(o.default_value);
        s += "): " + o.doc + ", e.g. " + o.example + "\n";
    }
    return s;
}

OptionsSchema options_schema(Os os, Arch arch, Accelerator accelerator) {
    OptionsSchema schema;
    schema.platform = describe_platform(os, arch, accelerator);
    for (const auto& entry : kSchemaTable)
        if (entry.applies(os, arch, accelerator)) schema.options.push_back(entry.make(arch));
    return schema;
}

std::vector<OptionSpec> all_option_specs() {
    std::vector<OptionSpec> v;
    for (const auto& entry : kSchemaTable) v.push_back(entry.make(Arch::x86_64));
    return v;
}

nlohmann::json parse_compiler_options(std::string_view text) {
    auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    constexpr std::size_t kMin = 7, kMax = 1024;  // the service's length constraint
    const std::string example = R"({"mcpu": "skylake-avx512"})";
    if (text.size() < kMin || text.size() > kMax)
        throw UserError("CompilerOptions must be " + std::to_string(kMin) + " to " +
                        std::to_string(kMax) + " characters long; " + json_quoted(text) + " has " +
                        std::to_string(text.size()) +
                        (text.size() < kMin ? "; leave CompilerOptions out when there is nothing to set"
                                            : ""));
    if (text.front() != '{' || text.back() != '}')
        throw UserError("CompilerOptions must be a JSON object {...} such as " + example +
                        ", not " + std::string(text));
    nlohmann::json options(parse_json_text(text, "CompilerOptions", example));
    if (!options.is_object())  // e.g. "{...} {...}" is refused by the parser already
        throw UserError("CompilerOptions must be one JSON object such as " + example);
    return options;
}

std::vector<std::string> merge_features(std::vector<std::string> features,
                                        const std::vector<std::string>& mattr) {
    for (const std::string& f : mattr) {
        auto same_name = [&](const std::string& g) {
            return g.size() > 1 && f.size() > 1 && g.substr(1) == f.substr(1);
        };
        auto it = std::find_if(features.begin(), features.end(), same_name);
        if (it != features.end())
            *it = f;
        else
            features.push_back(f);
    }
    return features;
}

}  // namespace neo
