#include <doctest/doctest.h>

#include "native_run.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>

#include "neo/core/catalog/catalog.hpp"
#include "neo/core/catalog/resolve.hpp"
#include "neo/core/interp/interpreter.hpp"
#include "neo/core/ir/text_format.hpp"
#include "neo/core/passes/pass_manager.hpp"
#include "neo/core/plugin/host.hpp"
#include "neo/runtime/runtime.hpp"
#include "neo/sdk/target.hpp"
#include "support/run_tool.hpp"

namespace neo::test {
namespace fs = std::filesystem;

namespace {

Tensor random_tensor(DType t, const std::vector<int64_t>& shape, std::mt19937& rng) {
    Tensor x = Tensor::zeros(DType::f64, shape);
    std::uniform_real_distribution<double> f(-1.0, 1.0);
    std::uniform_int_distribution<int> i(0, 4);
    for (double& v : x.array<double>()) v = is_float(t) ? f(rng) : static_cast<double>(i(rng));
    return x.cast(t);
}

}  // namespace

std::unique_ptr<Graph> make_graph(const std::string& text, const std::vector<std::string>& constants) {
    auto g = parse_graph(text);
    std::mt19937 rng(11);
    for (const auto& name : constants) {
        Value* in = g->find_value(name);
        Value* c = g->add_constant(name + "_const", random_tensor(in->dtype(), in->shape().static_dims(), rng));
        g->replace_all_uses(in, c);
        g->remove_input(in);
    }
    standard_pipeline().run(*g);
    return g;
}

std::vector<Tensor> random_inputs(const Graph& g, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<Tensor> v;
    for (const Value* in : g.inputs()) v.push_back(random_tensor(in->dtype(), in->shape().static_dims(), rng));
    return v;
}

TargetSpec host_target(const std::optional<std::string>& mcpu) {
    std::optional<std::string> options;
    if (mcpu) options = "{\"mcpu\":\"" + *mcpu + "\"}";
    return resolve_target(DeviceCatalog::builtin(), std::nullopt, R"({"Os":"LINUX","Arch":"X86_64"})", options);
}

void build_native(const Graph& g, const TargetSpec& target, const fs::path& dir) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    PluginHost::global().create_target("llvm_cpu")->build(g, target, {}, dir);
}

std::vector<Tensor> run_native(const fs::path& dir, const std::vector<Tensor>& inputs, int threads) {
    neo::runtime::Model m(dir.string());
    m.set_threads(threads);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (inputs[i].dtype() == DType::string) {
            const auto& a = inputs[i].array<std::string>();
            m.set_input_strings(static_cast<int>(i), {a.begin(), a.end()}, inputs[i].shape());
            continue;
        }
        auto b = inputs[i].bytes();
        m.set_input(static_cast<int>(i), b.data(), static_cast<int32_t>(inputs[i].dtype()), inputs[i].shape());
    }
    m.run();
    std::vector<Tensor> outs;
    for (int o = 0; o < m.num_outputs(); ++o) {
        auto info = m.output(o);
        if (info.dtype == NEO_DTYPE_STRING) {
            Tensor t = Tensor::zeros(DType::string, info.shape);
            const auto strings = m.output_strings(o);
            std::copy(strings.begin(), strings.end(), t.array<std::string>().begin());
            outs.push_back(std::move(t));
            continue;
        }
        const auto* p = static_cast<const uint8_t*>(m.output_data(o));
        outs.push_back(Tensor::from_bytes(static_cast<DType>(info.dtype), info.shape, std::span<const uint8_t>(p, info.nbytes)));
    }
    return outs;
}

double tolerance_ratio(const Tensor& got, const Tensor& want, double rtol, double atol) {
    if (got.dtype() != want.dtype() || got.shape() != want.shape()) return std::numeric_limits<double>::infinity();
    if (got.dtype() == DType::string)  // strings: equal or not
        return got.array<std::string>() == want.array<std::string>() ? 0 : std::numeric_limits<double>::infinity();
    double worst = 0;
    for (int64_t i = 0; i < got.numel(); ++i) {
        const double a = got.at_double(i), b = want.at_double(i);
        if (std::isnan(a) && std::isnan(b)) continue;
        if (a == b) continue;
        worst = std::max(worst, std::abs(a - b) / (atol + rtol * std::abs(b)));
        if (std::isnan(worst)) return std::numeric_limits<double>::infinity();
    }
    return worst;
}

bool prepare_wine() {
    auto have = [](const std::string& program) { return run_tool("command -v " + shell_quote(program)).status == 0; };
    const std::string triple = "x86_64-w64-mingw32";
    if (!have(triple + "-g++") || !(have("wine") || ::access("/usr/lib/wine/wine64", X_OK) == 0)) {
        MESSAGE("skipped: needs " << triple << "-g++ and wine (apt-get install g++-mingw-w64-x86-64 wine wine64)");
        return false;
    }
    auto r = run_tool(shell_quote(NEO_SOURCE_DIR "/scripts/build_device_runtime.sh") + " " + triple + " " +
                      shell_quote(NEO_BINARY_DIR));
    INFO(r.output);
    REQUIRE(r.status == 0);
    // A Wine prefix of this build tree (made once, in a few seconds), not the user's.
    if (!std::getenv("WINEPREFIX")) ::setenv("WINEPREFIX", NEO_BINARY_DIR "/device/wine-prefix", 1);
    return true;
}

fs::path scratch(const std::string& name) {
    return fs::temp_directory_path() / ("neo_llvm_cpu_" + name + "_" + std::to_string(::getpid()));
}

void check_native_runs(const fs::path& dir, const std::vector<Tensor>& inputs, const std::vector<Tensor>& want,
                       double rtol, double atol) {
    for (int threads : {1, 2}) {
        CAPTURE(threads);
        auto got = run_native(dir, inputs, threads);
        REQUIRE(got.size() == want.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            CAPTURE(i);
            CHECK(tolerance_ratio(got[i], want[i], rtol, atol) <= 1.0);
        }
    }
}

void check_graph_cases(const std::vector<GraphCase>& cases, const std::vector<TargetSpec>& targets) {
    for (const auto& gc : cases) {
        CAPTURE(gc.name);
        auto g = make_graph(gc.text, gc.constants);
        auto inputs = random_inputs(*g);
        auto want = Interpreter(*g).run(inputs);
        for (const auto& target : targets) {
            CAPTURE(target.cpu);
            auto dir = scratch("graph_case");
            build_native(*g, target, dir);
            check_native_runs(dir, inputs, want, gc.rtol, gc.atol);
            fs::remove_all(dir);
        }
    }
}

}  // namespace neo::test
