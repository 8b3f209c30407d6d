// The `neo` command line: each kind of invalid request is refused with a specific
// message, and a job created on the command line runs to COMPLETED (--wait) with its
// artifact at the output location.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/run_tool.hpp"

namespace fs = std::filesystem;
using neo::test::run_tool;
using neo::test::shell_quote;

namespace {

struct Home {
    fs::path dir = fs::path(NEO_BINARY_DIR) / "tests" / "neo-cli-home";
    Home() {
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    std::string neo(const std::string& args) const {
        return "NEO_HOME=" + shell_quote(dir.string()) + " " + neo::test::tool("neo") + " " + args;
    }
};

std::string create_args(const std::string& name, const std::string& input, const std::string& output,
                        const std::string& stopping = R"({"MaxRuntimeInSeconds": 60})") {
    return "create-compilation-job --compilation-job-name " + shell_quote(name) +
           " --role-arn arn:aws:iam::123456789012:role/neo --input-config " + shell_quote(input) +
           " --output-config " + shell_quote(output) + " --stopping-condition " + shell_quote(stopping);
}

const std::string kModel = NEO_SOURCE_DIR "/samples/digits/digits.onnx";
const std::string kInput = R"({"S3Uri": ")" + kModel + R"(", "Framework": "ONNX", "DataInputConfig": "{\"image\": [1,1,8,8]}"})";

}  // namespace

TEST_CASE("neo refuses each kind of invalid request with a specific message") {
    Home home;
    const std::string out = R"({"S3OutputLocation": "/tmp/neo-cli-out", "TargetDevice": "ml_c5"})";
    struct Case {
        std::string args, expected;
    };
    const std::vector<Case> cases = {
        {create_args("bad_name", kInput, out), "(ValidationException) in CreateCompilationJob: CompilationJobName 'bad_name' does not match"},
        {"create-compilation-job --compilation-job-name j --input-config " + shell_quote(kInput) + " --output-config " +
             shell_quote(out) + " --stopping-condition '{}'",
         "RoleArn is required"},
        {create_args("j", "{not json", out), "--input-config: not valid JSON"},
        {create_args("j", R"({"S3Uri": "https://example.com/m.tar.gz", "Framework": "ONNX", "DataInputConfig": "{\"a\": [1]}"})", out),
         "https:// locations need a storage backend"},
        {create_args("j", R"({"S3Uri": "/m.onnx", "Framework": "PYTORCH", "FrameworkVersion": "x1.0", "DataInputConfig": "[[1,3,8,8]]"})", out),
         "InputConfig.FrameworkVersion 'x1.0' does not match"},
        {create_args("j", R"({"S3Uri": "/m.onnx", "Framework": "TENSORFLOW", "DataInputConfig": "{\"a\": [1,3,224,224]}"})", out),
         "which is NCHW; TENSORFLOW takes shapes in NHWC order"},
        {create_args("j", R"({"S3Uri": "/m.onnx", "Framework": "ONNX"})", out), "InputConfig.DataInputConfig is required for ONNX"},
        {create_args("j", kInput, R"({"S3OutputLocation": "/o"})"), "OutputConfig: give TargetDevice"},
        {create_args("j", kInput, R"({"S3OutputLocation": "/o", "TargetPlatform": {"Os": "LINUX", "Arch": "ARM64", "Accelerator": "INTEL_GRAPHICS"}})"),
         "INTEL_GRAPHICS"},
        {create_args("j", kInput, R"({"S3OutputLocation": "/o", "TargetDevice": "jetson_nano", "CompilerOptions": "{\"gpu-code\": \"sm72\"}"})"),
         "gpu-code"},
        {create_args("j", kInput, out, R"({"MaxPendingTimeInSeconds": 10})"), "MaxPendingTimeInSeconds must be between 1800 and 2419200"},
        {create_args("j", kInput, out) + " --tags '[{\"Key\": \"\", \"Value\": \"v\"}]'", "Tags[0].Key must be 1 to 128 characters"},
        {"describe-compilation-job --compilation-job-name nosuch", "(ResourceNotFound) in DescribeCompilationJob: compilation job nosuch does not exist"},
        {"stop-compilation-job --compilation-job-name nosuch", "(ResourceNotFound) in StopCompilationJob"},
        {"list-compilation-jobs --sort-by Size", "SortBy 'Size' is not one of Name, CreationTime, Status"},
        {"list-compilation-jobs --max-results 500", "MaxResults must be an integer from 1 to 100"},
        {"list-compilation-jobs --creation-time-after yesterday", "--creation-time-after: 'yesterday' is not a time"},
        {"list-compilation-jobs --next-token 3.14", "NextToken is not one that a ListCompilationJobs call"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.args);
        auto r = run_tool(home.neo(c.args));
        CHECK(r.status == 1);
        CHECK_MESSAGE(r.output.find(c.expected) != std::string::npos, r.output);
    }
}

TEST_CASE("neo create-compilation-job --wait compiles the model, then the name is taken") {
    Home home;
    const fs::path out = home.dir / "out";
    const std::string output = R"({"S3OutputLocation": "file://)" + out.string() + R"(", "TargetDevice": "ml_c5"})";
    auto r = run_tool(home.neo(create_args("cli-1", kInput, output) + " --wait --poll-interval 0.1"));
    CHECK_MESSAGE(r.status == 0, r.output);
    CHECK(r.output.find("\"CompilationJobStatus\": \"COMPLETED\"") != std::string::npos);
    CHECK(r.output.find("cli-1: COMPLETED") != std::string::npos);
    CHECK(fs::is_regular_file(out / "cli-1-ml_c5.tar.gz"));

    r = run_tool(home.neo(create_args("CLI-1", kInput, output)));
    CHECK(r.status == 1);
    CHECK(r.output.find("(ResourceInUse) in CreateCompilationJob: a compilation job named cli-1 already exists") !=
          std::string::npos);

    r = run_tool(home.neo("list-compilation-jobs --status-equals COMPLETED --name-contains LI-"));
    CHECK(r.status == 0);
    CHECK(r.output.find("\"CompilationJobName\": \"cli-1\"") != std::string::npos);
    r = run_tool(home.neo("stop-compilation-job --compilation-job-name cli-1"));
    CHECK(r.output.find("is already COMPLETED; only a STARTING or INPROGRESS job can be stopped") != std::string::npos);
}
