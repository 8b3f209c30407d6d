#include "program/build.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include <llvm/IR/DiagnosticInfo.h>
#include <llvm/IR/DiagnosticPrinter.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

#include "codegen/emitter.hpp"
#include "codegen/link.hpp"
#include "codegen/machine.hpp"
#include "codegen/windows.hpp"
#include "lower/epilogue.hpp"
#include "lower/lowering.hpp"
#include "neo/core/artifact/artifact.hpp"
#include "neo/core/util/error.hpp"
#include "neo/runtime/model_abi.h"
#include "program/entry.hpp"
#include "program/memory_plan.hpp"
#include "program/offload.hpp"
#include "program/static_graph.hpp"

namespace neo::llvm_cpu {
namespace {

nlohmann::json attr_json(const Attribute& a) {
    switch (a.type()) {
    case AttrType::i: return a.i();
    case AttrType::f: return a.f();
    case AttrType::s: return a.s();
    case AttrType::ints: return a.ints();
    case AttrType::floats: return a.floats();
    case AttrType::strings: return a.strings();
    default: return std::string(attr_type_name(a.type()));
    }
}

nlohmann::json value_json(const Value* v) {
    if (!v) return nullptr;
    nlohmann::json j = {{"dtype", std::string(dtype_name(v->dtype()))}, {"shape", v->shape().str()}};
    if (v->is_constant()) j["constant"] = true;  // weights known at compile time change the kernel
    if (v->is_constant() && v->constant().numel() <= 16 && v->dtype() != DType::string) {
        std::vector<double> vals;
        for (int64_t i = 0; i < v->constant().numel(); ++i) vals.push_back(v->constant().at_double(i));
        j["value"] = vals;  // small constants (axes, shapes) change the kernel
    }
    return j;
}

std::string sanitize(const std::string& s) {
    std::string r;
    for (char ch : s) r += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
    return r;
}

struct NodeKernel {
    const Node* node;
    kir::Kernel kernel;
    std::vector<const Value*> args;
    std::vector<const Node*> fused;  // the pointwise nodes applied in its stores
    nlohmann::json schedule;         // the schedule it was lowered with ({}: the defaults)
    const cpu_codegen::OffloadKernel* offload = nullptr;  // the accelerator kernel it calls instead
};

// "Conv+Add+Relu" for a kernel with an epilogue.
std::string kernel_op(const NodeKernel& k) {
    std::string op = k.node->qualified_op();
    for (const Node* m : k.fused) op += "+" + m->op();
    return op;
}

struct Problem {
    std::string op, node, reason;
};

[[noreturn]] void report(const std::vector<Problem>& problems, const TargetSpec& target, const std::string& target_name) {
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> groups;
    for (const auto& p : problems) groups[{p.op, p.reason}].push_back(p.node);
    std::ostringstream m;
    m << target_name << " cannot compile " << problems.size() << " node(s) of this model for " << target.describe() << ":";
    for (const auto& [key, nodes] : groups) {
        m << "\n  " << key.first << " (" << key.second << "): ";
        for (std::size_t i = 0; i < nodes.size() && i < 8; ++i) m << (i ? ", " : "") << "'" << nodes[i] << "'";
        if (nodes.size() > 8) m << " and " << nodes.size() - 8 << " more";
    }
    m << "\nBuild with --target-plugin reference to run this model with the reference interpreter.";
    throw UserError(m.str());
}


}  // namespace

nlohmann::json workload_json(const Node& n) {
    nlohmann::json j = {{"op", n.qualified_op()}};
    nlohmann::json ins = nlohmann::json::array(), outs = nlohmann::json::array(), attrs = nlohmann::json::object();
    for (const Value* v : n.inputs()) ins.push_back(value_json(v));
    for (const Value* v : n.outputs()) outs.push_back(value_json(v));
    for (const auto& [k, a] : n.attrs()) attrs[k] = attr_json(a);
    j["inputs"] = ins;
    j["outputs"] = outs;
    j["attrs"] = attrs;
    return j;
}

std::string workload_key(const Node& n) { return workload_json(n).dump(); }

nlohmann::json task_workload(const Node& n, const std::vector<const Node*>& epilogue) {
    nlohmann::json j = workload_json(n);
    if (!epilogue.empty()) {
        j["epilogue"] = nlohmann::json::array();
        for (const Node* m : epilogue) j["epilogue"].push_back(workload_json(*m));
    }
    return j;
}

// With the compiler option "layout": "NCHWc", tensors in blocks of the f32 vector's lanes
// (static_graph.hpp), unless an accelerator takes some nodes (its plugin chose them on the
// plain graph). Not the default: on the ResNets here the 1x1 Convs ran slower on blocks
// than as conv_pointwise.cpp's products over planes.
int64_t channel_block(const TargetSpec& target, const CpuInfo& cpu, const cpu_codegen::Options& options) {
    const int64_t lanes = cpu.vector_bits / 32;
    const bool wanted = target.options.is_object() && target.options.value("layout", "NCHW") == "NCHWc";
    return !wanted || options.offload || lanes < 4 ? 0 : lanes;
}

std::unique_ptr<Graph> tuning_graph(const Graph& model, const TargetSpec& target, const cpu_codegen::Options& options) {
    return StaticGraph(model, channel_block(target, cpu_info(*make_target_machine(target)), options)).release();
}

std::vector<TuningTask> tuning_tasks(const Graph& model, const TargetSpec& target, const cpu_codegen::Options& options) {
    const StaticGraph sg(model, channel_block(target, cpu_info(*make_target_machine(target)), options));
    const Graph& g = sg.get();
    const nlohmann::json no_schedule = nlohmann::json::object();
    const Offloads offloads = choose_offloads(g, options, [&](const Node&) -> const nlohmann::json& { return no_schedule; });
    std::map<std::string, TuningTask> tasks;
    std::vector<std::string> order;
    // The kernels as build_artifact makes them: each node with the chain planned after it.
    const std::set<const Value*> graph_outputs(g.outputs().begin(), g.outputs().end());
    std::set<const Node*> absorbed;
    std::set<const Value*> ready(g.inputs().begin(), g.inputs().end());
    auto is_ready = [&](const Value* v) { return v->is_constant() || ready.count(v) > 0; };
    for (const Node* n : g.topological_order()) {
        if (absorbed.count(n)) continue;
        ready.insert(n->outputs().begin(), n->outputs().end());
        if (offloads.count(n) || !find_lowering(n->qualified_op())) continue;
        const Epilogue epi = without_offloaded(plan_epilogue(*n, graph_outputs, is_ready), offloads);
        for (const Node* m : epi.nodes) {
            absorbed.insert(m);
            ready.insert(m->outputs().begin(), m->outputs().end());
        }
        // A kernel over strings (comparisons of a few views) has nothing to tune, and the
        // tuner's measurement feeds raw bytes.
        auto is_string = [](const Value* v) { return v && v->dtype() == DType::string; };
        if (std::any_of(n->inputs().begin(), n->inputs().end(), is_string) ||
            std::any_of(n->outputs().begin(), n->outputs().end(), is_string))
            continue;
        nlohmann::json w = task_workload(*n, epi.nodes);
        std::string key = w.dump();
        auto [it, fresh] = tasks.try_emplace(key);
        if (fresh) {
            it->second = TuningTask{key, n->qualified_op(), std::move(w), {}, {}};
            order.push_back(key);
        }
        it->second.nodes.push_back(n->name());
        std::vector<std::string> fused;
        for (const Node* m : epi.nodes) fused.push_back(m->name());
        it->second.fused.push_back(std::move(fused));
    }
    std::vector<TuningTask> out;
    for (const auto& k : order) out.push_back(tasks[k]);
    return out;
}

ScheduleSpace schedule_space(const TuningTask& task, const TargetSpec& target) {
    const Lowering* l = find_lowering(task.op);
    if (!l) return {};
    auto tm = make_target_machine(target);
    return l->space(task.workload, cpu_info(*tm));
}

void build_artifact(const Graph& input, const TargetSpec& target, const Schedules& schedules,
                    const std::filesystem::path& out_dir, const cpu_codegen::Options& options) {
    auto tm = make_target_machine(target);
    const CpuInfo cpu = cpu_info(*tm);
    const StaticGraph sg(input, channel_block(target, cpu, options));
    const Graph& g = sg.get();
    // Bytes of an element in the target's memory; a string element is a view (model_abi.h).
    const llvm::DataLayout layout = tm->createDataLayout();
    llvm::LLVMContext types;
    const std::function<uint64_t(DType)> element_bytes = [&](DType t) -> uint64_t {
        return t == DType::string ? layout.getTypeAllocSize(string_type(types)).getFixedValue() : dtype_size(t);
    };
    std::vector<Problem> problems;
    for (const Value* v : g.inputs()) {
        if (!emittable(v->dtype())) problems.push_back({"graph input", v->name(), "element type " + std::string(dtype_name(v->dtype()))});
        else if (!v->shape().is_static()) problems.push_back({"graph input", v->name(), "dynamic shape " + v->shape().str() + "; give it with --input-shapes"});
    }

    // Lower every node.
    std::vector<NodeKernel> kernels;
    std::map<const Value*, std::vector<int64_t>> bounded;  // outputs of data-dependent length
    std::map<const Value*, const Value*> dims_slots;       // out_dims() arguments -> their output
    std::set<const Value*> graph_outputs(g.outputs().begin(), g.outputs().end());
    const nlohmann::json no_schedule = nlohmann::json::object();
    Graph tables("tables");  // constants the lowerings make
    std::set<const Node*> absorbed;       // applied in a producer's kernel
    std::set<const Value*> ready(g.inputs().begin(), g.inputs().end());
    auto is_ready = [&](const Value* v) { return v->is_constant() || ready.count(v) > 0; };
    const Offloads offloads = choose_offloads(g, options, [&](const Node& n) -> const nlohmann::json& {
        auto it = schedules.find(workload_key(n));
        return it == schedules.end() ? no_schedule : it->second;
    });
    for (const Node* n : g.topological_order()) {
        if (absorbed.count(n)) continue;
        ready.insert(n->outputs().begin(), n->outputs().end());  // for the chains of later nodes
        if (auto off = offloads.find(n); off != offloads.end()) {
            kir::Kernel k;
            k.name = "k" + std::to_string(kernels.size()) + "_offload_" + sanitize(n->op());
            kernels.push_back({n, std::move(k), offload_args(*n), {}, no_schedule, &off->second});
            continue;
        }
        const Lowering* l = find_lowering(n->qualified_op());
        if (!l) {
            problems.push_back({n->qualified_op(), n->name(), "no lowering"});
            continue;
        }
        // The schedule of the kernel's task (the node and the chain planned after it), else of
        // the node alone.
        const Epilogue planned = without_offloaded(plan_epilogue(*n, graph_outputs, is_ready), offloads);
        auto sit = schedules.find(task_workload(*n, planned.nodes).dump());
        if (sit == schedules.end()) sit = schedules.find(workload_key(*n));
        const nlohmann::json& sched = sit == schedules.end() ? no_schedule : sit->second;
        try {
            LowerCtx ctx(*n, cpu, sched, "k" + std::to_string(kernels.size()) + "_" + sanitize(n->op()), tables);
            ctx.set_costly_epilogue(costly(planned));
            l->lower(ctx);
            std::set<const Value*> written(ctx.args().begin(), ctx.args().end());
            for (const Value* o : n->outputs())
                if ((!o->uses().empty() || graph_outputs.count(o)) && !written.count(o))
                    throw Unsupported{"output '" + o->name() + "' is not generated"};
            bounded.insert(ctx.bounded().begin(), ctx.bounded().end());
            dims_slots.insert(ctx.dims_args().begin(), ctx.dims_args().end());
            Epilogue epi;
            if (ctx.bounded().empty()) {
                epi = planned;
                if (!fuse_epilogue(ctx, epi, tables)) epi = {};
            }
            for (const Node* m : epi.nodes) {
                absorbed.insert(m);
                ready.insert(m->outputs().begin(), m->outputs().end());
            }
            kernels.push_back({n, std::move(ctx.kernel()), ctx.args(), epi.nodes, sched, nullptr});
        } catch (const Unsupported& u) {
            problems.push_back({n->qualified_op(), n->name(), u.reason});
        }
    }
    for (const Value* v : g.outputs())
        if (!emittable(v->dtype()) || (!v->shape().is_static() && !bounded.count(v)))
            problems.push_back({"graph output", v->name(), "element type " + std::string(dtype_name(v->dtype())) + ", shape " + v->shape().str()});
    if (!problems.empty()) report(problems, target, options.target_name);
    // A value's dims: static, or the largest ones of an output of data-dependent length.
    auto dims_of = [&](const Value* v) {
        auto it = bounded.find(v);
        return it != bounded.end() ? it->second : v->shape().static_dims();
    };

    // Where every tensor lives.
    std::map<const Value*, Place> place;
    for (std::size_t i = 0; i < g.inputs().size(); ++i) place[g.inputs()[i]] = {Home::input, static_cast<int64_t>(i)};
    for (std::size_t i = 0; i < g.outputs().size(); ++i) {
        const Value* v = g.outputs()[i];
        if (!place.count(v) && !v->is_constant()) place[v] = {Home::output, static_cast<int64_t>(i)};
    }
    std::vector<int64_t> dims_at;  // where output i's dims start in ctx->output_dims
    for (int64_t i = 0, at = 0; i < static_cast<int64_t>(g.outputs().size()); ++i) {
        dims_at.push_back(at);
        at += static_cast<int64_t>(g.outputs()[static_cast<std::size_t>(i)]->shape().rank());
    }
    for (const auto& [slot, v] : dims_slots) {
        const auto at = std::find(g.outputs().begin(), g.outputs().end(), v) - g.outputs().begin();
        place[slot] = {Home::dims, dims_at.at(static_cast<std::size_t>(at))};
    }
    ParamsWriter params;
    std::vector<PlannedBuffer> planned;
    std::vector<const Value*> planned_values;
    std::map<const Value*, std::size_t> plan_index;
    for (std::size_t step = 0; step < kernels.size(); ++step) {
        for (const Value* v : kernels[step].args) {
            if (place.count(v) && place[v].home != Home::workspace) continue;
            if (v->is_constant() && v->dtype() == DType::string) {
                place[v] = {Home::strings, 0};
                continue;
            }
            if (v->is_constant()) {
                auto entry = params.add(v->name(), v->constant());
                place[v] = {Home::param, entry["offset"].get<int64_t>()};
                continue;
            }
            auto [it, fresh] = plan_index.try_emplace(v, planned.size());
            if (fresh) {
                planned.push_back({static_cast<int64_t>(numel_of(dims_of(v)) * static_cast<int64_t>(element_bytes(v->dtype()))),
                                   static_cast<int>(step), static_cast<int>(step), -1});
                planned_values.push_back(v);
                place[v] = {Home::workspace, 0};
            }
            planned[it->second].last_step = static_cast<int>(step);
        }
    }
    for (const Value* v : g.outputs())  // constant outputs are copied from the params
        if (v->is_constant() && !place.count(v) && v->dtype() == DType::string) place[v] = {Home::strings, 0};
        else if (v->is_constant() && !place.count(v)) {
            auto entry = params.add(v->name(), v->constant());
            place[v] = {Home::param, entry["offset"].get<int64_t>()};
        }
    const int64_t workspace = plan_memory(planned, NEO_ABI_ALIGNMENT);
    for (std::size_t i = 0; i < planned.size(); ++i) place[planned_values[i]].index_or_offset = planned[i].offset;

    // The module.
    llvm::LLVMContext c;
    // Optimization remarks and "not vectorized" warnings are not the user's concern;
    // an error from LLVM is an internal error.
    std::string llvm_errors;
    c.setDiagnosticHandlerCallBack([](const llvm::DiagnosticInfo& di, void* errors) {
        if (di.getSeverity() != llvm::DS_Error) return;
        llvm::raw_string_ostream os(*static_cast<std::string*>(errors));
        llvm::DiagnosticPrinterRawOStream printer(os);
        di.print(printer);
        os << "\n";
    }, &llvm_errors);
    llvm::Module m("model", c);
    m.setDataLayout(tm->createDataLayout());
    m.setTargetTriple(tm->getTargetTriple().str());
    std::vector<llvm::Function*> fns;
    for (const auto& nk : kernels)
        fns.push_back(nk.offload ? emit_offload(m, nk.kernel.name, *nk.node, *nk.offload) : emit_kernel(m, nk.kernel));

    std::vector<Step> steps;
    for (std::size_t k = 0; k < kernels.size(); ++k)
        steps.push_back({kernels[k].kernel.name, kernels[k].node->name(), kernel_op(kernels[k]),
                         kernels[k].kernel.flops, fns[k], kernels[k].args});
    emit_entry(m, {g, steps, place, dims_of, params.size(), static_cast<uint64_t>(workspace), element_bytes});

    std::string err;
    llvm::raw_string_ostream es(err);
    if (llvm::verifyModule(m, &es)) throw InternalError("llvm_cpu generated an invalid module: " + es.str());
    // NEO_LLVM_CPU_DUMP=DIR writes the module before and after optimization (debugging aid).
    const char* dump = std::getenv("NEO_LLVM_CPU_DUMP");
    auto write_ir = [&](const char* name) {
        if (!dump || !*dump) return;
        std::filesystem::create_directories(dump);
        std::ofstream(std::filesystem::path(dump) / name) << module_text(m);
    };
    write_ir("model.ll");
    optimize(m, *tm);
    const llvm::Triple& triple = tm->getTargetTriple();
    if (triple.isOSWindows()) add_windows_runtime(m);
    write_ir("model.opt.ll");
    const std::string object = emit_object(m, *tm);
    if (!llvm_errors.empty()) throw InternalError("llvm_cpu: LLVM reported: " + llvm_errors);

    std::filesystem::create_directories(out_dir);
    std::vector<std::string> required;  // every offloaded kernel's symbol
    for (const auto& [n, k] : offloads) required.push_back(k.symbol);
    const std::string library = library_name(triple);
    link_library(object, triple, out_dir / library, options.link_inputs, required);
    params.write(out_dir / "model.params");
    nlohmann::json model_json = describe_model(g, target, options.target_name);
    for (std::size_t i = 0; i < g.outputs().size(); ++i)
        if (bounded.count(g.outputs()[i])) model_json["outputs"][i]["max_shape"] = bounded.at(g.outputs()[i]);
    nlohmann::json ks = nlohmann::json::array();
    for (const auto& nk : kernels) {
        // The schedule given for the kernel's task ({}: every knob at its default).
        nlohmann::json k = {{"name", nk.kernel.name}, {"node", nk.node->name()}, {"op", kernel_op(nk)}, {"flops", nk.kernel.flops},
                            {"schedule", nk.schedule}};
        if (nk.offload) k["offload"] = nk.offload->symbol;
        for (const Node* m : nk.fused) k["fused"].push_back(m->name());
        ks.push_back(std::move(k));
    }
    model_json["llvm_cpu"] = {{"cpu", cpu.cpu}, {"features", cpu.features}, {"vector_bits", cpu.vector_bits},
                              {"workspace_bytes", workspace}, {"params_bytes", params.size()}, {"kernels", ks},
                              {"model_abi_version", NEO_MODEL_ABI_VERSION}, {"library", library}};
    write_json(out_dir / "model.json", model_json);
    write_manifest(out_dir);
}

}  // namespace neo::llvm_cpu
