#include "artifact_target.hpp"

#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include "errors.hpp"
#include "json_lite.hpp"

namespace neo::run {

ArtifactTarget read_artifact_target(const std::string& dir) {
    struct stat st;
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw InputError(dir + ": not an artifact directory (run neo-build first)");
    std::string file = dir + (dir.empty() || dir.back() == '/' ? "" : "/") + "model.json";
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw InputError(file + ": cannot open the file; " + dir +
                         " is not a neo artifact or it is incomplete (run neo-build, copy the whole directory)");
    std::stringstream text;
    text << in.rdbuf();
    Json model;
    try {
        model = parse_json(text.str());
    } catch (const std::exception& e) {
        throw InputError(file + ": not valid JSON (" + std::string(e.what()) + "); rebuild the artifact");
    }
    const Json* target = model.find("target");
    ArtifactTarget t;
    if (target) {
        t.plugin = target->string_or("plugin", "");
        t.arch = target->string_or("arch", "");
        t.triple = target->string_or("triple", "");
        t.cpu = target->string_or("cpu", "");
        if (const Json* f = target->find("features"); f && f->kind == Json::Kind::array)
            for (const Json& item : f->items)
                if (item.kind == Json::Kind::string) t.features.push_back(item.string);
    }
    if (t.plugin.empty())
        throw InputError(file + ": names no target plugin (\"target\": {\"plugin\": ...}); rebuild the artifact");
    return t;
}

std::string host_arch() {
#if defined(__x86_64__)
    return "X86_64";
#elif defined(__i386__)
    return "X86";
#elif defined(__aarch64__)
    return "ARM64";
#elif defined(__arm__) && defined(__ARM_PCS_VFP)
    return "ARM_EABIHF";
#elif defined(__arm__)
    return "ARM_EABI";
#else
    return "UNKNOWN";
#endif
}

bool is_windows(const ArtifactTarget& t) { return t.triple.find("-windows") != std::string::npos; }

bool host_is_windows() {
#ifdef _WIN32
    return true;
#else
    return false;
#endif
}

std::string host_system() {
#if defined(_WIN32)
    return "Windows";
#elif defined(__ANDROID__)
    return "Android";
#else
    return "Linux";
#endif
}

std::vector<std::string> missing_cpu_features(const std::vector<std::string>& features) {
    std::vector<std::string> missing;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    for (const std::string& f : features) {
        int has = 1;  // features neo-run cannot check are assumed present
        if (f == "+sse4.1") has = __builtin_cpu_supports("sse4.1");
        else if (f == "+sse4.2") has = __builtin_cpu_supports("sse4.2");
        else if (f == "+avx") has = __builtin_cpu_supports("avx");
        else if (f == "+avx2") has = __builtin_cpu_supports("avx2");
        else if (f == "+fma") has = __builtin_cpu_supports("fma");
        else if (f == "+bmi2") has = __builtin_cpu_supports("bmi2");
        else if (f == "+avx512f") has = __builtin_cpu_supports("avx512f");
        else if (f == "+avx512bw") has = __builtin_cpu_supports("avx512bw");
        else if (f == "+avx512dq") has = __builtin_cpu_supports("avx512dq");
        else if (f == "+avx512vl") has = __builtin_cpu_supports("avx512vl");
        else if (f == "+avx512cd") has = __builtin_cpu_supports("avx512cd");
        else if (f == "+avx512vnni") has = __builtin_cpu_supports("avx512vnni");
        else if (f == "+avx512bf16") has = __builtin_cpu_supports("avx512bf16");
        else if (f == "+avx512vbmi") has = __builtin_cpu_supports("avx512vbmi");
        if (!has) missing.push_back(f);
    }
#else
    (void)features;
#endif
    return missing;
}

}  // namespace neo::run
