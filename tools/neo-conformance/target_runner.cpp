#include "target_runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <sys/wait.h>

#include "neo/core/artifact/reference_artifact.hpp"
#include "neo/core/catalog/resolve.hpp"
#include "neo/core/driver/compile.hpp"
#include "neo/core/interp/interpreter.hpp"
#include "neo/core/plugin/host.hpp"
#include "neo/core/util/error.hpp"
#include "neo/core/util/npy.hpp"
#include "neo/runtime/runtime.hpp"

namespace fs = std::filesystem;

namespace neo::conformance {
namespace {

bool host_arch(Arch a) {
#if defined(__x86_64__)
    return a == Arch::x86_64;
#elif defined(__aarch64__)
    return a == Arch::arm64;
#elif defined(__arm__)
    return a == Arch::arm_eabihf;
#else
    return false;
#endif
}

std::vector<Tensor> run_native(neo::runtime::Model& model, const std::vector<Tensor>& in) {
    if (static_cast<int>(in.size()) != model.num_inputs())
        throw UserError(std::to_string(in.size()) + " inputs given, the model has " + std::to_string(model.num_inputs()));
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i].dtype() == DType::string) {
            const auto& a = in[i].array<std::string>();
            model.set_input_strings(static_cast<int>(i), {a.begin(), a.end()}, in[i].shape());
            continue;
        }
        auto bytes = in[i].bytes();
        model.set_input(static_cast<int>(i), bytes.data(), static_cast<int32_t>(in[i].dtype()), in[i].shape());
    }
    model.run();
    std::vector<Tensor> outs;
    for (int o = 0; o < model.num_outputs(); ++o) {
        auto info = model.output(o);
        if (info.dtype == NEO_DTYPE_STRING) {
            Tensor t = Tensor::zeros(DType::string, info.shape);
            const auto strings = model.output_strings(o);
            std::copy(strings.begin(), strings.end(), t.array<std::string>().begin());
            outs.push_back(std::move(t));
            continue;
        }
        const auto* p = static_cast<const uint8_t*>(model.output_data(o));
        outs.push_back(Tensor::from_bytes(static_cast<DType>(info.dtype), info.shape, std::span<const uint8_t>(p, info.nbytes)));
    }
    return outs;
}

// neo-run beside this executable.
fs::path neo_run_path() {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) throw InternalError("neo-conformance cannot tell where it is (/proc/self/exe): " + ec.message());
    return self.parent_path() / "neo-run";
}

// One run of a foreign-architecture artifact: `neo-run DIR --emulate` with the inputs as
// .npy files, its outputs read back.
std::vector<Tensor> run_emulated(const fs::path& artifact, const std::vector<std::string>& names,
                                 const std::vector<Tensor>& in, const fs::path& io_dir) {
    fs::remove_all(io_dir);
    fs::create_directories(io_dir / "out");
    if (in.size() != names.size())
        throw UserError(std::to_string(in.size()) + " inputs given, the model has " + std::to_string(names.size()));
    std::vector<std::string> args = {neo_run_path().string(), artifact.string(), "--emulate", "--threads", "2",
                                     "--output-dir", (io_dir / "out").string()};
    for (std::size_t i = 0; i < in.size(); ++i) {
        const fs::path f = io_dir / ("input_" + std::to_string(i) + ".npy");
        write_npy(f, in[i]);
        args.push_back("--input");
        args.push_back(names[i] + "=" + f.string());
    }
    const fs::path log = io_dir / "neo-run.log";
    const pid_t pid = fork();
    if (pid < 0) throw InternalError("fork failed");
    if (pid == 0) {
        if (!std::freopen(log.c_str(), "w", stdout) || !std::freopen(log.c_str(), "a", stderr)) _exit(127);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        std::perror("neo-run");
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {}
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::string text;
        if (FILE* f = std::fopen(log.c_str(), "r")) {
            char buf[4096];
            for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
            std::fclose(f);
        }
        throw UserError("neo-run --emulate failed: " + text);
    }
    std::vector<Tensor> outs;
    for (int o = 0; fs::exists(io_dir / "out" / ("output_" + std::to_string(o) + ".npy")); ++o)
        outs.push_back(read_npy(io_dir / "out" / ("output_" + std::to_string(o) + ".npy")));
    return outs;
}

}  // namespace

ConformanceTarget resolve_conformance_target(const std::string& plugin, const std::optional<std::string>& device,
                                             const std::optional<std::string>& platform) {
    if (device && platform) throw UserError("give --target-device or --target-platform, not both");
    PluginHost& host = PluginHost::global();
    ConformanceTarget t;
    t.plugin = plugin;
    const std::optional<std::string> where = device || platform ? platform : std::optional<std::string>(R"({"Os":"LINUX","Arch":"X86_64"})");
    t.spec = resolve_target(full_catalog(host), device, where, std::nullopt);
    if (!host.create_target(plugin)->supports(t.spec))
        throw UserError("target plugin '" + plugin + "' does not support " + t.spec.describe() +
                        "; name one of its devices with --target-device");
    return t;
}

std::vector<std::vector<Tensor>> execute(const ConformanceTarget& target, const Graph& graph,
                                         const std::vector<std::vector<Tensor>>& input_sets, const fs::path& work_dir) {
    const fs::path art = work_dir / "artifact";
    fs::create_directories(art);
    PluginHost::global().create_target(target.plugin)->build(graph, target.spec, {}, art);
    std::vector<std::vector<Tensor>> outs;
    if (!fs::exists(art / "model.so")) {  // a reference artifact
        auto loaded = load_reference_artifact(art);
        Interpreter interp(*loaded);
        for (const auto& in : input_sets) outs.push_back(interp.run(in));
        return outs;
    }
    if (host_arch(target.spec.arch)) {
        neo::runtime::Model model(art.string());
        model.set_threads(2);
        for (const auto& in : input_sets) outs.push_back(run_native(model, in));
        return outs;
    }
    std::vector<std::string> names;
    for (const Value* v : graph.inputs()) names.push_back(v->name());
    for (std::size_t k = 0; k < input_sets.size(); ++k)
        outs.push_back(run_emulated(art, names, input_sets[k], work_dir / ("io_" + std::to_string(k))));
    return outs;
}

}  // namespace neo::conformance
