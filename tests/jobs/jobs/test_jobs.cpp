// libneo_jobs: the SigV4 check against the published AWS test vector, CreateCompilationJob
// validation, ListCompilationJobs paging, and recovery of jobs whose supervisor died.
#include <doctest/doctest.h>

#include <filesystem>
#include <unistd.h>

#include "neo/jobs/errors.hpp"
#include "neo/jobs/list.hpp"
#include "neo/jobs/sigv4.hpp"
#include "neo/jobs/store.hpp"
#include "neo/jobs/supervisor.hpp"
#include "neo/jobs/validate.hpp"

using namespace neo::jobs;
using json = nlohmann::json;

namespace {

// The "get-vanilla" case of the AWS Signature Version 4 test suite.
SignedRequest vanilla() {
    return {"GET", "/", {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"},
                         {"Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                                           "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"}},
            ""};
}
const Credentials kCreds = {{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}};
constexpr double kVanillaTime = 1440938160;  // 2015-08-30T12:36:00Z

std::string error_type(const std::function<void()>& f) {
    try {
        f();
    } catch (const ApiError& e) {
        return e.type() + ": " + e.what();
    }
    return "none";
}

json create_request(const std::string& name) {
    return {{"CompilationJobName", name},
            {"RoleArn", "arn:aws:iam::123456789012:role/r"},
            {"InputConfig", {{"S3Uri", "/m.onnx"}, {"Framework", "ONNX"}, {"DataInputConfig", "{\"x\": [1,3,8,8]}"}}},
            {"OutputConfig", {{"S3OutputLocation", "/out"}, {"TargetDevice", "rasp3b"}}},
            {"StoppingCondition", {{"MaxRuntimeInSeconds", 60}}}};
}

}  // namespace

TEST_CASE("sigv4: the published get-vanilla request verifies, a changed one does not") {
    CHECK(verify_sigv4(vanilla(), kCreds, kVanillaTime) == "AKIDEXAMPLE");
    SignedRequest changed = vanilla();
    changed.body = "x";
    CHECK(error_type([&] { verify_sigv4(changed, kCreds, kVanillaTime); }).starts_with("InvalidSignatureException"));
    CHECK(error_type([&] { verify_sigv4(vanilla(), kCreds, kVanillaTime + 3600); }).find("Signature expired") != std::string::npos);
    CHECK(error_type([&] { verify_sigv4(vanilla(), {{"OTHERKEY", "s"}}, kVanillaTime); }).starts_with("UnrecognizedClientException"));
    SignedRequest unsigned_req = vanilla();
    unsigned_req.headers.pop_back();
    CHECK(error_type([&] { verify_sigv4(unsigned_req, kCreds, kVanillaTime); }).starts_with("MissingAuthenticationTokenException"));
}

TEST_CASE("validate: a good request makes a STARTING job, field errors name the field") {
    Job job = make_job(create_request("Good-1"), neo::DeviceCatalog::builtin(), 100.0);
    CHECK(job.status == JobStatus::starting);
    CHECK(job.arn == "arn:aws:sagemaker:local:123456789012:compilation-job/good-1");
    json r = create_request("a");
    r["InputConfig"]["S3Uri"] = "ftp://host/m";
    CHECK(error_type([&] { make_job(r, neo::DeviceCatalog::builtin(), 0); }).find("unknown scheme 'ftp://'") != std::string::npos);
    r = create_request("a");
    r["OutputConfig"]["Target"] = "x";
    CHECK(error_type([&] { make_job(r, neo::DeviceCatalog::builtin(), 0); }).find("OutputConfig: unknown member 'Target'") != std::string::npos);
    r = create_request(std::string(64, 'a'));
    CHECK(error_type([&] { make_job(r, neo::DeviceCatalog::builtin(), 0); }).find("1 to 63 characters") != std::string::npos);
    CHECK(local_path("file:///a/b.tar.gz", "S3Uri") == "/a/b.tar.gz");
}

TEST_CASE("store + list + recover: paging by name, and a job without a live supervisor is FAILED") {
    const auto home = std::filesystem::path(NEO_BINARY_DIR) / "tests" / "jobs-unit-home";
    std::filesystem::remove_all(home);
    std::filesystem::create_directories(home);
    JobStore store(home / "jobs.db");
    for (int i = 0; i < 5; ++i) {
        Job j = make_job(create_request("job-" + std::to_string(i)), neo::DeviceCatalog::builtin(), 10.0 + i);
        if (i < 4) j.status = JobStatus::completed;
        store.insert(j);
    }
    CHECK(error_type([&] { store.insert(make_job(create_request("JOB-1"), neo::DeviceCatalog::builtin(), 0)); })
              .starts_with("ResourceInUse"));
    std::vector<std::string> names;
    json req = {{"SortBy", "Name"}, {"SortOrder", "Ascending"}, {"MaxResults", 2}};
    for (;;) {
        json page = list_jobs(store.all(), req);
        for (const json& s : page["CompilationJobSummaries"]) names.push_back(s["CompilationJobName"]);
        if (!page.contains("NextToken")) break;
        req["NextToken"] = page["NextToken"];
    }
    CHECK(names == std::vector<std::string>{"job-0", "job-1", "job-2", "job-3", "job-4"});

    // job-4 is STARTING with nobody holding its lock: recover() fails it.
    int fd = lock_job(home, "job-3", false);  // a live supervisor's lock (job-3 is not active: untouched)
    CHECK(recover(store, home) == std::vector<std::string>{"job-4"});
    ::close(fd);
    Job j4 = *store.get("job-4");
    CHECK(j4.status == JobStatus::failed);
    CHECK(j4.failure_reason.find("supervisor ended while the job was STARTING") != std::string::npos);
}
