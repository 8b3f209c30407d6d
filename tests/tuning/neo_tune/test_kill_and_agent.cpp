// neo-tune killed with SIGKILL at random moments, again and again, never damages the
// database or loses a committed record, and the next run finishes the budget without
// measuring anything twice. And tuning for ARM64 through an agent under qemu-aarch64.
#include <doctest/doctest.h>

#include <random>
#include <set>

#include <sqlite3.h>

#include "neo/core/plugin/host.hpp"
#include "neo/tuning_db/sqlite_store.hpp"
#include "support/run_tool.hpp"
#include "tuning/tune_util.hpp"

using neo::test::Background;
using neo::test::run_tool;
using neo::test::shell_quote;
using neo::test::tool;

namespace {

const std::string kDigits = NEO_SOURCE_DIR "/samples/digits/digits.onnx";

std::string integrity(const std::string& db) {
    sqlite3* h = nullptr;
    std::string result = "cannot open";
    if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            result = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return result;
}

std::set<std::string> records(const std::string& db) {
    std::set<std::string> s;
    if (!std::filesystem::exists(db)) return s;
    neo::tuning_db::SqliteStore store(db, {.read_only = true});
    for (const auto& r : store.all()) s.insert(r.workload_key + "|" + neo::tuning_db::canonical_config(r.config));
    return s;
}

bool have(const std::string& program) { return run_tool("command -v " + program + " >/dev/null").status == 0; }

}  // namespace

TEST_CASE("kill -9 of neo-tune at random moments never corrupts the database, and the next run resumes") {
    if (!neo::PluginHost::global().find(neo::PluginKind::target, "llvm_cpu")) return;
    neo::test::TuneScratch dir("kill");
    const std::string db = (dir / "t.db").string();
    const std::vector<std::string> argv = {NEO_BINARY_DIR "/bin/neo-tune", kDigits, "--input-shapes", R"({"image":[1,1,8,8]})",
                                           "--target-platform", R"({"Os":"LINUX","Arch":"X86_64"})", "--db", db,
                                           "--trials", "40", "--batch", "2", "--repeats", "1", "--warmup", "0"};
    std::mt19937 rng(2024);
    std::set<std::string> committed;
    for (int round = 0; round < 8; ++round) {
        CAPTURE(round);
        Background tuner(argv);
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(200, 2000)(rng)));
        tuner.kill(SIGKILL);
        if (!std::filesystem::exists(db)) continue;
        CHECK(integrity(db) == "ok");
        const auto now = records(db);
        for (const auto& r : committed) CHECK(now.count(r) == 1);
        committed = now;
    }
    Background tuner(argv);
    int status = 0;
    const std::string out = tuner.rest(status);
    REQUIRE_MESSAGE(status == 0, out);
    CHECK(integrity(db) == "ok");
    const auto final_records = records(db);
    CHECK(final_records.size() == 40);
    CHECK(out.find(std::to_string(40 - committed.size()) + " configs measured in this run") != std::string::npos);
}

TEST_CASE("neo-tune measures ARM64 candidates on an agent under qemu-aarch64") {
    if (!neo::PluginHost::global().find(neo::PluginKind::target, "llvm_cpu")) return;
    if (!have("aarch64-linux-gnu-g++") || !have("qemu-aarch64")) {
        MESSAGE("skipped: needs aarch64-linux-gnu-g++ and qemu-aarch64 (apt-get install g++-aarch64-linux-gnu qemu-user)");
        return;
    }
    auto r = run_tool(shell_quote(NEO_SOURCE_DIR "/scripts/build_device_runtime.sh") + " aarch64-linux-gnu " +
                      shell_quote(NEO_BINARY_DIR));
    REQUIRE_MESSAGE(r.status == 0, r.output);
    neo::test::TuneScratch dir("qemu");
    const std::string key = neo::test::write_key(dir / "key", "qemu-loopback-test-key-0123456789");
    Background agent({"qemu-aarch64", "-L", "/usr/aarch64-linux-gnu", NEO_BINARY_DIR "/device/aarch64-linux-gnu/bin/neo-tune",
                      "--serve", "--port", "0", "--key", key, "--tmp", (dir / "agent").string()});
    const int port = neo::test::start_agent(agent);
    REQUIRE(port > 0);
    const std::string db = (dir / "arm.db").string();
    r = run_tool(tool("neo-tune") + " " + shell_quote(kDigits) +
                 " --input-shapes '{\"image\":[1,1,8,8]}' --target-platform '{\"Os\":\"LINUX\",\"Arch\":\"ARM64\"}'"
                 " --db " + shell_quote(db) + " --tasks Gemm --trials 6 --batch 3 --repeats 2 --agent 127.0.0.1:" +
                 std::to_string(port) + " --key " + shell_quote(key));
    REQUIRE_MESSAGE(r.status == 0, r.output);
    CHECK(r.output.find("measuring on the agent at 127.0.0.1:" + std::to_string(port) + " (aarch64)") != std::string::npos);
    neo::tuning_db::SqliteStore store(db, {.read_only = true});
    const auto all = store.all();
    CHECK(all.size() == 6);
    std::size_t ok = 0;
    for (const auto& rec : all) {
        CHECK(rec.target_key.rfind("LINUX/ARM64/", 0) == 0);
        ok += rec.valid();
    }
    CHECK(ok == all.size());
    // The in-model check ran the whole model on the agent too: when a config beat the
    // default alone, the default's record has its time inside the model.
    CHECK(r.output.find("\nin-model check: ") != std::string::npos);
    if (r.output.find("builds of the whole model") != std::string::npos) {
        bool default_in_model = false;
        for (const auto& rec : all) default_in_model = default_in_model || (rec.config.empty() && rec.model_cost);
        CHECK(default_in_model);
    }
}
