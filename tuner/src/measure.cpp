#include "neo/tuner/measure.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include <spawn.h>

#include "neo/core/artifact/artifact.hpp"
#include "neo/core/interp/interpreter.hpp"
#include "neo/core/util/error.hpp"
#include "measure_util.hpp"

extern char** environ;

namespace neo::tuner {
namespace fs = std::filesystem;
using tuning_db::ErrorCode;
using tuning_db::Record;
using detail::read_file;

namespace detail {

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

Tensor random_input(const Value& v, std::mt19937_64& rng) {
    if (!v.shape().is_static()) throw UserError("tuning input '" + v.name() + "' has the dynamic shape " + v.shape().str());
    const auto shape = v.shape().static_dims();
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    std::vector<double> vals(static_cast<std::size_t>(n));
    const bool fl = is_float(v.dtype());
    for (double& x : vals) x = fl ? std::uniform_real_distribution<double>(-1, 1)(rng) : static_cast<double>(rng() & 1);
    return Tensor::from_vector<double>(shape, vals).cast(v.dtype());
}

std::string mismatch(const Tensor& want, const Tensor& got, const std::string& what) {
    const bool fl = is_float(want.dtype());
    double scale = 1;
    if (fl)
        for (int64_t i = 0; i < want.numel(); ++i)
            if (std::isfinite(want.at_double(i))) scale = std::max(scale, std::fabs(want.at_double(i)));
    for (int64_t i = 0; i < want.numel(); ++i) {
        const double w = want.at_double(i), g = got.at_double(i);
        const bool ok = fl ? (std::isnan(w) ? std::isnan(g) : std::fabs(w - g) <= 1e-3 * std::fabs(w) + 1e-4 * scale) : w == g;
        if (!ok) {
            std::ostringstream m;
            m << "element " << i << " is " << g << ", " << what << " gives " << w;
            return m.str();
        }
    }
    return "";
}

std::optional<Tensor> result_output(const agent::Bundle& result, std::size_t index, const Tensor& want, std::string& why) {
    auto it = result.find("output:" + std::to_string(index));
    const std::size_t got = it == result.end() ? 0 : it->second.size();
    if (got != want.nbytes()) {
        why = "output " + std::to_string(index) + " has " + std::to_string(got) + " bytes, the reference " +
              std::to_string(want.nbytes());
        return std::nullopt;
    }
    return Tensor::from_bytes(want.dtype(), want.shape(),
                              std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(it->second.data()), got));
}

FasterHalf faster_half(std::vector<double> times) {
    FasterHalf f;
    if (times.empty()) return f;
    std::sort(times.begin(), times.end());
    times.resize((times.size() + 1) / 2);
    for (double t : times) f.mean += t / static_cast<double>(times.size());
    for (double t : times) f.stdev += (t - f.mean) * (t - f.mean) / static_cast<double>(times.size());
    f.stdev = std::sqrt(f.stdev);
    f.runs = times.size();
    return f;
}

}  // namespace detail

namespace {

double sum_flops(const nlohmann::json& model) {
    double f = 0;
    if (!model.is_object()) return 0;
    for (const auto& [k, v] : model.items())
        if (v.is_object() && v.contains("kernels") && v["kernels"].is_array())
            for (const auto& kernel : v["kernels"]) f += kernel.value("flops", 0.0);
    return f;
}

}  // namespace

LocalRunner::LocalRunner(fs::path exe, fs::path tmp) : exe_(std::move(exe)), tmp_(std::move(tmp)) {}

agent::Bundle LocalRunner::run(const agent::Bundle& request) {
    const fs::path dir = agent::stage_request(request, tmp_);
    const std::string exe = exe_.string(), flag = "--measure", where = dir.string();
    char* argv[] = {const_cast<char*>(exe.c_str()), const_cast<char*>(flag.c_str()), const_cast<char*>(where.c_str()), nullptr};
    pid_t pid = 0;
    if (const int e = ::posix_spawn(&pid, exe.c_str(), nullptr, nullptr, argv, environ); e != 0) {
        fs::remove_all(dir);
        throw UserError(exe + ": cannot start the measuring process (" + std::strerror(e) + ")");
    }
    return agent::await_measurement(pid, dir, static_cast<int>(agent::request_int(request, "timeout_ms", 10000)));
}

RemoteRunner::RemoteRunner(const std::string& address, const std::string& key)
    : client_(agent::parse_address(address).first, agent::parse_address(address).second, key) {}

agent::Bundle RemoteRunner::run(const agent::Bundle& request) { return client_.request(agent::FrameType::measure, request); }

std::string RemoteRunner::machine() { return client_.request(agent::FrameType::info, {})["arch"]; }

