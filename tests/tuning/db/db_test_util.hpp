#pragma once
// What the tuning-db tests share: a scratch directory and records made to order.
#include <filesystem>
#include <string>

#include <unistd.h>

#include "neo/tuning_db/record.hpp"

namespace neo::test {

// A fresh directory under the system's temporary directory, removed at the end of scope.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& name)
        : path_(std::filesystem::temp_directory_path() / ("neo_test_db_" + name + "_" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

inline constexpr const char* kTarget = "LINUX/X86_64/NONE/znver4/+avx512f";

// A Conv record of workload `w` (its key names it) with config {"tile": tile}.
inline tuning_db::Record make_record(const std::string& w, int tile, double cost,
                                     tuning_db::ErrorCode error = tuning_db::ErrorCode::ok,
                                     const std::string& target = kTarget) {
    tuning_db::Record r;
    r.workload_key = "conv:" + w;
    r.workload = {{"op", "Conv"}, {"name", w}};
    r.op = "Conv";
    r.target_key = target;
    r.config = {{"tile", tile}, {"unroll", 2}};
    r.cost_mean = cost;
    r.cost_stdev = cost / 10;
    r.runs = 5;
    r.error = error;
    if (error != tuning_db::ErrorCode::ok) r.error_message = "failed on purpose";
    r.compiler_version = "0.1.0";
    r.time = 1700000000 + tile;
    return r;
}

}  // namespace neo::test
