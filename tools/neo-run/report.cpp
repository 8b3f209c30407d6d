#include "run_result.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <numeric>
#include <sstream>

#include "errors.hpp"
#include "json_lite.hpp"
#include "neo/runtime/runtime.h"
#include "npy_file.hpp"

namespace neo::run {
namespace {

std::string shape_str(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) s += ',';
        s += std::to_string(shape[i]);
    }
    return s + "]";
}

std::string preview(const OutputTensor& t) {
    if (t.dtype == NEO_DTYPE_STRING) {
        std::string s = "[";
        for (std::size_t i = 0; i < std::min<std::size_t>(t.strings.size(), 6); ++i) s += (i ? ", \"" : "\"") + t.strings[i] + "\"";
        return s + (t.strings.size() > 6 ? ", ...]" : "]");
    }
    uint64_t size = neo_dtype_size(t.dtype);
    int64_t n = size ? static_cast<int64_t>(t.bytes.size() / size) : 0;
    std::ostringstream s;
    s << "[";
    // The storage-only floats show their bytes (neo-run has no conversions for them).
    const bool bits = is_storage_only_dtype(t.dtype) && t.dtype != NEO_DTYPE_I4 && t.dtype != NEO_DTYPE_U4 &&
                      t.dtype != NEO_DTYPE_I2 && t.dtype != NEO_DTYPE_U2;
    for (int64_t i = 0; i < std::min<int64_t>(n, 6); ++i) {
        s << (i ? ", " : "");
        if (bits) s << "0x" << std::hex << static_cast<int>(t.bytes[static_cast<std::size_t>(i)]) << std::dec;
        else s << load_double(t.dtype, t.bytes.data() + i * size);
    }
    s << (n > 6 ? ", ...]" : "]");
    return s.str();
}

// "top-5: 2 (0.998), 7 (0.001), ..." for a float output of shape [1, N] or [N] (N > 1): the
// classes a classifier ranks first. Empty for anything else.
std::string top5(const OutputTensor& t) {
    const bool scores = t.shape.size() == 2 ? t.shape[0] == 1 : t.shape.size() == 1;
    if (!scores || (t.dtype != NEO_DTYPE_F32 && t.dtype != NEO_DTYPE_F64)) return "";
    const uint64_t size = neo_dtype_size(t.dtype);
    const auto n = static_cast<int64_t>(t.bytes.size() / size);
    if (n < 2) return "";
    std::vector<std::pair<double, int64_t>> v;
    for (int64_t i = 0; i < n; ++i) v.push_back({load_double(t.dtype, t.bytes.data() + i * size), i});
    const auto k = static_cast<std::ptrdiff_t>(std::min<int64_t>(n, 5));
    std::partial_sort(v.begin(), v.begin() + k, v.end(), [](const auto& a, const auto& b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
    });
    std::ostringstream s;
    s << "  top-" << k << ":";
    for (std::ptrdiff_t i = 0; i < k; ++i) s << (i ? ", " : " ") << v[static_cast<std::size_t>(i)].second << " (" << v[static_cast<std::size_t>(i)].first << ")";
    return s.str() + "\n";
}

// mkdir -p.
void make_dirs(const std::string& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir))
        throw InputError("--output-dir: cannot create the directory " + dir +
                         (ec ? " (" + ec.message() + ")" : std::string(" (a file of that name is in the way)")));
}

// The --profile table: kernels slowest first, with their share of the run and GFLOP/s.
void print_profile(const std::vector<StepTime>& steps) {
    std::vector<const StepTime*> order;
    double total = 0;
    for (const auto& s : steps) {
        order.push_back(&s);
        total += s.mean_ms;
    }
    std::stable_sort(order.begin(), order.end(), [](const StepTime* a, const StepTime* b) { return a->mean_ms > b->mean_ms; });
    std::cout << "profile (mean per run, slowest first):\n"
              << "      ms       %   GFLOP/s  op                    node\n";
    for (const StepTime* s : order) {
        std::ostringstream gf;
        if (s->flops > 0 && s->mean_ms > 0) gf << std::fixed << std::setprecision(1) << s->flops / (s->mean_ms * 1e6);
        std::cout << std::fixed << std::setprecision(4) << std::setw(8) << s->mean_ms << "  " << std::setprecision(1)
                  << std::setw(6) << (total > 0 ? 100 * s->mean_ms / total : 0) << "  " << std::setw(8) << gf.str() << "  "
                  << std::left << std::setw(20) << s->op << "  " << (s->node.empty() ? s->name : s->node) << std::right << "\n";
    }
}

