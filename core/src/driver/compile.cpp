#include "neo/core/driver/compile.hpp"

#include <algorithm>
#include <fstream>

#include "neo/core/catalog/input_shapes.hpp"
#include "neo/core/catalog/resolve.hpp"
#include "neo/core/passes/pass_manager.hpp"
#include "neo/core/util/error.hpp"

namespace neo {
namespace {

std::string join_names(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    return s;
}

// The frontend for the request: by framework name, else the first that accepts the files.
std::pair<std::string, std::shared_ptr<FrontendPlugin>> choose_frontend(
    PluginHost& host, const CompileRequest& req) {
    std::vector<std::string> loaded;
    for (const PluginInfo& p : host.plugins()) {
        if (p.kind != PluginKind::frontend) continue;
        auto fe = host.create_frontend(p.name);
        auto fws = fe->frameworks();
        loaded.push_back(p.name + " (" + join_names(fws) + ")");
        if (req.framework) {
            for (const auto& fw : fws)
                if (upper(fw) == upper(*req.framework)) return {p.name, fe};
        } else if (fe->accepts(req.model_files)) {
            return {p.name, fe};
        }
    }
    std::string have = loaded.empty() ? "no frontend plugins are loaded" : "loaded frontends: " + join_names(loaded);
    if (req.framework)
        throw UserError("no frontend plugin reads framework " + upper(*req.framework) + " (" + have +
                        "); check `neo-build --list-plugins` and $NEO_PLUGIN_PATH");
    throw UserError("cannot tell the framework of " + req.model_files.front().string() + " (" + have +
                    "); name it with --framework (one of " + join_names(known_frameworks()) + ")");
}

}  // namespace

const std::vector<std::string>& known_frameworks() {
    static const std::vector<std::string> f = {"ONNX", "TFLITE", "KERAS", "TENSORFLOW",
                                               "PYTORCH", "MXNET", "XGBOOST", "DARKNET", "SKLEARN"};
    return f;
}

DeviceCatalog full_catalog(PluginHost& host) {
    DeviceCatalog catalog = DeviceCatalog::builtin();
    for (const PluginInfo& p : host.plugins()) {
        if (p.kind != PluginKind::target) continue;
        for (auto& d : host.create_target(p.name)->extra_devices())
            catalog.add(std::move(d), "target plugin '" + p.name + "' (" + p.file.string() + ")");
    }
    return catalog;
}

ChosenTarget choose_target_plugin(PluginHost& host, const TargetSpec& target,
                                  const std::optional<std::string>& forced) {
    if (forced) {
        auto plugin = host.create_target(*forced);
        if (!plugin->supports(target))
            throw UserError("target plugin '" + *forced + "' does not support " + target.describe() +
                            "; leave out --target-plugin to let neo choose");
        return {*forced, plugin};
    }
    ChosenTarget best;
    int best_priority = 0;
    for (const PluginInfo& p : host.plugins()) {
        if (p.kind != PluginKind::target) continue;
        auto plugin = host.create_target(p.name);
        if (!plugin->supports(target)) continue;
        if (!best.plugin || plugin->priority() > best_priority) {
            best = {p.name, plugin};
            best_priority = plugin->priority();
        }
    }
    if (!best.plugin)
        throw UserError("no loaded target plugin supports " + target.describe() +
                        "; check `neo-build --list-plugins` and $NEO_PLUGIN_PATH");
    return best;
}

TargetSpec validate_model_request(const CompileRequest& req, PluginHost& host) {
    DeviceCatalog catalog = full_catalog(host);
    TargetSpec target = resolve_target(catalog, req.target_device, req.target_platform,
                                       req.compiler_options);
    choose_target_plugin(host, target, req.target_plugin);
    if (req.framework) {
        const auto& fws = known_frameworks();
        if (std::find(fws.begin(), fws.end(), upper(*req.framework)) == fws.end())
            throw UserError("--framework: unknown framework '" + *req.framework + "'; use one of " +
                            join_names(fws));
    }
    if (req.input_shapes) InputShapes::parse(*req.input_shapes);
    if (req.model_files.empty()) throw UserError("no model file given");
    for (const auto& f : req.model_files)
        if (!std::filesystem::exists(f))
            throw UserError(f.string() + ": model file not found");
    return target;
}

TargetSpec validate_request(const CompileRequest& req, PluginHost& host) {
    TargetSpec target = validate_model_request(req, host);
    if (req.output_dir.empty()) throw UserError("no output directory given; use -o DIR");
    const auto& out = req.output_dir;
    if (std::filesystem::exists(out)) {
        if (!std::filesystem::is_directory(out))
            throw UserError(out.string() + ": exists and is not a directory; choose another -o");
        if (!std::filesystem::is_empty(out) && !std::filesystem::exists(out / "manifest.json"))
            throw UserError(out.string() + ": is not empty and holds no neo artifact; neo-build "
                            "only replaces an earlier artifact, choose an empty or new directory");
    }
    return target;
}

PreparedModel prepare_model(const CompileRequest& req, PluginHost& host) {
    PreparedModel m;
    m.target = validate_model_request(req, host);
    PassManager pipeline = standard_pipeline();
    if (req.dump_ir) pipeline.set_dump(*req.dump_ir, req.dump_out);
    m.plugin = choose_target_plugin(host, m.target, req.target_plugin);
    auto [fe_name, frontend] = choose_frontend(host, req);
    m.frontend_plugin = fe_name;
    InputShapes shapes = req.input_shapes ? InputShapes::parse(*req.input_shapes) : InputShapes{};
    m.graph = frontend->load(req.model_files, shapes);
    pipeline.run(*m.graph);
    return m;
}

CompileResult compile_model(const CompileRequest& req, PluginHost& host) {
    CompileResult result;
    validate_request(req, host);
    PreparedModel model = prepare_model(req, host);
    result.target = model.target;
    result.target_plugin = model.plugin.name;
    result.frontend_plugin = model.frontend_plugin;
    const Graph& graph = *model.graph;
    const ChosenTarget& target = model.plugin;
    Schedules schedules;
    if (req.schedules)
        schedules = req.schedules(target.plugin->tuning_tasks(graph, result.target), result.target, *target.plugin);

    // Build next to the output directory, then replace it (an earlier artifact only,
    // checked above), so that a failed build leaves the old artifact intact.
    std::filesystem::path out = req.output_dir;
    if (out.filename().empty()) out = out.parent_path();
    std::filesystem::path staging = out;
    staging += ".neo-build-tmp";
    std::filesystem::remove_all(staging);
    std::filesystem::create_directories(staging);
    try {
        target.plugin->build(graph, result.target, schedules, staging);
    } catch (...) {
        std::filesystem::remove_all(staging);
        throw;
    }
    std::filesystem::remove_all(out);
    std::filesystem::rename(staging, out);
    result.output_dir = out;
    return result;
}

}  // namespace neo
