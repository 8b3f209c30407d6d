#include "run_native.hpp"

#include <chrono>
#include <cmath>
#include <map>
#include <random>

#include "errors.hpp"
#include "neo/runtime/runtime.hpp"
#include "npy_file.hpp"

namespace neo::run {

namespace {

// The byte of 1.0 in a storage-only float type. Their non-negative values grow with their
// bytes, so the bytes 0 to this one are the values in [0, 1] (f8e8m0: [2^-127, 1]).
int one_of_small_float(int32_t dtype) {
    switch (dtype) {
        case NEO_DTYPE_F8E4M3FN: return 0x38;
        case NEO_DTYPE_F8E4M3FNUZ: case NEO_DTYPE_F8E5M2FNUZ: return 0x40;
        case NEO_DTYPE_F8E5M2: return 0x3c;
        case NEO_DTYPE_F4E2M1: return 0x2;
        case NEO_DTYPE_F8E8M0: return 0x7f;
        default: return -1;  // not a small float
    }
}

}  // namespace

void fill_input(void* dst, int32_t dtype, int64_t count, const std::string& fill, std::size_t index) {
    auto* p = static_cast<uint8_t*>(dst);
    uint64_t size = neo_dtype_size(dtype);
    bool integral = dtype != NEO_DTYPE_F32 && dtype != NEO_DTYPE_F16 && dtype != NEO_DTYPE_BF16 &&
                    dtype != NEO_DTYPE_F64;
    std::mt19937 rng(static_cast<unsigned>(1234 + index));
    std::uniform_real_distribution<double> dist(0.0, 1.0);
    if (const int one = one_of_small_float(dtype); one >= 0) {  // zeros, ones or values in [0, 1]
        for (int64_t i = 0; i < count; ++i)
            p[i] = static_cast<uint8_t>(fill == "ones" ? one : fill == "random" ? std::floor(dist(rng) * (one + 1)) : 0);
        return;
    }
    // Random integers: 0 to 9; to 3 for int4 / uint4, to 1 for int2 / uint2 (their common values).
    const double top = dtype == NEO_DTYPE_I4 || dtype == NEO_DTYPE_U4 ? 4.0 : dtype == NEO_DTYPE_I2 || dtype == NEO_DTYPE_U2 ? 2.0 : 10.0;
    for (int64_t i = 0; i < count; ++i) {
        double v = 0;
        if (fill == "ones") v = 1;
        else if (fill == "random") v = integral ? std::floor(dist(rng) * top) : dist(rng);
        store_double(dtype, v, p + i * size);
    }
}

RunResult run_native(const std::string& dir, const ArtifactTarget& target, const Options& o) {
    neo::runtime::Model model(dir);  // checks the files first: a damaged artifact says so
    if (o.threads > 0) model.set_threads(o.threads);
    std::vector<neo::runtime::TensorInfo> inputs = model.inputs();

    std::map<std::string, std::string> given;
    for (const auto& [name, file] : o.inputs) {
        bool known = false;
        std::string names;
        for (const auto& in : inputs) {
            known = known || in.name == name;
            names += (names.empty() ? "" : ", ") + in.name;
        }
        if (!known)
            throw InputError("--input " + name + ": the model has no input of that name (inputs: " +
                             (names.empty() ? std::string("none") : names) + ")");
        if (!given.emplace(name, file).second) throw InputError("--input " + name + " is given twice");
    }
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const auto& in = inputs[i];
        auto it = given.find(in.name);
        if (it == given.end() && in.dtype == NEO_DTYPE_STRING) {  // "", "1" or a random digit
            std::vector<std::string> v(static_cast<std::size_t>(in.numel()), o.fill == "ones" ? "1" : "");
            std::mt19937 rng(static_cast<unsigned>(1234 + i));
            if (o.fill == "random")
                for (auto& s : v) s = std::to_string(rng() % 10);
            model.set_input_strings(static_cast<int>(i), v, in.shape);
            continue;
        }
        if (it == given.end()) {
            fill_input(model.input_data(static_cast<int>(i)), in.dtype, in.numel(), o.fill, i);
            continue;
        }
        NpyArray a = read_npy_file(it->second);
        // Raw 1-byte records, or uint8 (numpy's .view(numpy.uint8)), for a storage-only input:
        // its bytes.
        if (a.dtype == NEO_DTYPE_U8 && is_storage_only_dtype(in.dtype)) a.dtype = in.dtype;
        if (a.dtype == kNpyBytes) {
            if (!is_storage_only_dtype(in.dtype))
                throw InputError(it->second + ": holds 1-byte records (the bytes of float8, float4, int4 or int2 "
                                 "values), but input '" + in.name + "' is " + neo_dtype_name(in.dtype));
            a.dtype = in.dtype;
        }
        try {
            if (a.dtype == NEO_DTYPE_STRING) model.set_input_strings(static_cast<int>(i), a.strings, a.shape);
            else model.set_input(static_cast<int>(i), a.data.data(), a.dtype, a.shape);
        } catch (const neo::runtime::Error& e) {
            throw InputError(it->second + ": " + e.what());
        }
    }

    // Last before running: a bad artifact or input says so wherever it is run.
    std::vector<std::string> missing = missing_cpu_features(target.features);
    if (!missing.empty()) {
        std::string list;
        for (const auto& f : missing) list += (list.empty() ? "" : ", ") + f;
        throw InputError(dir + ": built for CPU features this machine lacks (" + list + "; target cpu " +
                         (target.cpu.empty() ? std::string("?") : target.cpu) +
                         "); run it on a machine that has them, or rebuild it for this one (e.g. "
                         "--target-platform '{\"Os\":\"LINUX\",\"Arch\":\"" + target.arch + "\"}')");
    }

    for (int i = 0; i < o.warmup; ++i) model.run();
    RunResult r;
    std::vector<double> times;
    if (o.profile) {
        for (const auto& s : model.steps()) r.profile.push_back({s.name, s.node, s.op, s.flops, 0});
        std::vector<double> total(r.profile.size(), 0);
        for (int i = 0; i < o.repeat; ++i) {
            auto seconds = model.run_profiled();
            double run_ms = 0;
            for (std::size_t k = 0; k < seconds.size(); ++k) {
                total[k] += seconds[k] * 1e3;
                run_ms += seconds[k] * 1e3;
            }
            times.push_back(run_ms);
        }
        for (std::size_t k = 0; k < total.size(); ++k) r.profile[k].mean_ms = total[k] / o.repeat;
    } else {
        for (int i = 0; i < o.repeat; ++i) {
            auto t0 = std::chrono::steady_clock::now();
            model.run();
            auto t1 = std::chrono::steady_clock::now();
            times.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        }
    }

    for (int i = 0; i < model.num_outputs(); ++i) {
        neo::runtime::TensorInfo info = model.output(i);
        OutputTensor t;
        t.name = info.name;
        t.dtype = info.dtype;
        t.dtype_name = info.dtype_name();
        t.shape = info.shape;
        if (info.dtype == NEO_DTYPE_STRING) {
            t.strings = model.output_strings(i);
        } else {
            const auto* data = static_cast<const uint8_t*>(model.output_data(i));
            t.bytes.assign(data, data + info.nbytes);
        }
        r.outputs.push_back(std::move(t));
    }
    r.latency = summarize(std::move(times));
    return r;
}

}  // namespace neo::run
