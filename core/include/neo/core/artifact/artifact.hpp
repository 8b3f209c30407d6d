#pragma once
// The compiled-model artifact (DESIGN §4): a directory holding model.json (interface,
// target, compiler version, op list), model.params (weights: aligned, little-endian,
// mmap-able), the target's code, and manifest.json (sha256 of every other file).
// Everything written here is deterministic: same inputs → byte-identical files.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "neo/core/catalog/target_spec.hpp"
#include "neo/core/ir/graph.hpp"
#include "neo/core/ir/tensor.hpp"

namespace neo {

inline constexpr int kArtifactFormatVersion = 1;
inline constexpr std::size_t kParamsAlignment = 64;

// The compiler's version string ("0.1.0").
const char* neo_version();

// Lays tensors out in model.params: each at a kParamsAlignment-aligned offset, raw
// little-endian elements (strings as u64 length + bytes each).
class ParamsWriter {
public:
    // Appends a tensor; returns its index entry {"name","dtype","shape","offset","nbytes"}.
    nlohmann::json add(const std::string& name, const Tensor& t);
    void write(const std::filesystem::path& file) const;  // UserError on I/O failure
    std::size_t size() const { return data_.size(); }

private:
    std::vector<uint8_t> data_;
};

// Reads one entry of a params index back from the params bytes; UserError naming
// `file` when the entry points outside it or is malformed.
Tensor read_param(const std::vector<uint8_t>& params, const nlohmann::json& entry,
                  const std::filesystem::path& file);

// model.json's common part: format, compiler, target (plugin + spec), inputs,
// outputs (names, dtypes, shapes) and the sorted list of ops.
nlohmann::json describe_model(const Graph& g, const TargetSpec& target,
                              const std::string& target_plugin);

// Writes JSON with sorted keys and 2-space indentation, newline-terminated.
void write_json(const std::filesystem::path& file, const nlohmann::json& j);
nlohmann::json read_json(const std::filesystem::path& file);  // UserError naming the file

std::string sha256_file(const std::filesystem::path& file);   // lowercase hex
// Writes manifest.json with the sha256 of every regular file of `dir` (recursively,
// sorted, except manifest.json itself).
void write_manifest(const std::filesystem::path& dir);
// Checks every digest of manifest.json, and that no listed file is missing.
// UserError naming the first file that does not match.
void verify_manifest(const std::filesystem::path& dir);

}  // namespace neo
