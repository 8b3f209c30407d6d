#include "cli.hpp"

#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include <boost/program_options.hpp>

#include "tool_main.hpp"

#include "neo/jobs/errors.hpp"
#include "neo/jobs/worker.hpp"

namespace neo::tools {
namespace po = boost::program_options;
using json = nlohmann::json;

namespace {

// An option of an operation: its command-line name, the request member it fills and
// how its text becomes JSON.
enum class Kind { text, json_value, integer, time };
struct Member {
    const char* option;
    const char* member;
    Kind kind;
    const char* help;
};

const std::vector<Member>& members_of(const std::string& api) {
    static const std::vector<Member> create = {
        {"compilation-job-name", "CompilationJobName", Kind::text, "the job's name (1-63 letters, digits, hyphens)"},
        {"role-arn", "RoleArn", Kind::text, "arn:aws:iam::<account>:role/<name> (stored, not assumed)"},
        {"input-config", "InputConfig", Kind::json_value, "JSON {S3Uri, Framework, DataInputConfig, FrameworkVersion}"},
        {"output-config", "OutputConfig", Kind::json_value,
         "JSON {S3OutputLocation, TargetDevice | TargetPlatform, CompilerOptions}"},
        {"stopping-condition", "StoppingCondition", Kind::json_value, "JSON {MaxRuntimeInSeconds}"},
        {"tags", "Tags", Kind::json_value, "JSON [{\"Key\": ..., \"Value\": ...}]"},
        {"vpc-config", "VpcConfig", Kind::json_value, "JSON {SecurityGroupIds, Subnets} (stored)"},
        {"model-package-version-arn", "ModelPackageVersionArn", Kind::text, "(not supported: no model registry)"},
    };
    static const std::vector<Member> by_name = {
        {"compilation-job-name", "CompilationJobName", Kind::text, "the job's name"}};
    static const std::vector<Member> list = {
        {"name-contains", "NameContains", Kind::text, "only jobs whose name holds this text"},
        {"status-equals", "StatusEquals", Kind::text, "STARTING, INPROGRESS, COMPLETED, FAILED, STOPPING or STOPPED"},
        {"creation-time-after", "CreationTimeAfter", Kind::time, "epoch seconds or ISO 8601 (2024-05-01T12:00:00Z)"},
        {"creation-time-before", "CreationTimeBefore", Kind::time, "epoch seconds or ISO 8601"},
        {"last-modified-time-after", "LastModifiedTimeAfter", Kind::time, "epoch seconds or ISO 8601"},
        {"last-modified-time-before", "LastModifiedTimeBefore", Kind::time, "epoch seconds or ISO 8601"},
        {"sort-by", "SortBy", Kind::text, "Name, CreationTime (default) or Status"},
        {"sort-order", "SortOrder", Kind::text, "Ascending or Descending (default)"},
        {"max-results", "MaxResults", Kind::integer, "1 to 100 jobs per page (default 10)"},
        {"next-token", "NextToken", Kind::text, "the NextToken of the previous page"},
    };
    if (api == "CreateCompilationJob") return create;
    if (api == "ListCompilationJobs") return list;
    return by_name;
}

// The option's text, or the file's when it is file://PATH (as the AWS CLI reads it).
std::string option_text(const std::string& option, const std::string& value) {
    if (value.rfind("file://", 0) != 0) return value;
    std::ifstream is(value.substr(7));
    if (!is) throw jobs::validation_error("--" + option + ": cannot read " + value.substr(7));
    return std::string(std::istreambuf_iterator<char>(is), std::istreambuf_iterator<char>());
}

double parse_time(const std::string& option, const std::string& text) {
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    if (!text.empty() && end && *end == '\0') return v;
    std::tm tm{};
    std::istringstream is(text);
    is >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
    if (!is.fail()) {
        std::string rest;
        is >> rest;
        if (rest.empty() || rest == "Z" || rest == "+00:00") return static_cast<double>(timegm(&tm));
    }
    throw jobs::validation_error("--" + option + ": '" + text + "' is not a time; give epoch seconds or "
                                 "2024-05-01T12:00:00Z (UTC)");
}

json value_of(const Member& m, const std::string& raw) {
    const std::string text = option_text(m.option, raw);
    switch (m.kind) {
    case Kind::text: return text;
    case Kind::time: return parse_time(m.option, text);
    case Kind::integer: {
        try {
            std::size_t used = 0;
            long long v = std::stoll(text, &used);
            if (used == text.size()) return v;
        } catch (const std::exception&) {
        }
        throw jobs::validation_error("--" + std::string(m.option) + ": '" + text + "' is not an integer");
    }
    case Kind::json_value: {
        json j = json::parse(text, nullptr, false);
        if (j.is_discarded())
            throw jobs::validation_error("--" + std::string(m.option) + ": not valid JSON: " + text.substr(0, 200) +
                                         " (quote the JSON for the shell: '{\"Key\": \"value\"}')");
        return j;
    }
    }
    return text;
}

std::string iso_time(double t) {
    std::time_t secs = static_cast<std::time_t>(std::floor(t));
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    char frac[16];
    std::snprintf(frac, sizeof frac, ".%06d", static_cast<int>(std::lround((t - std::floor(t)) * 1e6)) % 1000000);
    return std::string(buf) + frac + "+00:00";
}

void times_to_iso(json& j) {
    static const std::vector<std::string> keys = {"CreationTime", "LastModifiedTime", "CompilationStartTime",
                                                  "CompilationEndTime"};
    if (j.is_object()) {
        for (auto& [k, v] : j.items()) {
            if (v.is_number() && std::find(keys.begin(), keys.end(), k) != keys.end()) v = iso_time(v.get<double>());
            else times_to_iso(v);
        }
    } else if (j.is_array()) {
        for (auto& v : j) times_to_iso(v);
    }
}

std::string last_log_line(const jobs::JobService& service, const std::string& name) {
    std::ifstream is(jobs::job_work_dir(service.options().home, name) / "log");
    std::string line, last;
    while (std::getline(is, line))
        if (!line.empty()) last = line;
    return last;
}

// Follows the job to its end, printing each change of status and of progress.
int wait_for(jobs::JobService& service, const std::string& name, double poll_seconds) {
    std::string seen;
    for (;;) {
        json d = service.describe({{"CompilationJobName", name}});
        const std::string status = d["CompilationJobStatus"];
        std::string progress = status + (status == "INPROGRESS" ? ": " + last_log_line(service, name) : "");
        if (progress != seen) {
            std::cerr << name << ": " << progress << "\n";
            seen = progress;
        }
        if (status == "COMPLETED" || status == "FAILED" || status == "STOPPED") {
            std::cout << format_response(d) << "\n";
            if (status == "FAILED") std::cerr << "neo: job " << name << " FAILED: " << d["FailureReason"].get<std::string>() << "\n";
            return status == "COMPLETED" ? 0 : 1;
        }
        std::this_thread::sleep_for(std::chrono::duration<double>(poll_seconds));
    }
}

}  // namespace

const std::vector<Operation>& operations() {
    static const std::vector<Operation> ops = {
        {"create-compilation-job", "CreateCompilationJob"},
        {"describe-compilation-job", "DescribeCompilationJob"},
        {"list-compilation-jobs", "ListCompilationJobs"},
        {"stop-compilation-job", "StopCompilationJob"},
    };
    return ops;
}

std::string format_response(json response) {
    times_to_iso(response);
    return response.dump(4);
}

int run_operation(const Operation& op, const std::vector<std::string>& args, jobs::JobService& service) {
    const std::string api = op.api_name;
    po::options_description desc(std::string("neo ") + op.command);
    desc.add_options()("help,h", "show this help");
    desc.add_options()("cli-input-json", po::value<std::string>(), "the whole request as JSON (or file://PATH); options given beside it replace its members");
    for (const Member& m : members_of(api)) desc.add_options()(m.option, po::value<std::string>(), m.help);
    if (api == "CreateCompilationJob") {
        desc.add_options()("wait", "follow the job to its end, printing its progress; exit 0 only when it COMPLETED");
        desc.add_options()("poll-interval", po::value<double>()->default_value(0.5), "seconds between checks with --wait");
    }
    po::variables_map vm;
    std::vector<std::string> argv_strings = {std::string("neo ") + op.command};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argv_strings) argv.push_back(s.data());
    if (!parse_command_line(argv_strings[0].c_str(), static_cast<int>(argv.size()), argv.data(), desc, {}, vm))
        return kExitUsage;
    if (vm.count("help")) {
        std::cout << desc;
        return 0;
    }
    json request = json::object();
    try {
        if (vm.count("cli-input-json")) {
            request = value_of({"cli-input-json", "", Kind::json_value, ""}, vm["cli-input-json"].as<std::string>());
            if (!request.is_object()) throw jobs::validation_error("--cli-input-json must be a JSON object");
        }
        for (const Member& m : members_of(api))
            if (vm.count(m.option)) request[m.member] = value_of(m, vm[m.option].as<std::string>());
        json response = service.call(api, request);
        if (api == "CreateCompilationJob" && vm.count("wait")) {
            std::cout << format_response(response) << "\n";
            return wait_for(service, request["CompilationJobName"], vm["poll-interval"].as<double>());
        }
        if (!response.empty()) std::cout << format_response(response) << "\n";
        return 0;
    } catch (const jobs::ApiError& e) {
        std::cerr << "neo: error (" << e.type() << ") in " << api << ": " << e.what() << "\n";
        return 1;
    }
}

}  // namespace neo::tools
