// CreateCompilationJob validation. The service's constraints (from its API reference):
//   CompilationJobName  1..63, [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}
//   RoleArn             20..2048, arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+
//   S3Uri               0..1024;  DataInputConfig 1..16384;  FrameworkVersion 3..10, [0-9]\.[A-Za-z0-9.]+
//   CompilerOptions     3..1024;  KmsKeyId 0..2048, [a-zA-Z0-9:/_-]*
//   StoppingCondition   MaxRuntimeInSeconds >= 1, MaxWaitTimeInSeconds >= 1,
//                       MaxPendingTimeInSeconds 1800..2419200
//   Tags                0..50 of {Key 1..128, Value 0..256}
//   VpcConfig           SecurityGroupIds 1..5, Subnets 1..16, each [-0-9a-zA-Z]+ of 0..32
#include "neo/jobs/validate.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include "neo/core/catalog/input_shapes.hpp"
#include "neo/core/catalog/resolve.hpp"
#include "neo/jobs/errors.hpp"

namespace neo::jobs {
namespace {

using json = nlohmann::json;

const std::vector<std::string> kFrameworks = {"TENSORFLOW", "KERAS", "MXNET", "ONNX", "PYTORCH",
                                              "XGBOOST", "TFLITE", "DARKNET", "SKLEARN"};
// FrameworkVersion is a field of these frameworks only.
const std::set<std::string> kVersioned = {"MXNET", "PYTORCH", "TENSORFLOW", "TFLITE"};
// The layout DataInputConfig shapes are given in, per framework.
const std::set<std::string> kNhwc = {"TENSORFLOW", "TFLITE"};
const std::set<std::string> kNchw = {"KERAS", "MXNET", "ONNX", "PYTORCH", "DARKNET"};

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

void check_keys(const json& obj, const std::string& field, const std::vector<std::string>& known) {
    for (const auto& [key, value] : obj.items())
        if (std::find(known.begin(), known.end(), key) == known.end())
            throw validation_error(field + ": unknown member '" + key + "'; the members are " + join(known));
}

const json& object_member(const json& obj, const std::string& key, const std::string& field) {
    if (!obj.contains(key)) throw validation_error(field + " is required");
    if (!obj[key].is_object()) throw validation_error(field + " must be a JSON object, not " + obj[key].dump());
    return obj[key];
}

// A string member with the service's length bounds (and pattern); nullopt when absent
// and not required.
std::optional<std::string> string_member(const json& obj, const std::string& key, const std::string& field,
                                         bool required, std::size_t min, std::size_t max,
                                         const char* pattern = nullptr, const char* pattern_doc = nullptr) {
    if (!obj.contains(key) || obj[key].is_null()) {
        if (required) throw validation_error(field + " is required");
        return std::nullopt;
    }
    if (!obj[key].is_string()) throw validation_error(field + " must be a string, not " + obj[key].dump());
    std::string s = obj[key].get<std::string>();
    if (s.size() < min || s.size() > max)
        throw validation_error(field + " must be " + std::to_string(min) + " to " + std::to_string(max) +
                               " characters long; '" + s.substr(0, 80) + "' has " + std::to_string(s.size()));
    if (pattern && !std::regex_match(s, std::regex(pattern)))
        throw validation_error(field + " '" + s + "' does not match " + pattern +
                               (pattern_doc ? std::string(" (") + pattern_doc + ")" : ""));
    return s;
}

std::optional<long long> integer_member(const json& obj, const std::string& key, const std::string& field,
                                        long long min, long long max) {
    if (!obj.contains(key) || obj[key].is_null()) return std::nullopt;
    const json& v = obj[key];
    if (!v.is_number_integer()) throw validation_error(field + " must be an integer, not " + v.dump());
    long long n = v.get<long long>();
    if (n < min || n > max)
        throw validation_error(field + " must be between " + std::to_string(min) + " and " +
                               std::to_string(max) + "; got " + std::to_string(n));
    return n;
}

// Letters, numbers, white space and _ . : / = + - @ (the service's \p{L}\p{Z}\p{N} classes:
// bytes of multi-byte UTF-8 characters are taken as letters).
bool tag_text_ok(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char ch) {
        auto c = static_cast<unsigned char>(ch);
        return c >= 0x80 || std::isalnum(c) || c == ' ' || std::string_view("_.:/=+-@").find(ch) != std::string_view::npos;
    });
}

void check_layout(const InputShapes& shapes, const std::string& framework) {
    auto looks_nhwc = [](const std::vector<int64_t>& d) {
        return d.size() == 4 && d[1] == d[2] && d[1] > 4 && d[3] <= 4;
    };
    auto looks_nchw = [](const std::vector<int64_t>& d) {
        return d.size() == 4 && d[2] == d[3] && d[2] > 4 && d[1] <= 4;
    };
    for (const InputShape& in : shapes.inputs) {
        const std::string which = in.name ? "input '" + *in.name + "'" : "a positional input";
        std::string dims;
        for (auto d : in.dims) dims += (dims.empty() ? "" : ",") + std::to_string(d);
        if (kNchw.count(framework) && looks_nhwc(in.dims) && !looks_nchw(in.dims))
            throw validation_error("InputConfig.DataInputConfig: " + which + " has shape [" + dims +
                                   "], which is NHWC; " + framework + " takes shapes in NCHW order");
        if (kNhwc.count(framework) && looks_nchw(in.dims) && !looks_nhwc(in.dims))
            throw validation_error("InputConfig.DataInputConfig: " + which + " has shape [" + dims +
                                   "], which is NCHW; " + framework + " takes shapes in NHWC order");
    }
}

