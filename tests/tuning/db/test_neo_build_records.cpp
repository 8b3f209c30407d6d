// neo-build --tuning-log / --tuning-db: the sample model built with records for one of its
// workloads records the chosen schedules in model.json and reports the untuned tasks.
#include <doctest/doctest.h>

#include <fstream>

#include "db_test_util.hpp"
#include "neo/core/catalog/input_shapes.hpp"
#include "neo/core/catalog/resolve.hpp"
#include "neo/core/driver/compile.hpp"
#include "neo/core/passes/pass_manager.hpp"
#include "neo/sdk/frontend.hpp"
#include "neo/tuning_db/json_lines.hpp"
#include "neo/tuning_db/schedule_choice.hpp"
#include "neo/tuning_db/sqlite_store.hpp"
#include "support/run_tool.hpp"

using namespace neo::tuning_db;
using neo::test::run_tool;
using neo::test::shell_quote;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kModel = NEO_SOURCE_DIR "/samples/digits/digits.onnx";
const std::string kPlatform = R"({"Os":"LINUX","Arch":"X86_64"})";

// The sample's tuning tasks for this platform, as neo-build will see them.
std::vector<neo::TuningTask> sample_tasks(neo::TargetPlugin& llvm_cpu, const neo::TargetSpec& target) {
    auto& host = neo::PluginHost::global();
    auto graph = host.create_frontend("onnx")->load({kModel}, neo::InputShapes::parse(R"({"image":[1,1,8,8]})"));
    neo::standard_pipeline().run(*graph);
    return llvm_cpu.tuning_tasks(*graph, target);
}

// The config that takes the last choice of every knob of the space.
json last_choices(const neo::ScheduleSpace& space) {
    json c = json::object();
    for (const auto& k : space) c[k.name] = k.choices.back();
    return c;
}

json kernels_of(const fs::path& artifact) {
    std::ifstream in(artifact / "model.json");
    return json::parse(in)["llvm_cpu"]["kernels"];
}

// The schedule recorded for the kernel of node `node`.
json schedule_of(const json& kernels, const std::string& node) {
    for (const auto& k : kernels)
        if (k["node"] == node) return k["schedule"];
    FAIL("no kernel for node " << node << " in " << kernels.dump());
    return nullptr;
}

// Whether node `node` was fused into another node's kernel (an epilogue): it has no kernel.
bool fused_away(const json& kernels, const std::string& node) {
    for (const auto& k : kernels)
        if (k.contains("fused"))
            for (const auto& f : k["fused"])
                if (f == node) return true;
    return false;
}

}  // namespace