struct TaskMeasurer::Impl {
    TargetPlugin& plugin;
    TargetSpec target;
    Runner& runner;
    MeasureOptions options;
    fs::path tmp;
    std::unique_ptr<Graph> graph;
    Record base;
    std::string build_key;  // the task's key in the one-node graph
    std::vector<Tensor> inputs, reference;
    int builds = 0;
};

TaskMeasurer::TaskMeasurer(TargetPlugin& plugin, const TargetSpec& target, const Graph& model, const TaskInfo& task,
                           Runner& runner, MeasureOptions options, fs::path tmp)
    : impl_(new Impl{plugin, target, runner, options, std::move(tmp), nullptr, {}, {}, {}, {}, 0}) {
    Impl& m = *impl_;
    const std::unique_ptr<Graph> rewritten = plugin.tuning_graph(model, target);
    m.graph = task_graph(rewritten ? *rewritten : model, task.task);
    const auto own = plugin.tuning_tasks(*m.graph, target);
    if (own.size() != 1 || own.front().key != task.task.key)
        throw InternalError("tuning task " + task.summary + ": its node alone is not the same workload");
    m.build_key = own.front().key;
    m.base.workload_key = task.task.key;
    m.base.workload = task.task.workload;
    m.base.op = task.task.op;
    m.base.target_key = tuning_db::target_key(target, m.options.threads);
    m.base.compiler_version = neo_version();
    std::mt19937_64 rng(std::hash<std::string>{}(task.task.key));
    for (const Value* v : m.graph->inputs()) m.inputs.push_back(detail::random_input(*v, rng));
    m.reference = Interpreter(*m.graph).run(m.inputs);
}

TaskMeasurer::~TaskMeasurer() = default;

Record TaskMeasurer::measure(const Config& config) {
    Impl& m = *impl_;
    Record r = m.base;
    r.config = config;
    r.time = tuning_db::now_seconds();
    auto fail = [&](ErrorCode e, std::string message) {
        r.error = e;
        if (message.size() > 2000) message = message.substr(0, 2000) + "...";
        r.error_message = std::move(message);
        return r;
    };
    const fs::path dir = m.tmp / ("build-" + std::to_string(m.builds++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    agent::Bundle request;
    try {
        m.plugin.build(*m.graph, m.target, {{m.build_key, config}}, dir);
        for (const auto& e : fs::directory_iterator(dir))
            if (e.is_regular_file()) request["file:" + e.path().filename().string()] = read_file(e.path());
        if (flops_ == 0) flops_ = sum_flops(nlohmann::json::parse(request["file:model.json"], nullptr, false));
    } catch (const std::exception& e) {
        fs::remove_all(dir);
        return fail(ErrorCode::build, e.what());
    }
    fs::remove_all(dir);
    for (std::size_t i = 0; i < m.inputs.size(); ++i) {
        auto b = m.inputs[i].bytes();
        request["input:" + std::to_string(i)] = std::string(reinterpret_cast<const char*>(b.data()), b.size());
    }
    request["warmup"] = std::to_string(m.options.warmup);
    request["repeats"] = std::to_string(m.options.repeats);
    request["threads"] = std::to_string(m.options.threads);
    request["timeout_ms"] = std::to_string(m.options.timeout_ms);
    request["flush_bytes"] = std::to_string(static_cast<int64_t>(m.options.flush_mb) << 20);

    agent::Bundle result;
    try {
        result = m.runner.run(request);
    } catch (const agent::ProtocolError& e) {
        throw UserError(std::string("measuring agent: ") + e.what());
    }
    const std::string status = result["status"];
    if (status == "timeout") return fail(ErrorCode::timeout, result["message"]);
    if (status != "ok") return fail(ErrorCode::run, result["message"]);
    for (std::size_t i = 0; i < m.reference.size(); ++i) {
        std::string why;
        if (const auto got = detail::result_output(result, i, m.reference[i], why))
            if (why = detail::mismatch(m.reference[i], *got, "the reference interpreter"); !why.empty())
                why = "output " + std::to_string(i) + ": " + why;
        if (!why.empty()) return fail(ErrorCode::wrong_answer, why);
    }
    std::vector<double> times;
    std::istringstream ts(result["times"]);
    for (double t; ts >> t;) times.push_back(t);
    if (times.empty()) return fail(ErrorCode::run, "the agent returned no timings");
    const detail::FasterHalf f = detail::faster_half(std::move(times));
    r.cost_mean = f.mean;
    r.cost_stdev = f.stdev;
    r.runs = static_cast<int64_t>(f.runs);
    return r;
}

}  // namespace neo::tuner