json check_input_config(const json& request) {
    const json& in = object_member(request, "InputConfig", "InputConfig");
    check_keys(in, "InputConfig", {"S3Uri", "DataInputConfig", "Framework", "FrameworkVersion"});
    std::string uri = *string_member(in, "S3Uri", "InputConfig.S3Uri", true, 1, 1024);
    local_path(uri, "InputConfig.S3Uri");
    std::string fw = *string_member(in, "Framework", "InputConfig.Framework", true, 1, 64);
    if (std::find(kFrameworks.begin(), kFrameworks.end(), fw) == kFrameworks.end())
        throw validation_error("InputConfig.Framework '" + fw + "' is not one of " + join(kFrameworks));
    auto version = string_member(in, "FrameworkVersion", "InputConfig.FrameworkVersion", false, 3, 10,
                                 "[0-9]\\.[A-Za-z0-9.]+", "a version such as 1.15");
    if (version && !kVersioned.count(fw))
        throw validation_error("InputConfig.FrameworkVersion is supported for MXNET, PYTORCH, TENSORFLOW and "
                               "TFLITE only; leave it out for " + fw);
    auto data = string_member(in, "DataInputConfig", "InputConfig.DataInputConfig", false, 1, 16384);
    if (fw == "XGBOOST") {
        if (data) throw validation_error("InputConfig.DataInputConfig is not used for XGBOOST models; leave it out");
    } else if (!data && fw != "SKLEARN") {
        throw validation_error("InputConfig.DataInputConfig is required for " + fw +
                               ": the name and shape of each input, e.g. {\"data\": [1,3,224,224]}");
    }
    if (data) {
        InputShapes shapes;
        try {
            shapes = InputShapes::parse(*data);
        } catch (const UserError& e) {
            throw validation_error(std::string("InputConfig.DataInputConfig: ") + e.what());
        }
        if (shapes.positional && fw != "PYTORCH")
            throw validation_error("InputConfig.DataInputConfig: the list form [[shape], ...] is for PYTORCH only; "
                                   "give " + fw + " inputs as a dictionary {\"name\": [shape]}");
        check_layout(shapes, fw);
    }
    return in;
}

json check_output_config(const json& request, const DeviceCatalog& catalog) {
    const json& out = object_member(request, "OutputConfig", "OutputConfig");
    check_keys(out, "OutputConfig", {"S3OutputLocation", "TargetDevice", "TargetPlatform", "CompilerOptions", "KmsKeyId"});
    std::string uri = *string_member(out, "S3OutputLocation", "OutputConfig.S3OutputLocation", true, 1, 1024);
    local_path(uri, "OutputConfig.S3OutputLocation");
    string_member(out, "KmsKeyId", "OutputConfig.KmsKeyId", false, 0, 2048, "[a-zA-Z0-9:/_-]*");
    auto device = string_member(out, "TargetDevice", "OutputConfig.TargetDevice", false, 1, 64);
    std::optional<std::string> platform;
    if (out.contains("TargetPlatform")) {
        const json& p = object_member(out, "TargetPlatform", "OutputConfig.TargetPlatform");
        check_keys(p, "OutputConfig.TargetPlatform", {"Os", "Arch", "Accelerator"});
        platform = p.dump();
    }
    if (device && platform)
        throw validation_error("OutputConfig: TargetDevice and TargetPlatform are mutually exclusive; give one");
    if (!device && !platform)
        throw validation_error("OutputConfig: give TargetDevice (e.g. \"rasp3b\") or TargetPlatform "
                               "(e.g. {\"Os\": \"LINUX\", \"Arch\": \"ARM64\"})");
    auto options = string_member(out, "CompilerOptions", "OutputConfig.CompilerOptions", false, 3, 1024);
    try {
        resolve_target(catalog, device, platform, options);
    } catch (const UserError& e) {
        throw validation_error(std::string("OutputConfig: ") + e.what());
    }
    return out;
}

json check_stopping_condition(const json& request) {
    const json& s = object_member(request, "StoppingCondition", "StoppingCondition");
    check_keys(s, "StoppingCondition", {"MaxRuntimeInSeconds", "MaxWaitTimeInSeconds", "MaxPendingTimeInSeconds"});
    constexpr long long kMax = 1LL << 31;
    integer_member(s, "MaxRuntimeInSeconds", "StoppingCondition.MaxRuntimeInSeconds", 1, kMax);
    integer_member(s, "MaxWaitTimeInSeconds", "StoppingCondition.MaxWaitTimeInSeconds", 1, kMax);
    integer_member(s, "MaxPendingTimeInSeconds", "StoppingCondition.MaxPendingTimeInSeconds", 1800, 2419200);
    return s;
}

