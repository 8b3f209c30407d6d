// Which configs of a task's schedule space are worth building (TargetPlugin::valid).
//
// Every config must fit the space (each key a knob, each value one of its choices). Beyond
// that, the rules follow the kernels that read the knobs:
//  - Conv and MatMul / Gemm with constant weights in f32 / f64 take a register-tiled kernel
//    (conv_pointwise.cpp, conv_winograd.cpp, conv_planar.cpp, conv_blocked.cpp,
//    matmul_packed.cpp) unless its selector knob ("vector_axis", "winograd", "blocked",
//    "packed") is 0; a depthwise Conv conv_depthwise.cpp's. A tile must fit the register
//    file the way default_tile() counts it (rows x column vectors accumulators, the column
//    vectors and one broadcast per row), its column vectors must not exceed the channels or
//    positions (in vectors), its rows not the axis they cut, and "tiles_per_task" /
//    "rows_per_task" / "ic_block" not reach past two chunks ("ic_block" may be its first
//    choice: one pass when that exceeds the channels).
//  - A knob that the kernel taken does not read must be left out or at its first choice,
//    so that every kernel is measured once: the direct loop nests do not read the tile
//    knobs, the tiled kernels not "vector_width" or "tile_n", and the selector of a kernel
//    that does not apply is not read either.
#include <algorithm>
#include <map>
#include <mutex>
#include <numeric>
#include <set>

#include "codegen/machine.hpp"
#include "lower/conv_depthwise.hpp"
#include "lower/conv_planar.hpp"
#include "lower/conv_pointwise.hpp"
#include "lower/conv_winograd.hpp"
#include "lower/gemm_kernel.hpp"
#include "lower/lowering.hpp"
#include "program/build.hpp"

