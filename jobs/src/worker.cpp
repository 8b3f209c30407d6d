#include "neo/jobs/worker.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>

#include <unistd.h>

#include "neo/core/artifact/artifact.hpp"
#include "neo/core/driver/compile.hpp"
#include "neo/jobs/archive.hpp"
#include "neo/jobs/store.hpp"
#include "neo/jobs/validate.hpp"

namespace neo::jobs {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<fs::path> files_under(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (!e.is_directory()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

// The model files of the job, unpacked into work/model when the input is an archive.
std::vector<fs::path> fetch_model(const Job& job, const fs::path& work, std::ostream& log) {
    const std::string uri = job.input_config.at("S3Uri").get<std::string>();
    fs::path input = local_path(uri, "InputConfig.S3Uri");
    if (!fs::exists(input))
        throw UserError("S3Uri " + uri + ": no such file or folder; give the model's .tar.gz, file or folder");
    std::vector<fs::path> files;
    if (fs::is_directory(input)) {
        files = files_under(input);
    } else if (ends_with(input.string(), ".tar.gz") || ends_with(input.string(), ".tgz")) {
        log << "unpacking " << input.string() << "\n" << std::flush;
        extract_tar_gz(input, work / "model");
        files = files_under(work / "model");
    } else {
        files = {input};
    }
    // An ONNX model is one .onnx file; other files beside it (a README) are left out.
    if (job.input_config.at("Framework") == "ONNX") {
        std::erase_if(files, [](const fs::path& f) { return f.extension() != ".onnx"; });
        if (files.size() != 1)
            throw UserError("S3Uri " + uri + ": an ONNX model is one .onnx file; found " + std::to_string(files.size()));
    }
    if (files.empty()) throw UserError("S3Uri " + uri + ": holds no model file");
    return files;
}

json derived_input_config(const fs::path& artifact_dir) {
    json model = read_json(artifact_dir / "model.json");
    json derived = json::object();
    for (const json& in : model.value("inputs", json::array())) derived[in.at("name").get<std::string>()] = in.at("shape");
    return derived;
}

// Puts the archive at the output location under its final name in one rename.
std::string deliver(const Job& job, const fs::path& archive) {
    const std::string uri = job.output_config.at("S3OutputLocation").get<std::string>();
    fs::path dest_dir = local_path(uri, "OutputConfig.S3OutputLocation");
    std::error_code ec;
    fs::create_directories(dest_dir, ec);
    if (ec || !fs::is_directory(dest_dir))
        throw UserError("S3OutputLocation " + uri + ": cannot create the folder (" +
                        (ec ? ec.message() : "a file is in the way") + ")");
    const std::string name = artifact_file_name(job);
    fs::path tmp = dest_dir / ("." + name + ".tmp-" + std::to_string(::getpid()));
    fs::copy_file(archive, tmp, fs::copy_options::overwrite_existing, ec);
    if (!ec) fs::rename(tmp, dest_dir / name, ec);
    if (ec) {
        fs::remove(tmp);
        throw UserError("S3OutputLocation " + uri + ": cannot write " + name + " (" + ec.message() + ")");
    }
    std::string base = uri;
    while (base.size() > 1 && base.back() == '/') base.pop_back();
    return base + "/" + name;
}

}  // namespace

fs::path job_work_dir(const fs::path& home, const std::string& name) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return home / "work" / lower;
}

std::string artifact_file_name(const Job& job) {
    const json& out = job.output_config;
    std::string target;
    if (out.contains("TargetDevice")) {
        target = out["TargetDevice"].get<std::string>();
    } else {
        const json& p = out.at("TargetPlatform");
        target = p.value("Os", "") + "_" + p.value("Arch", "");
        if (p.contains("Accelerator")) target += "_" + p["Accelerator"].get<std::string>();
        std::transform(target.begin(), target.end(), target.begin(), [](unsigned char c) { return std::tolower(c); });
    }
    return job.name + "-" + target + ".tar.gz";
}

json run_compile_job(const Job& job, const fs::path& work, std::ostream& log, PluginHost& host) {
    std::string phase = "InputConfiguration";
    try {
        log << "fetching the model\n" << std::flush;
        CompileRequest req;
        req.model_files = fetch_model(job, work, log);
        req.framework = job.input_config.at("Framework").get<std::string>();
        if (job.input_config.contains("DataInputConfig"))
            req.input_shapes = job.input_config["DataInputConfig"].get<std::string>();
        const json& out = job.output_config;
        if (out.contains("TargetDevice")) req.target_device = out["TargetDevice"].get<std::string>();
        if (out.contains("TargetPlatform")) req.target_platform = out["TargetPlatform"].dump();
        if (out.contains("CompilerOptions")) req.compiler_options = out["CompilerOptions"].get<std::string>();
        req.output_dir = work / "artifact";
        log << "compiling " << req.model_files.front().filename().string() << "\n" << std::flush;
        compile_model(req, host);
        json derived = derived_input_config(req.output_dir);

        phase = "OutputConfiguration";
        log << "packing the artifact\n" << std::flush;
        fs::path archive = work / artifact_file_name(job);
        write_tar_gz(req.output_dir, archive);
        std::string digest = "sha256:" + sha256_file(archive);
        std::string uri = deliver(job, archive);
        log << "wrote " << uri << "\n" << std::flush;
        return {{"ok", true}, {"artifact", uri}, {"digest", digest}, {"derived_input_config", derived.dump()}};
    } catch (const UserError& e) {
        return {{"ok", false}, {"reason", "ClientError: " + phase + ": " + e.what()}};
    } catch (const std::exception& e) {
        return {{"ok", false}, {"reason", std::string("InternalError: ") + e.what()}};
    }
}

int compile_job_main(const fs::path& home, const std::string& name, PluginHost& host) {
    JobStore store(home / "jobs.db");
    std::optional<Job> job = store.get(name);
    if (!job) {
        std::cerr << "no compilation job named " << name << "\n";
        return 1;
    }
    const fs::path work = job_work_dir(home, job->name);
    json result = run_compile_job(*job, work, std::cout, host);
    std::cout << (result.value("ok", false) ? "done\n" : result.value("reason", "") + "\n") << std::flush;
    const fs::path tmp = work / "result.json.tmp";
    {
        std::ofstream os(tmp);
        os << result.dump() << "\n";
        if (!os) return 3;
    }
    fs::rename(tmp, work / "result.json");
    return 0;
}

}  // namespace neo::jobs