TEST_CASE("neo-build takes schedules from a tuning log or database and says which tasks were untuned") {
    auto& host = neo::PluginHost::global();
    if (!host.find(neo::PluginKind::target, "llvm_cpu")) {
        MESSAGE("the llvm_cpu target is not built; skipped");
        return;
    }
    auto llvm_cpu = host.create_target("llvm_cpu");
    const neo::TargetSpec target = neo::resolve_target(neo::full_catalog(host), std::nullopt, kPlatform, std::nullopt);
    const auto tasks = sample_tasks(*llvm_cpu, target);
    std::vector<const neo::TuningTask*> gemms;
    for (const auto& t : tasks)
        if (t.op == "Gemm") gemms.push_back(&t);
    REQUIRE(gemms.size() == 2);
    const neo::TuningTask& tuned = *gemms[0];
    const neo::TuningTask& neighbour = *gemms[1];
    const neo::ScheduleSpace space = llvm_cpu->schedule_space(tuned, target);
    REQUIRE(!space.empty());
    const json config = last_choices(space);
    REQUIRE(neo::tuning_db::fits_space(config, llvm_cpu->schedule_space(neighbour, target)));

    neo::test::ScratchDir dir("neo_build");
    std::vector<Record> records;
    auto add = [&](const json& cfg, double cost, ErrorCode error, const std::string& target_key) {
        Record r;
        r.workload_key = tuned.key;
        r.workload = tuned.workload;
        r.op = tuned.op;
        r.target_key = target_key;
        r.config = cfg;
        r.cost_mean = cost;
        r.runs = 10;
        r.error = error;
        records.push_back(r);
    };
    add(config, 2e-6, ErrorCode::ok, neo::tuning_db::target_key(target));
    json wrong = last_choices(space);
    wrong[space.front().name] = space.front().choices.front();
    add(wrong, 1e-9, ErrorCode::wrong_answer, neo::tuning_db::target_key(target));  // cheaper, but failed
    add(wrong, 1e-9, ErrorCode::ok, "LINUX/ARM64/NONE/cortex-a72/+neon");           // another target
    {
        std::ofstream log(dir / "records.jsonl");
        for (const auto& r : records) log << record_to_json(r).dump() << "\n";
    }
    const std::string build = neo::test::neo_build() + " " + shell_quote(kModel) +
                              " --input-shapes '{\"image\":[1,1,8,8]}' --target-platform " + shell_quote(kPlatform) + " -o ";

    auto check_artifact = [&](const neo::test::ToolResult& r, const fs::path& out,
                              const std::string& key) {
        INFO(r.output);
        REQUIRE(r.status == 0);
        const std::size_t untuned = tasks.size() - 2;
        CHECK(r.output.find("schedules for " + std::to_string(tasks.size()) + " tuning task(s) on target " +
                            key + ": 1 from a record, 1 from a neighbour's record, " +
                            std::to_string(untuned) + " untuned (default schedule)") != std::string::npos);
        CHECK(r.output.find("  record: Gemm '" + tuned.nodes.front() + "' config " + config.dump()) != std::string::npos);
        CHECK(r.output.find("  neighbour: Gemm '" + neighbour.nodes.front() + "' config " + config.dump()) != std::string::npos);
        for (const auto& t : tasks)
            if (t.op != "Gemm") CHECK(r.output.find("  untuned: " + t.op + " '" + t.nodes.front() + "'") != std::string::npos);
        const json kernels = kernels_of(out);
        CHECK(schedule_of(kernels, tuned.nodes.front()) == config);
        CHECK(schedule_of(kernels, neighbour.nodes.front()) == config);
        for (const auto& t : tasks)
            if (t.op != "Gemm" && !fused_away(kernels, t.nodes.front())) CHECK(schedule_of(kernels, t.nodes.front()) == json::object());
    };

    SUBCASE("without records every kernel has the default schedule") {
        auto r = run_tool(build + shell_quote((dir / "plain").string()));
        INFO(r.output);
        REQUIRE(r.status == 0);
        CHECK(r.output.find("schedules for") == std::string::npos);
        for (const auto& k : kernels_of(dir / "plain")) CHECK(k["schedule"] == json::object());
    }
    SUBCASE("--tuning-log") {
        check_artifact(run_tool(build + shell_quote((dir / "from_log").string()) + " --tuning-log " +
                                shell_quote((dir / "records.jsonl").string())),
                       dir / "from_log", neo::tuning_db::target_key(target));
    }
    SUBCASE("--tuning-db") {
        {
            SqliteStore db(dir / "tuning.db");
            import_json_lines(db, dir / "records.jsonl");
        }
        check_artifact(run_tool(build + shell_quote((dir / "from_db").string()) + " --tuning-db " +
                                shell_quote((dir / "tuning.db").string())),
                       dir / "from_db", neo::tuning_db::target_key(target));
    }
    SUBCASE("--tuning-threads takes the records measured at that count") {
        {
            std::ofstream log(dir / "threads.jsonl");
            for (Record r : records) {
                if (r.target_key == neo::tuning_db::target_key(target)) r.target_key = neo::tuning_db::target_key(target, 1);
                log << record_to_json(r).dump() << "\n";
            }
        }
        const std::string with_log = " --tuning-log " + shell_quote((dir / "threads.jsonl").string());
        check_artifact(run_tool(build + shell_quote((dir / "one").string()) + with_log + " --tuning-threads 1"), dir / "one",
                       neo::tuning_db::target_key(target, 1));
        auto r = run_tool(build + shell_quote((dir / "every").string()) + with_log);
        INFO(r.output);
        REQUIRE(r.status == 0);
        CHECK(r.output.find(": 0 from a record, 0 from a neighbour's record") != std::string::npos);
        CHECK(r.output.find("measured at another thread count (neo-tune --threads 1); they are used only by a build "
                            "with that --tuning-threads (this one: 0)") != std::string::npos);
        r = run_tool(build + shell_quote((dir / "neg").string()) + with_log + " --tuning-threads -1");
        CHECK(r.status == 1);
        CHECK(r.output.find("--tuning-threads must be at least 0") != std::string::npos);
    }
    SUBCASE("a bad tuning log or database stops the build with its file and line") {
        {
            std::ofstream log(dir / "bad.jsonl");
            log << record_to_json(records.front()).dump() << "\n{\"workload_key\": 3}\n";
            std::ofstream(dir / "not.db") << std::string(3000, 'x');
        }
        auto r = run_tool(build + shell_quote((dir / "bad").string()) + " --tuning-log " + shell_quote((dir / "bad.jsonl").string()));
        CHECK(r.status == 1);
        CHECK(r.output.find((dir / "bad.jsonl").string() + ":2: \"workload_key\" must be a string") != std::string::npos);
        r = run_tool(build + shell_quote((dir / "bad").string()) + " --tuning-db " + shell_quote((dir / "not.db").string()));
        CHECK(r.status == 1);
        CHECK(r.output.find((dir / "not.db").string() + ": is not a tuning database") != std::string::npos);
        r = run_tool(build + shell_quote((dir / "bad").string()) + " --tuning-db " + shell_quote((dir / "none.db").string()));
        CHECK(r.status == 1);
        CHECK(r.output.find((dir / "none.db").string() + ": --tuning-db file not found") != std::string::npos);
        CHECK_FALSE(fs::exists(dir / "bad"));
    }
}
