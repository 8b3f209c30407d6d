#include "neo/core/artifact/artifact.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <set>

#include <openssl/evp.h>

#include "neo/core/util/error.hpp"

namespace neo {

const char* neo_version() { return NEO_VERSION; }

// ---- params ------------------------------------------------------------------------------

nlohmann::json ParamsWriter::add(const std::string& name, const Tensor& t) {
    data_.resize((data_.size() + kParamsAlignment - 1) / kParamsAlignment * kParamsAlignment, 0);
    std::size_t offset = data_.size();
    if (t.dtype() == DType::string) {
        for (const std::string& s : t.array<std::string>()) {
            uint64_t len = s.size();
            for (int b = 0; b < 8; ++b) data_.push_back(static_cast<uint8_t>(len >> (8 * b)));
            data_.insert(data_.end(), s.begin(), s.end());
        }
    } else {
        auto bytes = t.bytes();
        data_.insert(data_.end(), bytes.begin(), bytes.end());
    }
    return {{"name", name},
            {"dtype", std::string(dtype_name(t.dtype()))},
            {"shape", t.shape()},
            {"offset", offset},
            {"nbytes", data_.size() - offset}};
}

void ParamsWriter::write(const std::filesystem::path& file) const {
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data_.data()), static_cast<std::streamsize>(data_.size()));
    if (!out) throw UserError(file.string() + ": cannot write the parameters file");
}

Tensor read_param(const std::vector<uint8_t>& params, const nlohmann::json& e,
                  const std::filesystem::path& file) {
    try {
        auto dtype = parse_dtype(e.at("dtype").get<std::string>());
        auto shape = e.at("shape").get<std::vector<int64_t>>();
        auto offset = e.at("offset").get<std::size_t>();
        auto nbytes = e.at("nbytes").get<std::size_t>();
        std::string name = e.at("name").get<std::string>();
        if (!dtype || offset > params.size() || nbytes > params.size() - offset)
            throw UserError(file.string() + ": parameter '" + name +
                            "' lies outside the parameters file or has an unknown dtype; "
                            "the artifact is corrupt, rebuild it");
        std::span<const uint8_t> bytes(params.data() + offset, nbytes);
        if (*dtype != DType::string) return Tensor::from_bytes(*dtype, shape, bytes);
        Tensor t = Tensor::zeros(DType::string, shape);
        std::size_t pos = 0;
        for (std::string& s : t.array<std::string>()) {
            if (pos + 8 > bytes.size()) throw UserError(file.string() + ": truncated string parameter '" + name + "'");
            uint64_t len = 0;
            for (int b = 0; b < 8; ++b) len |= static_cast<uint64_t>(bytes[pos + b]) << (8 * b);
            pos += 8;
            if (len > bytes.size() - pos) throw UserError(file.string() + ": truncated string parameter '" + name + "'");
            s.assign(reinterpret_cast<const char*>(bytes.data() + pos), len);
            pos += len;
        }
        return t;
    } catch (const nlohmann::json::exception& ex) {
        throw UserError(file.string() + ": malformed parameter entry (" + ex.what() + ")");
    }
}

// ---- model.json ----------------------------------------------------------------------------

namespace {
nlohmann::json describe_values(const std::vector<Value*>& values) {
    nlohmann::json a = nlohmann::json::array();
    for (const Value* v : values) {
        nlohmann::json shape = nlohmann::json::array();
        if (v->shape().ranked())
            for (const Dim& d : v->shape().dims()) {
                if (d.is_static()) shape.push_back(d.value());
                else shape.push_back(d.str());
            }
        nlohmann::json e = {{"name", v->name()},
                            {"dtype", std::string(dtype_name(v->dtype()))},
                            {"shape", shape}};
        if (!v->layout().empty()) e["layout"] = v->layout().name();
        a.push_back(e);
    }
    return a;
}

void collect_ops(const Graph& g, std::set<std::string>& ops) {
    for (const Node* n : g.nodes()) {
        ops.insert(n->qualified_op());
        for (const auto& [k, a] : n->attrs()) {
            if (a.type() == AttrType::graph) collect_ops(*a.graph(), ops);
            if (a.type() == AttrType::graphs)
                for (const auto& sg : a.graphs()) collect_ops(*sg, ops);
        }
    }
}
}  // namespace

nlohmann::json describe_model(const Graph& g, const TargetSpec& t, const std::string& plugin) {
    std::set<std::string> ops;
    collect_ops(g, ops);
    nlohmann::json features = t.features;
    return {{"format", "neo-artifact"},
            {"format_version", kArtifactFormatVersion},
            {"compiler", {{"name", "neo"}, {"version", neo_version()}}},
            {"target",
             {{"plugin", plugin},
              {"device", t.device},
              {"os", std::string(os_name(t.os))},
              {"arch", std::string(arch_name(t.arch))},
              {"accelerator", std::string(accelerator_name(t.accelerator))},
              {"triple", t.triple},
              {"cpu", t.cpu},
              {"features", features},
              {"options", t.options}}},
            {"graph_name", g.name()},
            {"inputs", describe_values(g.inputs())},
            {"outputs", describe_values(g.outputs())},
            {"ops", std::vector<std::string>(ops.begin(), ops.end())}};
}

void write_json(const std::filesystem::path& file, const nlohmann::json& j) {
    std::ofstream out(file, std::ios::binary);
    out << j.dump(2) << "\n";
    if (!out) throw UserError(file.string() + ": cannot write the file");
}

nlohmann::json read_json(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw UserError(file.string() + ": cannot open the file");
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw UserError(file.string() + ": not valid JSON (" + e.what() + ")");
    }
}

// ---- digests -------------------------------------------------------------------------------

std::string sha256_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw UserError(file.string() + ": cannot open the file to digest it");
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    check_internal(ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1, "sha256 init failed");
    std::vector<char> buf(1 << 16);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        EVP_DigestUpdate(ctx, buf.data(), static_cast<std::size_t>(in.gcount()));
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    EVP_MD_CTX_free(ctx);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

void write_manifest(const std::filesystem::path& dir) {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
        if (e.is_regular_file()) {
            std::string rel = std::filesystem::relative(e.path(), dir).generic_string();
            if (rel != "manifest.json") files.push_back(rel);
        }
    std::sort(files.begin(), files.end());
    nlohmann::json digests = nlohmann::json::object();
    for (const auto& f : files) digests[f] = sha256_file(dir / f);
    write_json(dir / "manifest.json", {{"algorithm", "sha256"}, {"files", digests}});
}

void verify_manifest(const std::filesystem::path& dir) {
    nlohmann::json m = read_json(dir / "manifest.json");
    if (!m.contains("files") || !m["files"].is_object())
        throw UserError((dir / "manifest.json").string() + ": has no \"files\" object; rebuild the artifact");
    for (const auto& [name, digest] : m["files"].items()) {
        std::filesystem::path f = dir / name;
        if (!std::filesystem::is_regular_file(f))
            throw UserError(f.string() + ": listed in manifest.json but missing; the artifact is incomplete");
        if (sha256_file(f) != digest.get<std::string>())
            throw UserError(f.string() + ": sha256 does not match manifest.json; the file is corrupt or was modified");
    }
}

}  // namespace neo