json check_tags(const json& request) {
    if (!request.contains("Tags")) return json::array();
    const json& tags = request["Tags"];
    if (!tags.is_array()) throw validation_error("Tags must be a list of {\"Key\": ..., \"Value\": ...}");
    if (tags.size() > 50) throw validation_error("Tags: at most 50 tags; got " + std::to_string(tags.size()));
    std::set<std::string> keys;
    for (std::size_t i = 0; i < tags.size(); ++i) {
        const std::string field = "Tags[" + std::to_string(i) + "]";
        if (!tags[i].is_object()) throw validation_error(field + " must be a JSON object {\"Key\", \"Value\"}");
        check_keys(tags[i], field, {"Key", "Value"});
        std::string key = *string_member(tags[i], "Key", field + ".Key", true, 1, 128);
        std::string value = *string_member(tags[i], "Value", field + ".Value", true, 0, 256);
        if (!tag_text_ok(key) || !tag_text_ok(value))
            throw validation_error(field + ": a tag holds letters, numbers, spaces and _ . : / = + - @ only");
        if (!keys.insert(key).second) throw validation_error(field + ": the key '" + key + "' is repeated");
    }
    return tags;
}

json check_vpc_config(const json& request) {
    if (!request.contains("VpcConfig")) return json();
    const json& v = object_member(request, "VpcConfig", "VpcConfig");
    check_keys(v, "VpcConfig", {"SecurityGroupIds", "Subnets"});
    for (auto [key, max] : {std::pair<std::string, std::size_t>{"SecurityGroupIds", 5}, {"Subnets", 16}}) {
        const std::string field = "VpcConfig." + key;
        if (!v.contains(key) || !v[key].is_array() || v[key].empty() || v[key].size() > max)
            throw validation_error(field + " must be a list of 1 to " + std::to_string(max) + " ids");
        for (std::size_t i = 0; i < v[key].size(); ++i)
            string_member(json{{"id", v[key][i]}}, "id", field + "[" + std::to_string(i) + "]", true, 1, 32,
                          "[-0-9a-zA-Z]+");
    }
    return v;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

}  // namespace

std::string check_job_name(const json& value, const std::string& field) {
    json holder = {{"n", value}};
    return *string_member(holder, "n", field, true, 1, 63, "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}",
                          "letters, digits and hyphens, starting and ending with a letter or digit");
}

std::string local_path(const std::string& uri, const std::string& field) {
    if (uri.empty()) throw validation_error(field + " is empty; give a local path or a file:// URI");
    auto scheme_end = uri.find("://");
    if (scheme_end == std::string::npos) return uri;
    std::string scheme = lower(uri.substr(0, scheme_end));
    if (scheme == "file") {
        std::string path = uri.substr(scheme_end + 3);
        if (path.rfind("localhost/", 0) == 0) path = path.substr(9);
        if (path.empty() || path[0] != '/')
            throw validation_error(field + " '" + uri + "': a file:// URI needs an absolute path (file:///dir/model.tar.gz)");
        return path;
    }
    if (scheme == "s3" || scheme == "https")
        throw validation_error(field + " '" + uri + "': " + scheme + ":// locations need a storage backend, which "
                               "this neo does not have; copy the object here and give a local path or file:// URI");
    throw validation_error(field + " '" + uri + "': unknown scheme '" + scheme + "://'; give a local path or a file:// URI");
}

Job make_job(const json& request, const DeviceCatalog& catalog, double now, const std::string& region) {
    if (!request.is_object()) throw validation_error("the request must be a JSON object");
    check_keys(request, "CreateCompilationJob", {"CompilationJobName", "RoleArn", "ModelPackageVersionArn", "InputConfig",
                                                 "OutputConfig", "VpcConfig", "StoppingCondition", "Tags"});
    Job job;
    job.name = check_job_name(request.contains("CompilationJobName") ? request["CompilationJobName"] : json());
    job.role_arn = *string_member(request, "RoleArn", "RoleArn", true, 20, 2048,
                                  "arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+",
                                  "an IAM role ARN: arn:aws:iam::123456789012:role/name");
    if (request.contains("ModelPackageVersionArn"))
        throw validation_error("ModelPackageVersionArn: model packages need a model registry, which this neo does not "
                               "have; give the model with InputConfig");
    job.input_config = check_input_config(request);
    job.output_config = check_output_config(request, catalog);
    job.stopping_condition = check_stopping_condition(request);
    job.tags = check_tags(request);
    job.vpc_config = check_vpc_config(request);
    const std::string account = job.role_arn.substr(job.role_arn.find("::") + 2, 12);
    job.arn = "arn:aws:sagemaker:" + region + ":" + account + ":compilation-job/" + lower(job.name);
    job.status = JobStatus::starting;
    job.creation_time = job.last_modified_time = now;
    return job;
}

}  // namespace neo::jobs