std::string profile_json(const std::vector<StepTime>& steps) {
    std::string out = ",\"profile\":[";
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const StepTime& s = steps[i];
        out += std::string(i ? "," : "") + "{\"flops\":" + json_number(s.flops) + ",\"kernel\":" + json_quote(s.name) +
               ",\"mean_ms\":" + json_number(s.mean_ms) + ",\"node\":" + json_quote(s.node) + ",\"op\":" + json_quote(s.op) + "}";
    }
    return out + "]";
}

}  // namespace

Latency summarize(std::vector<double> t) {
    Latency l;
    if (t.empty()) return l;
    std::sort(t.begin(), t.end());
    auto rank = [&](double p) {
        auto k = static_cast<std::size_t>(std::ceil(p * static_cast<double>(t.size())));
        return t[std::clamp<std::size_t>(k, 1, t.size()) - 1];
    };
    l.mean_ms = std::accumulate(t.begin(), t.end(), 0.0) / static_cast<double>(t.size());
    l.median_ms = t.size() % 2 ? t[t.size() / 2] : (t[t.size() / 2 - 1] + t[t.size() / 2]) / 2;
    l.p90_ms = rank(0.90);
    l.p99_ms = rank(0.99);
    l.min_ms = t.front();
    l.max_ms = t.back();
    return l;
}

void report(const RunResult& r, const Options& o) {
    std::vector<std::string> files(r.outputs.size());
    if (!o.output_dir.empty()) {
        make_dirs(o.output_dir);
        std::string dir = o.output_dir;
        if (dir.back() != '/') dir += '/';
        for (std::size_t i = 0; i < r.outputs.size(); ++i) {
            const OutputTensor& t = r.outputs[i];
            files[i] = dir + "output_" + std::to_string(i) + ".npy";
            if (t.dtype == NEO_DTYPE_STRING) write_npy_strings(files[i], t.shape, t.strings);
            else write_npy_file(files[i], t.dtype, t.shape, t.bytes.data(), t.bytes.size());
        }
    }
    const Latency& l = r.latency;
    if (o.json) {
        // Keys sorted, as neo's JSON writers order them.
        std::string out = "{\"latency\":{\"max_ms\":" + json_number(l.max_ms) +
                          ",\"mean_ms\":" + json_number(l.mean_ms) + ",\"median_ms\":" + json_number(l.median_ms) +
                          ",\"min_ms\":" + json_number(l.min_ms) + ",\"p90_ms\":" + json_number(l.p90_ms) +
                          ",\"p99_ms\":" + json_number(l.p99_ms) + "},\"outputs\":[";
        for (std::size_t i = 0; i < r.outputs.size(); ++i) {
            const OutputTensor& t = r.outputs[i];
            if (i) out += ',';
            out += "{\"dtype\":" + json_quote(t.dtype_name);
            if (!files[i].empty()) out += ",\"file\":" + json_quote(files[i]);
            out += ",\"name\":" + json_quote(t.name) + ",\"shape\":" + shape_str(t.shape) + "}";
        }
        out += "]";
        if (o.profile) out += profile_json(r.profile);
        out += ",\"runs\":" + std::to_string(o.repeat) + "}";
        std::cout << out << "\n";
        return;
    }
    for (std::size_t i = 0; i < r.outputs.size(); ++i) {
        const OutputTensor& t = r.outputs[i];
        std::cout << "output " << i << " '" << t.name << "' " << t.dtype_name << shape_str(t.shape) << " "
                  << preview(t) << "\n" << top5(t);
    }
    if (o.profile) print_profile(r.profile);
    // Microsecond resolution for fast models.
    std::cout << std::fixed << std::setprecision(l.median_ms < 1.0 ? 4 : 3) << "latency over " << o.repeat
              << " run(s): mean " << l.mean_ms << " ms, median " << l.median_ms << " ms, p90 " << l.p90_ms
              << " ms, min " << l.min_ms << " ms, max " << l.max_ms << " ms\n";
}

}  // namespace neo::run
