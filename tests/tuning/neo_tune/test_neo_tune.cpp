// neo-tune end to end: tuning the small CNN here, resuming, neo-build taking the records,
// and the errors of its command line.
#include <doctest/doctest.h>

#include <fstream>

#include "neo/core/plugin/host.hpp"
#include "neo/tuning_db/sqlite_store.hpp"
#include "support/run_tool.hpp"
#include "tuning/tune_util.hpp"

using neo::test::run_tool;
using neo::test::shell_quote;
using neo::test::tool;

namespace {

const std::string kCnn = NEO_SOURCE_DIR "/tests/data/targets/llvm_cpu/small_cnn.onnx";
// Generic x86-64: runs on any machine of the tests.
const std::string kArgs = " --input-shapes '{\"input\":[1,3,32,32]}' --target-platform '{\"Os\":\"LINUX\",\"Arch\":\"X86_64\"}'";

bool have_llvm_cpu() { return neo::PluginHost::global().find(neo::PluginKind::target, "llvm_cpu") != nullptr; }

}  // namespace

TEST_CASE("neo-tune tunes the small CNN, resumes, and neo-build uses its records") {
    if (!have_llvm_cpu()) return;
    neo::test::TuneScratch dir("cli");
    const std::string db = (dir / "t.db").string(), plot = (dir / "plot.svg").string();
    const std::string cmd = tool("neo-tune") + " " + shell_quote(kCnn) + kArgs + " --db " + shell_quote(db) +
                            " --tasks Conv --repeats 2 --plot " + shell_quote(plot);
    auto r = run_tool(cmd + " --trials 12 --model-rounds 2");
    REQUIRE_MESSAGE(r.status == 0, r.output);
    // The in-model check ran the whole model; each task it compared there has its default's
    // in-model time in the database, and neo-build says which times it used.
    CHECK(r.output.find("\nin-model check: ") != std::string::npos);
    const bool compared = r.output.find("builds of the whole model") != std::string::npos;
    // Then the model as neo-build now builds it against the defaults, when a task changed.
    CHECK((r.output.find("\nwhole model as neo-build now builds it (") != std::string::npos ||
           r.output.find("\nneo-build takes the default schedule of every task: nothing to compare") != std::string::npos));
    CHECK(r.output.find("[task 1/4] Conv 1x3x32x32 -> 1x16x32x32  trials 8") != std::string::npos);
    CHECK(r.output.find("12 configs measured in this run") != std::string::npos);
    CHECK(r.output.find("estimated model latency") != std::string::npos);
    std::ifstream svg(plot);
    std::string text((std::istreambuf_iterator<char>(svg)), std::istreambuf_iterator<char>());
    CHECK(text.rfind("<svg", 0) == 0);
    CHECK(text.find("<polyline") != std::string::npos);
    {
        neo::tuning_db::SqliteStore store(db, {.read_only = true});
        CHECK(store.size() == 12);
        std::size_t in_model = 0;
        for (const auto& rec : store.all()) in_model += rec.model_cost.has_value();
        CHECK((in_model >= 3) == compared);  // the defaults of the two Convs measured, and a candidate
    }
    // Resumed, with the caches flushed before each run of a candidate.
    r = run_tool(cmd + " --trials 20 --model-rounds 0 --flush-caches 4");
    REQUIRE_MESSAGE(r.status == 0, r.output);
    CHECK(r.output.find("8 configs measured in this run") != std::string::npos);
    r = run_tool(cmd + " --trials 20 --model-rounds 0");
    CHECK(r.output.find("0 configs measured in this run") != std::string::npos);
    CHECK(r.output.find("in-model check") == std::string::npos);

    r = run_tool(tool("neo-build") + " " + shell_quote(kCnn) + kArgs + " --tuning-db " + shell_quote(db) + " -o " +
                 shell_quote((dir / "out").string()));
    REQUIRE_MESSAGE(r.status == 0, r.output);
    CHECK(r.output.find("record") != std::string::npos);
    CHECK((r.output.find(" us in the model)") != std::string::npos) == compared);
}

TEST_CASE("neo-tune says what is wrong with its command line") {
    if (!have_llvm_cpu()) return;
    auto r = run_tool(tool("neo-tune") + " " + shell_quote(kCnn) + kArgs + " --trials 3");
    CHECK(r.status == 1);
    CHECK(r.output.find("no tuning database given; use --db FILE") != std::string::npos);
    r = run_tool(tool("neo-tune") + " " + shell_quote(kCnn) + kArgs + " --db /tmp/x.db --tasks Softmax,Nope");
    CHECK(r.status == 1);
    CHECK(r.output.find("--tasks: 'Nope' names no task of this model") != std::string::npos);
    r = run_tool(tool("neo-tune") + " " + shell_quote(kCnn) + kArgs + " --db /tmp/x.db --agent 127.0.0.1:1");
    CHECK(r.status == 1);
    CHECK(r.output.find("--agent needs --key FILE") != std::string::npos);
    r = run_tool(tool("neo-tune") + " " + shell_quote(kCnn) +
                 " --input-shapes '{\"input\":[1,3,32,32]}' --target-platform '{\"Os\":\"LINUX\",\"Arch\":\"ARM64\"}' --db /tmp/x.db");
    CHECK(r.status == 1);
    CHECK(r.output.find("does not run on this machine; start `neo-tune --serve") != std::string::npos);
    r = run_tool(tool("neo-tune") + " " + shell_quote(kCnn) + kArgs + " --db /tmp/x.db --flush-caches 2000");
    CHECK(r.status == 1);
    CHECK(r.output.find("--flush-caches must be between 0 and 1024 MiB") != std::string::npos);
    r = run_tool(tool("neo-tune") + " " + shell_quote(kCnn) + kArgs + " --list-tasks");
    CHECK(r.status == 0);
    CHECK(r.output.find("4  Conv 1x16x32x32 -> 1x32x16x16  1  ") != std::string::npos);
}
