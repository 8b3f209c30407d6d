// The ONNX frontend plugin: reads one .onnx model (ModelProto) into the core IR.
//
//   model file ──read_model──▶ ModelProto ──build_main_graph──▶ neo::Graph
//                                  (opset imports, translators per op and opset,
//                                   input shapes, one list of all unsupported ops)
#include <algorithm>
#include <cctype>

#include "graph_builder.hpp"
#include "model_reader.hpp"
#include "neo/core/util/error.hpp"
#include "neo/sdk/frontend.hpp"
#include "neo/sdk/plugin.hpp"

namespace fs = std::filesystem;

namespace neo::onnxfe {
namespace {

bool has_onnx_extension(const fs::path& f) {
    std::string ext = f.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".onnx";
}

// A model file: named *.onnx, or starting like a ModelProto.
bool is_model_file(const fs::path& f) {
    std::error_code ec;
    if (fs::is_directory(f, ec)) return false;
    return has_onnx_extension(f) || looks_like_onnx(f);
}

std::string join(const std::vector<fs::path>& files) {
    std::string s;
    for (const auto& f : files) s += (s.empty() ? "" : ", ") + f.string();
    return s;
}

class OnnxFrontend final : public FrontendPlugin {
public:
    std::vector<std::string> frameworks() const override { return {"ONNX"}; }

    // Exactly one of the files is an ONNX model (the others may be its external data).
    bool accepts(const std::vector<fs::path>& files) const override {
        return std::count_if(files.begin(), files.end(), is_model_file) == 1;
    }

    std::unique_ptr<Graph> load(const std::vector<fs::path>& files,
                                const InputShapes& shapes) override {
        const fs::path file = model_file(files);
        onnx::ModelProto model = read_model(file);

        ModelInfo info;
        info.model_dir = file.parent_path();
        for (const auto& op : model.opset_import())
            info.opsets[normalize_domain(op.domain())] = op.version();
        // Before IR version 3 models had no opset_import: the default domain at opset 1.
        if (model.opset_import_size() == 0) info.opsets[""] = 1;
        for (const auto& f : model.functions()) {
            auto [it, fresh] = info.functions.emplace(
                std::make_pair(normalize_domain(f.domain()), f.name()), &f);
            if (!fresh) it->second = nullptr;  // overloads (IR 10) are not supported
        }
        try {
            return build_main_graph(model.graph(), info, shapes);
        } catch (const UserError& e) {
            throw UserError(file.string() + ": " + e.what());
        }
    }

private:
    static fs::path model_file(const std::vector<fs::path>& files) {
        if (files.empty()) throw UserError("the ONNX frontend needs a model file (.onnx)");
        std::vector<fs::path> models;
        std::copy_if(files.begin(), files.end(), std::back_inserter(models), is_model_file);
        if (models.size() == 1) return models[0];
        if (models.empty() && files.size() == 1) return files[0];  // read_model says why
        if (models.empty())
            throw UserError("none of the files is an ONNX model (.onnx): " + join(files));
        throw UserError("give one ONNX model file; these are all ONNX models: " + join(models));
    }
};

}  // namespace
}  // namespace neo::onnxfe

NEO_DEFINE_PLUGIN(NEO_PLUGIN_FRONTEND, "onnx", "0.1.0",
                  "ONNX models (.onnx, opsets 1 and up, ai.onnx and ai.onnx.ml)",
                  neo::onnxfe::OnnxFrontend)
