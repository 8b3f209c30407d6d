#include "case_runner.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include "neo/core/artifact/reference_artifact.hpp"
#include "neo/core/catalog/catalog.hpp"
#include "neo/core/catalog/resolve.hpp"
#include "neo/core/interp/interpreter.hpp"
#include "neo/core/passes/pass_manager.hpp"
#include "neo/core/plugin/host.hpp"
#include "neo/core/util/error.hpp"
#include "neo/core/util/tensor_proto.hpp"
#include "neo/runtime/runtime.hpp"

namespace fs = std::filesystem;

namespace neo::conformance {
namespace {

// Default tolerance: |got - exp| <= atol + rtol * |exp|.
constexpr double kRtol = 1e-3, kAtol = 1e-7;

// Looser tolerances for ops whose results legitimately differ more (ONNX op type -> {rtol,
// atol}); a case uses the loosest entry among its ops. Add an entry only with a reason.
const std::map<std::string, std::pair<double, double>> kOpTolerance = {
    {"Erf", {1e-3, 1e-6}},      // polynomial approximations
    {"Gelu", {1e-3, 1e-6}},
    {"LSTM", {1e-3, 1e-6}},     // long accumulation chains
    {"GRU", {1e-3, 1e-6}},
    {"RNN", {1e-3, 1e-6}},
};

// The input/output_<i>.pb files of a directory, in order of i.
std::vector<fs::path> numbered(const fs::path& dir, const std::string& prefix) {
    std::vector<fs::path> files;
    for (int i = 0;; ++i) {
        fs::path f = dir / (prefix + std::to_string(i) + ".pb");
        if (!fs::exists(f)) return files;
        files.push_back(f);
    }
}

// The ONNX op names listed in the frontend's unsupported-op message
// ("\n  OpType (domain 'd', opset n): node ...").
std::vector<std::string> unsupported_ops_of(const std::string& message) {
    std::vector<std::string> ops;
    static const std::regex line(R"(\n  ([A-Za-z0-9_.]+) \()");
    for (std::sregex_iterator it(message.begin(), message.end(), line), end; it != end; ++it)
        ops.push_back((*it)[1]);
    return ops;
}

// Executes `graph` through the named target on each input set; returns the outputs of
// each run. The one place that knows the targets (the LLVM target goes here later).
std::vector<std::vector<Tensor>> execute(const std::string& target, const Graph& graph,
                                         const std::vector<std::vector<Tensor>>& input_sets,
                                         const fs::path& work_dir) {
    if (target == "reference") {
        static const TargetSpec spec = resolve_target(
            DeviceCatalog::builtin(), std::nullopt, R"({"Os":"LINUX","Arch":"X86_64"})", std::nullopt);
        fs::create_directories(work_dir);
        PluginHost::global().create_target("reference")->build(graph, spec, {}, work_dir);
        auto loaded = load_reference_artifact(work_dir);
        Interpreter interp(*loaded);
        std::vector<std::vector<Tensor>> outs;
        for (const auto& in : input_sets) outs.push_back(interp.run(in));
        return outs;
    }
    if (target == "llvm_cpu") {
        // This machine's architecture with the generic CPU: the code must be right on any
        // x86-64, so the CPU-specific paths are exercised by the target's own tests.
        static const TargetSpec spec = resolve_target(
            DeviceCatalog::builtin(), std::nullopt, R"({"Os":"LINUX","Arch":"X86_64"})", std::nullopt);
        fs::create_directories(work_dir);
        PluginHost::global().create_target("llvm_cpu")->build(graph, spec, {}, work_dir);
        neo::runtime::Model model(work_dir.string());
        model.set_threads(2);
        std::vector<std::vector<Tensor>> outs;
        for (const auto& in : input_sets) {
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
            outs.emplace_back();
            for (int o = 0; o < model.num_outputs(); ++o) {
                auto info = model.output(o);
                if (info.dtype == NEO_DTYPE_STRING) {
                    Tensor t = Tensor::zeros(DType::string, info.shape);
                    const auto strings = model.output_strings(o);
                    std::copy(strings.begin(), strings.end(), t.array<std::string>().begin());
                    outs.back().push_back(std::move(t));
                    continue;
                }
                const auto* p = static_cast<const uint8_t*>(model.output_data(o));
                outs.back().push_back(Tensor::from_bytes(static_cast<DType>(info.dtype), info.shape,
                                                         std::span<const uint8_t>(p, info.nbytes)));
            }
        }
        return outs;
    }
    throw UserError("target '" + target + "' is not supported by neo-conformance (supported: reference, llvm_cpu)");
}

// An ahead-of-time target needs every shape at compile time. The node tests give shape-like
// parameters (Reshape's shape, Reduce* axes, Slice starts, Pad pads, ...) as graph inputs,
// where a real model has initializers; like TVM's ONNX tests with frozen params, a small
// integer input (or a float or bool one whose value decides shapes or control flow: Resize's
// roi / scales, Range's bounds, OneHot's depth, Compress's condition, an If / Loop condition
// or trip count, directly or through the ops computing them, as in a Range decomposed into a
// Loop) with the same value in every data set becomes a constant of the graph.
bool is_parameter_use(const Use& u) {
    const std::string& op = u.node->op();
    const std::size_t i = u.input_index;
    return (op == "Resize" && i > 0) || op == "Range" || (op == "OneHot" && i == 1) || (op == "Compress" && i == 1) ||
           (op == "If" && i == 0) || (op == "Loop" && i < 2);
}

bool decides_shape(const Value* v, std::set<const Value*>& seen) {
    if (!seen.insert(v).second) return false;
    for (const Use& u : v->uses()) {
        if (is_parameter_use(u)) return true;
        for (const Value* o : u.node->outputs())
            if (o && decides_shape(o, seen)) return true;
    }
    return false;
}

void bind_shape_inputs(Graph& g, std::vector<std::vector<Tensor>>& input_sets) {
    constexpr int64_t kMaxElements = 64;
    for (std::size_t i = g.inputs().size(); i-- > 0;) {
        Value* in = g.inputs()[i];
        const Tensor& first = input_sets.front().at(i);
        std::set<const Value*> seen;
        if (!(is_integer(first.dtype()) || decides_shape(in, seen)) || first.numel() > kMaxElements) continue;
        bool same = true;
        for (const auto& set : input_sets) same = same && set.at(i) == first;
        if (!same) continue;
        const std::string name = in->name();
        Value* c = g.add_constant(g.fresh_value_name(name + "_bound"), first);
        g.replace_all_uses(in, c);
        g.remove_input(in);
        g.rename_value(c, name);
        for (auto& set : input_sets) set.erase(set.begin() + static_cast<std::ptrdiff_t>(i));
    }
}

// Compares one output; returns an empty string when it matches, else why not.
// `max_abs` grows to the largest absolute difference seen.
std::string compare(const Tensor& got, const Tensor& exp, double rtol, double atol,
                    double& max_abs) {
    if (got.dtype() != exp.dtype())
        return std::string("dtype ") + std::string(dtype_name(got.dtype())) + ", expected " +
               std::string(dtype_name(exp.dtype()));
    if (got.shape() != exp.shape())
        return "shape " + Shape::from(got.shape()).str() + ", expected " + Shape::from(exp.shape()).str();
    if (exp.dtype() == DType::string)
        return got.array<std::string>() == exp.array<std::string>() ? "" : "strings differ";
    const bool exact = !is_float(exp.dtype());
    int64_t bad = -1;
    for (int64_t i = 0; i < exp.numel(); ++i) {
        double g = got.at_double(i), e = exp.at_double(i);
        if (std::isnan(e) && std::isnan(g)) continue;
        if (g == e) continue;  // also equal infinities
        double d = std::fabs(g - e);
        if (std::isnan(d)) d = INFINITY;
        max_abs = std::max(max_abs, d);
        if (bad < 0 && (exact || !(d <= atol + rtol * std::fabs(e)))) bad = i;
    }
    if (bad < 0) return "";
    return "element " + std::to_string(bad) + ": got " + std::to_string(got.at_double(bad)) +
           ", expected " + std::to_string(exp.at_double(bad));
}

// Inputs for a model that ships expected outputs but no inputs (ONNX's "light" models):
// like ONNX's backend runner, every graph input holds arange(n) / n in its own dtype
// (integers: arange(n)). The input shapes must be static in the model.
std::vector<Tensor> ramp_inputs(const Graph& g) {
    std::vector<Tensor> inputs;
    for (const Value* in : g.inputs()) {
        if (!in->shape().is_static())
            throw UserError("input '" + in->name() + "' has the dynamic shape " + in->shape().str() +
                            " and the case ships no input data to fix it");
        Tensor ramp = Tensor::zeros(DType::f64, in->shape().static_dims());
        auto& a = ramp.array<double>();
        const double n = static_cast<double>(a.size());
        for (std::size_t i = 0; i < a.size(); ++i)
            a.data()[i] = is_float(in->dtype()) ? static_cast<double>(i) / n : static_cast<double>(i);
        inputs.push_back(ramp.cast(in->dtype()));
    }
    return inputs;
}

// Reads a .pb file or throws UserError naming it.
Tensor read_pb(const fs::path& f) {
    auto t = read_tensor_proto(f);
    if (!t) throw UserError(f.filename().string() + ": not a tensor of a dtype neo has (e.g. it holds float8, int4 or complex data, or is a sequence or an optional)");
    return std::move(*t);
}

}  // namespace

std::vector<Case> find_cases(const fs::path& suite_dir) {
    if (!fs::is_directory(suite_dir)) throw UserError("--suite " + suite_dir.string() + ": not a directory");
    fs::path norm = fs::absolute(suite_dir).lexically_normal();
    if (norm.filename().empty()) norm = norm.parent_path();  // a trailing '/'
    const std::string suite = norm.filename().string();
    std::vector<Case> cases;
    for (const auto& entry : fs::directory_iterator(suite_dir)) {
        const fs::path& p = entry.path();
        Case c{suite, p.filename().string(), {}, {}};
        if (entry.is_directory() && fs::exists(p / "model.onnx")) {
            c.model = p / "model.onnx";
            for (int k = 0;; ++k) {
                fs::path d = p / ("test_data_set_" + std::to_string(k));
                if (!fs::is_directory(d)) break;
                c.data_sets.push_back({numbered(d, "input_"), numbered(d, "output_")});
            }
        } else if (entry.is_regular_file() && p.extension() == ".onnx") {  // flat layout
            c.name = p.stem().string();
            c.model = p;
            DataSet ds{numbered(p.parent_path(), c.name + "_input_"),
                       numbered(p.parent_path(), c.name + "_output_")};
            if (!ds.outputs.empty()) c.data_sets.push_back(ds);
        } else {
            continue;
        }
        cases.push_back(std::move(c));
    }
    std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
    return cases;
}

void check_target(const std::string& target) {
    if (target != "reference" && target != "llvm_cpu")
        throw UserError("--target " + target + ": neo-conformance runs the targets: reference, llvm_cpu");
}

CaseResult run_case(const Case& c, const std::string& target, const fs::path& work_dir) {
    CaseResult r;
    r.suite = c.suite;
    r.name = c.name;
    r.ops = model_op_types(c.model);
    try {
        if (c.data_sets.empty()) throw UserError("no test data (no test_data_set_<k> with outputs)");
        // Read all data first: a case whose data cannot be read is an error of the data.
        std::vector<std::vector<Tensor>> inputs, expected;
        for (const auto& ds : c.data_sets) {
            inputs.emplace_back();
            expected.emplace_back();
            for (const auto& f : ds.inputs) inputs.back().push_back(read_pb(f));
            for (const auto& f : ds.outputs) expected.back().push_back(read_pb(f));
        }
        std::unique_ptr<Graph> graph;
        auto frontend = PluginHost::global().create_frontend("onnx");
        if (c.data_sets.size() == 1 && inputs.front().empty()) {
            graph = frontend->load({c.model}, {});
            inputs.front() = ramp_inputs(*graph);
        } else {
            // Positional input shapes from the first data set, so dynamic dims are filled.
            InputShapes shapes;
            shapes.positional = true;
            for (const auto& t : inputs.front()) shapes.inputs.push_back({std::nullopt, t.shape()});
            graph = frontend->load({c.model}, shapes);
        }
        if (target != "reference") bind_shape_inputs(*graph, inputs);
        standard_pipeline().run(*graph);

        double rtol = kRtol, atol = kAtol;
        for (const auto& op : r.ops)
            if (auto it = kOpTolerance.find(op); it != kOpTolerance.end()) {
                rtol = std::max(rtol, it->second.first);
                atol = std::max(atol, it->second.second);
            }
        auto got = execute(target, *graph, inputs, work_dir);
        std::string why;
        for (std::size_t k = 0; k < got.size(); ++k) {
            if (got[k].size() != expected[k].size()) {
                why = "data set " + std::to_string(k) + ": " + std::to_string(got[k].size()) +
                      " outputs, expected " + std::to_string(expected[k].size());
                break;
            }
            for (std::size_t i = 0; i < got[k].size(); ++i) {
                std::string w = compare(got[k][i], expected[k][i], rtol, atol, r.max_abs_error);
                if (!w.empty() && why.empty())
                    why = "data set " + std::to_string(k) + ", output " + std::to_string(i) + ": " + w;
            }
        }
        r.status = why.empty() ? "pass" : "fail";
        r.message = why;
    } catch (const UserError& e) {
        r.message = e.what();
        r.unsupported_ops = unsupported_ops_of(r.message);
        r.status = r.message.find("that neo does not support") != std::string::npos ||
                                   r.message.find("cannot compile") != std::string::npos
                               ? "unsupported"
                               : "error";
    } catch (const std::exception& e) {
        r.status = "error";
        r.message = e.what();
    }
    return r;
}

nlohmann::json CaseResult::to_json() const {
    return {{"suite", suite}, {"name", name}, {"status", status}, {"max_abs_error", max_abs_error},
            {"message", message}, {"unsupported_ops", unsupported_ops}, {"ops", ops}};
}

CaseResult CaseResult::from_json(const nlohmann::json& j) {
    CaseResult r;
    r.suite = j.at("suite");
    r.name = j.at("name");
    r.status = j.at("status");
    // JSON has no infinity: an infinite error (inf or NaN against a number) is written as null.
    const auto& err = j.at("max_abs_error");
    r.max_abs_error = err.is_null() ? INFINITY : err.get<double>();
    r.message = j.value("message", "");
    r.unsupported_ops = j.value("unsupported_ops", std::vector<std::string>{});
    r.ops = j.value("ops", std::vector<std::string>{});
    return r;
}

}  // namespace neo::conformance
