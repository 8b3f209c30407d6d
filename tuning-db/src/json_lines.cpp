#include "neo/tuning_db/json_lines.hpp"

#include <fstream>
#include <istream>
#include <ostream>

#include "neo/core/util/error.hpp"

namespace neo::tuning_db {

namespace {

using json = nlohmann::json;

const json& require(const json& j, const char* key) {
    if (!j.contains(key)) throw UserError(std::string("missing key \"") + key + "\"");
    return j[key];
}

template <class Pred> const json& typed(const json& v, const char* key, const char* type, Pred ok) {
    if (!ok(v)) throw UserError(std::string("\"") + key + "\" must be " + type + ", not " + v.dump());
    return v;
}

std::string string_of(const json& j, const char* key, bool required) {
    if (!required && !j.contains(key)) return "";
    return typed(require(j, key), key, "a string", [](const json& v) { return v.is_string(); }).get<std::string>();
}

double number_of(const json& j, const char* key, bool required) {
    if (!required && !j.contains(key)) return 0;
    return typed(require(j, key), key, "a number", [](const json& v) { return v.is_number(); }).get<double>();
}

int64_t integer_of(const json& j, const char* key, bool required) {
    if (!required && !j.contains(key)) return 0;
    return typed(require(j, key), key, "an integer", [](const json& v) { return v.is_number_integer(); }).get<int64_t>();
}

json object_of(const json& j, const char* key, bool required) {
    if (!required && !j.contains(key)) return json::object();
    return typed(require(j, key), key, "an object", [](const json& v) { return v.is_object(); });
}

}  // namespace

json record_to_json(const Record& r) {
    json j = {{"workload_key", r.workload_key},
            {"op", r.op},
            {"target", r.target_key},
            {"config", r.config},
            {"error", std::string(error_name(r.error))},
            {"cost_mean", r.cost_mean},
            {"runs", r.runs},
            {"workload", r.workload},
            {"cost_stdev", r.cost_stdev},
            {"error_message", r.error_message},
            {"compiler_version", r.compiler_version},
            {"time", r.time}};
    if (r.model_cost) j["model_cost"] = *r.model_cost;
    return j;
}

Record record_from_json(const json& j) {
    if (!j.is_object()) throw UserError("a record must be a JSON object, not " + j.dump());
    Record r;
    r.workload_key = string_of(j, "workload_key", true);
    r.op = string_of(j, "op", true);
    r.target_key = string_of(j, "target", true);
    r.config = object_of(j, "config", true);
    const std::string error = string_of(j, "error", true);
    auto code = parse_error(error);
    if (!code) throw UserError("\"error\" must be one of ok, build, run, wrong_answer, timeout, not \"" + error + "\"");
    r.error = *code;
    r.cost_mean = number_of(j, "cost_mean", true);
    r.runs = integer_of(j, "runs", true);
    r.workload = object_of(j, "workload", false);
    r.cost_stdev = number_of(j, "cost_stdev", false);
    r.error_message = string_of(j, "error_message", false);
    r.compiler_version = string_of(j, "compiler_version", false);
    r.time = integer_of(j, "time", false);
    if (j.contains("model_cost")) r.model_cost = number_of(j, "model_cost", true);
    if (auto why = check_record(r)) throw UserError(*why);
    return r;
}

std::vector<Record> read_json_lines(std::istream& in, const std::string& source) {
    std::vector<Record> out;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        const std::string where = source + ":" + std::to_string(number) + ": ";
        json j;
        try {
            j = json::parse(line);
        } catch (const json::parse_error& e) {
            throw UserError(where + "not valid JSON (" + e.what() + ")");
        }
        try {
            out.push_back(record_from_json(j));
        } catch (const UserError& e) {
            throw UserError(where + e.what());
        }
    }
    if (in.bad()) throw UserError(source + ": cannot read the tuning log");
    return out;
}

std::size_t import_json_lines(RecordStore& store, std::istream& in, const std::string& source,
                              std::size_t batch_size) {
    const std::vector<Record> records = read_json_lines(in, source);
    if (batch_size == 0) batch_size = 1;
    for (std::size_t at = 0; at < records.size(); at += batch_size)
        store.add(std::span<const Record>(records).subspan(at, std::min(batch_size, records.size() - at)));
    return records.size();
}

std::size_t import_json_lines(RecordStore& store, const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw UserError(file.string() + ": cannot open the tuning log");
    return import_json_lines(store, in, file.string());
}

std::size_t export_json_lines(const RecordStore& store, std::ostream& out) {
    const std::vector<Record> records = store.all();
    for (const Record& r : records) out << record_to_json(r).dump() << "\n";
    return records.size();
}

std::size_t export_json_lines(const RecordStore& store, const std::filesystem::path& file) {
    std::ofstream out(file);
    if (!out) throw UserError(file.string() + ": cannot write the tuning log");
    const std::size_t n = export_json_lines(store, out);
    out.close();
    if (!out) throw UserError(file.string() + ": writing the tuning log failed");
    return n;
}

}  // namespace neo::tuning_db