namespace neo::llvm_cpu {
namespace {

using nlohmann::json;

std::vector<int64_t> dims_of(const json& tensor) {
    if (!tensor.is_object() || !tensor.contains("shape")) return {};
    const json& s = tensor["shape"];
    if (s.is_array()) return s.get<std::vector<int64_t>>();
    if (!s.is_string()) return {};
    std::vector<int64_t> d;
    try {
        const json parsed = json::parse(s.get<std::string>());
        if (parsed.is_array()) {
            for (const json& x : parsed) {
                if (!x.is_number_integer()) return {};  // a symbolic dim
                d.push_back(x.get<int64_t>());
            }
        }
    } catch (const json::exception&) {
        return {};
    }
    return d;
}

struct Knobs {
    const json& config;
    const ScheduleSpace& space;
    // The knob's value, else `fallback` (the kernel's default).
    int64_t get(const std::string& name, int64_t fallback) const {
        auto it = config.find(name);
        return it != config.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
    }
    // Left out, or at the first choice of the space.
    bool at_first(const std::string& name) const {
        auto it = config.find(name);
        if (it == config.end()) return true;
        for (const Knob& k : space)
            if (k.name == name) return !k.choices.empty() && k.choices.front() == *it;
        return true;
    }
    bool all_first(std::initializer_list<const char*> names) const {
        return std::all_of(names.begin(), names.end(), [&](const char* n) { return at_first(n); });
    }
};

bool fits(const json& config, const ScheduleSpace& space) {
    if (!config.is_object()) return false;
    for (const auto& [name, value] : config.items()) {
        auto k = std::find_if(space.begin(), space.end(), [&](const Knob& x) { return x.name == name; });
        if (k == space.end() || std::find(k->choices.begin(), k->choices.end(), value) == k->choices.end())
            return false;
    }
    return true;
}

bool float_tiled(const json& out, const json& weights) {
    const std::string t = out.value("dtype", "");
    return (t == "f32" || t == "f64") && weights.is_object() && weights.value("constant", false);
}

int lanes_of(const json& out, const CpuInfo& cpu) {
    return std::max(1, cpu.vector_bits / 8 / (out.value("dtype", "") == "f64" ? 8 : 4));
}

// The register tile of rows x col_vectors fits, as default_tile() counts.
bool tile_fits(int64_t rows, int64_t col_vectors, const CpuInfo& cpu) {
    return rows * col_vectors + col_vectors + 1 <= cpu.vector_registers;
}

// Conv: conv.cpp tries conv_pointwise.cpp's kernel, then conv_winograd.cpp's,
// conv_planar.cpp's, conv_blocked.cpp's and conv_depthwise.cpp's, each where it applies and
// its selector knob ("vector_axis", "winograd", "vector_axis", "blocked", "depthwise") is
// not 0, else its own loop nest.
bool conv_valid(const json& w, const Knobs& k, const CpuInfo& cpu) {
    const json& ins = w["inputs"];
    const json& out = w["outputs"][0];
    const auto xs = dims_of(ins[0]), ws = dims_of(ins[1]), ys = dims_of(out);
    const std::vector<std::string> all = {"vector_width", "vector_axis", "blocked", "depthwise", "oc_vectors", "ow_block",
                                          "tiles_per_task", "unroll_k", "p_vectors", "oc_block", "rows_per_task", "ic_block",
                                          "winograd", "oc_split", "plane", "prefetch"};
    // Every knob outside `read` left out or at its first choice.
    auto only = [&](std::set<std::string> read) {
        read.insert("parallel");
        return std::all_of(all.begin(), all.end(), [&](const std::string& n) { return read.count(n) || k.at_first(n); });
    };
    if (xs.size() < 3 || ws.size() != xs.size() || ys.size() != xs.size()) return only({"vector_width"});
    const json& attrs = w["attrs"];
    const int64_t group = std::max<int64_t>(1, attrs.contains("group") ? attrs["group"].get<int64_t>() : 1);
    const int lanes = lanes_of(out, cpu);
    const int64_t ocpg = ys[1] / group, icpg = xs[1] / group;
    const bool tiled = float_tiled(out, ins[1]);
    const int64_t taps = std::accumulate(ws.begin() + 2, ws.end(), int64_t{1}, std::multiplies<>());
    bool unit = true, steps = true;  // unit strides and dilations, no padding; unit strides and dilations
    for (const char* a : {"strides", "pads", "dilations"})
        if (attrs.contains(a))
            for (const json& v : attrs[a]) {
                unit = unit && v.get<int64_t>() == (a == std::string("pads") ? 0 : 1);
                if (a != std::string("pads")) steps = steps && v.get<int64_t>() == 1;
            }
    const int64_t positions = std::accumulate(ys.begin() + 2, ys.end(), int64_t{1}, std::multiplies<>());
    const bool can_pointwise = tiled && taps == 1 && unit && positions >= lanes;
    const bool can_block = tiled && ocpg >= lanes;
    // A stride or dilation of one axis (1 when not given).
    auto at = [&](const char* a, std::size_t i) { return attrs.contains(a) && attrs[a].size() > i ? attrs[a][i].get<int64_t>() : int64_t{1}; };
    const bool can_depthwise = tiled && xs.size() == 4 && ws[1] == 1 && group == xs[1] &&
                               rows_kernel_fits(ws[2], ws[3], at("dilations", 0), at("dilations", 1), ys[3], at("strides", 1));
    const bool can_winograd = tiled && xs.size() == 4 && ws[2] == 3 && ws[3] == 3 && group == 1 && ys[1] >= lanes && steps;
    const TileShape dflt = default_tile(cpu);

    const int64_t winograd = can_winograd ? k.get("winograd", winograd_by_default(xs[1], ys[2], ys[3])) : 0;
    if (winograd != 0) {
        const int64_t tiles = ((ys[2] + winograd - 1) / winograd) * ((ys[3] + winograd - 1) / winograd);
        return only({"winograd", "tiles_per_task", "ow_block", "oc_split", "prefetch"}) && k.get("tiles_per_task", 1) < 2 * tiles &&
               tile_fits(k.get("ow_block", 1), dflt.col_vectors, cpu);
    }
    if (can_pointwise && k.get("vector_axis", pointwise_by_default(positions, icpg, ocpg, lanes)) == 1) {
        const int64_t vectors = k.get("p_vectors", dflt.col_vectors), rows = k.get("oc_block", dflt.rows);
        const int64_t tiles = (positions + vectors * lanes - 1) / (vectors * lanes);
        return only({"vector_axis", "p_vectors", "oc_block", "tiles_per_task", "unroll_k"}) && tile_fits(rows, vectors, cpu) &&
               vectors <= positions / lanes && rows <= ocpg && k.get("tiles_per_task", 1) < 2 * tiles &&
               k.get("unroll_k", 1) <= icpg;
    }
    const std::size_t inner = xs.size() - 3;  // the innermost spatial axis
    const int64_t row_copy = planar_row_copy(icpg, taps, ws.back(), ys.back(), at("strides", inner), at("dilations", inner));
    const bool can_planar = tiled && planar_applies(taps, unit, ys.back(), lanes, row_copy);
    if (can_planar && k.get("vector_axis", planar_by_default(group, icpg)) == 1) {
        const int64_t vectors = k.get("p_vectors", dflt.col_vectors), rows = k.get("oc_block", dflt.rows);
        return only({"vector_axis", "p_vectors", "oc_block", "rows_per_task", "unroll_k"}) && tile_fits(rows, vectors, cpu) &&
               vectors <= ys.back() / lanes && rows <= ocpg && k.get("rows_per_task", 1) < 2 * (positions / ys.back()) &&
               k.get("unroll_k", 1) <= icpg;
    }
    std::set<std::string> selectors;  // of the kernels that apply and were turned off
    if (can_pointwise || can_planar) selectors.insert("vector_axis");
    if (can_winograd) selectors.insert("winograd");
    if (can_block && k.get("blocked", 1) != 0) {
        // The axis the tiles cut: the innermost output axis, or every spatial axis flattened
        // for a 1x1 convolution with unit strides and no padding.
        const int64_t axis = taps == 1 && unit ? positions : ys.back(), out_rows = positions / axis;
        const int64_t vectors = k.get("oc_vectors", dflt.col_vectors), rows = k.get("ow_block", dflt.rows);
        const int64_t tiles = (axis + rows - 1) / rows;
        selectors.insert({"blocked", "oc_vectors", "ow_block", "tiles_per_task", "unroll_k", "rows_per_task", "ic_block", "prefetch"});
        return only(selectors) && tile_fits(rows, vectors, cpu) && (vectors - 1) * lanes < ocpg && rows <= axis &&
               k.get("tiles_per_task", 1) < 2 * tiles && k.get("unroll_k", 1) <= icpg &&
               k.get("rows_per_task", 1) < 2 * out_rows && (k.at_first("ic_block") || k.get("ic_block", 1) < 2 * icpg);
    }
    if (can_block) selectors.insert("blocked");
    if (can_depthwise && k.get("depthwise", depthwise_by_default(ys[3], lanes)) != 0) {
        // A plane (asked for) needs unit strides and a small plane, and takes all its rows.
        if (k.get("plane", 0) != 0)
            return only({"depthwise", "vector_width", "plane"}) &&
                   plane_applies(ys[2], ys[3], ws[2], ws[3], at("dilations", 0), at("dilations", 1), at("strides", 0), at("strides", 1));
        selectors.insert({"depthwise", "vector_width", "rows_per_task", "plane"});
        return only(selectors) && k.get("rows_per_task", 1) < 2 * ys[2];
    }
    if (can_depthwise) selectors.insert("depthwise");
    selectors.insert("vector_width");
    return only(selectors);
}

bool matmul_valid(const std::string& op, const json& w, const Knobs& k, const CpuInfo& cpu) {
    const json& ins = w["inputs"];
    const json& out = w["outputs"][0];
    auto a = dims_of(ins[0]), b = dims_of(ins[1]);
    if (a.empty() || b.empty()) return k.all_first({"packed", "n_vectors", "m_block"});
    const json& attrs = w["attrs"];
    const bool trans_a = op == "Gemm" && attrs.value("transA", 0) != 0;
    const bool trans_b = op == "Gemm" && attrs.value("transB", 0) != 0;
    if (b.size() == 1) b.push_back(1);
    const int64_t K = trans_a ? a.front() : a.back(), N = trans_b ? b.front() : b.back();
    const int64_t rows = std::accumulate(a.begin(), a.end(), int64_t{1}, std::multiplies<>()) / std::max<int64_t>(K, 1);
    bool b_shared = true;  // MatMul: B without batch dims
    for (std::size_t d = 0; d + 2 < b.size(); ++d) b_shared = b_shared && b[d] == 1;
    const int lanes = lanes_of(out, cpu);
    const bool can_pack = (op == "MatMul" || op == "Gemm") && b_shared && float_tiled(out, ins[1]) &&
                          ins[0].value("dtype", "") == out.value("dtype", "") && N >= lanes;
    if (!can_pack && !k.at_first("packed")) return false;
    if (!can_pack || k.get("packed", 1) == 0) {
        if (op != "MatMul" && op != "Gemm") return k.all_first({"n_vectors", "m_block", "vector_width", "tile_n", "unroll_k"});
        return k.all_first({"n_vectors", "m_block"}) && (!trans_b || k.at_first("tile_n"));
    }
    if (!k.all_first({"vector_width", "tile_n"})) return false;
    const TileShape dflt = default_tile(cpu);
    const int64_t vectors = k.get("n_vectors", dflt.col_vectors), m_block = k.get("m_block", dflt.rows);
    return tile_fits(m_block, vectors, cpu) && (vectors - 1) * lanes < N && m_block <= rows &&
           k.get("unroll_k", 1) <= K;
}

// The CPU of a target, made once per target (a target machine is costly, and the tuner asks
// for every candidate).
CpuInfo cached_cpu(const TargetSpec& target) {
    static std::mutex mutex;
    static std::map<std::string, CpuInfo> cache;
    const std::string key = target.to_json().dump();
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(key);
    if (it == cache.end()) it = cache.emplace(key, cpu_info(*make_target_machine(target))).first;
    return it->second;
}

}  // namespace

bool config_valid(const TuningTask& task, const nlohmann::json& config, const TargetSpec& target) {
    if (config.is_object() && config.empty()) return true;
    const Lowering* lowering = find_lowering(task.op);
    if (!lowering) return false;
    const ScheduleSpace space = lowering->space(task.workload, cached_cpu(target));
    if (!fits(config, space)) return false;
    const json& w = task.workload;
    if (!w.is_object() || !w.contains("inputs") || !w.contains("outputs") || w["outputs"].empty() ||
        w["inputs"].size() < 2)
        return true;
    const CpuInfo cpu = cached_cpu(target);
    const Knobs k{config, space};
    if (task.op == "Conv") return conv_valid(w, k, cpu);
    if (task.op == "MatMul" || task.op == "Gemm" || task.op == "MatMulInteger" || task.op == "QLinearMatMul")
        return matmul_valid(task.op, w, k, cpu);
    return true;
}

}  // namespace neo::llvm_cpu
