// What the runtime says about artifacts it must refuse: each message names the file and
// what to do.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "fixture_artifact.hpp"
#include "neo/runtime/runtime.h"

namespace fs = std::filesystem;
using namespace neo::test;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Loads `dir`, which must fail; returns the message.
std::string load_error(const fs::path& dir) {
    neo_model* m = neo_model_load(dir.c_str());
    if (m) {
        neo_model_free(m);
        return "(loaded)";
    }
    return neo_last_error();
}

void write_text(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("a tampered, missing or foreign file is refused with the file's name") {
    fs::path work = scratch_dir("rt_errors");
    fs::path dir = work / "artifact";

    SUBCASE("one byte of model.params changed") {
        write_fixture_artifact(dir, fixture_library());
        {
            std::fstream f(dir / "model.params", std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(100);
            f.put('\x7f');
        }
        std::string e = load_error(dir);
        CHECK(contains(e, (dir / "model.params").string() + ": sha256 does not match manifest.json"));
        CHECK(contains(e, "copy the artifact again or rebuild the artifact with neo-build"));
    }
    SUBCASE("model.so deleted") {
        write_fixture_artifact(dir, fixture_library());
        fs::remove(dir / "model.so");
        std::string e = load_error(dir);
        CHECK(contains(e, (dir / "model.so").string() + ": listed in manifest.json but missing"));
        CHECK(contains(e, "the artifact is incomplete"));
    }
    SUBCASE("model.json changed") {
        write_fixture_artifact(dir, fixture_library());
        std::ofstream(dir / "model.json", std::ios::app) << " ";
        CHECK(contains(load_error(dir), "model.json: sha256 does not match manifest.json"));
    }
    SUBCASE("model.so of another ABI version") {
        write_fixture_artifact(dir, fixture_library("fixture_model_abi99"));
        std::string e = load_error(dir);
        CHECK(contains(e, (dir / "model.so").string() + ": model ABI version 99, but this runtime (neo " +
                              neo_runtime_version() + ") loads model ABI version " + std::to_string(NEO_MODEL_ABI_VERSION)));
        CHECK(contains(e, "rebuild the artifact"));
    }
    SUBCASE("model.so that is no model") {
        write_fixture_artifact(dir, NEO_BINARY_DIR "/lib/libneo_runtime.so");
        CHECK(contains(load_error(dir), (dir / "model.so").string() + ": exports no neo_model_descriptor(); it is "
                                                                      "not a model built by neo"));
    }
    SUBCASE("model.so that is not a library at all") {
        write_fixture_artifact(dir, fixture_library());
        write_text(dir / "model.so", "not an ELF file");
        neo::write_manifest(dir);
        std::string e = load_error(dir);
        CHECK(contains(e, (dir / "model.so").string() + ": cannot be loaded ("));
        CHECK(contains(e, "check that the artifact was built for this device"));
    }
    SUBCASE("model.params of another size than model.so expects") {
        write_fixture_artifact(dir, fixture_library());
        write_text(dir / "model.params", std::string(1000, '\0'));
        neo::write_manifest(dir);
        CHECK(contains(load_error(dir), (dir / "model.params").string() +
                                            ": 1000 bytes, but model.so expects 1088; the two files come "
                                            "from different builds"));
    }
    SUBCASE("no manifest, or not a directory") {
        write_fixture_artifact(dir, fixture_library());
        fs::remove(dir / "manifest.json");
        CHECK(contains(load_error(dir), (dir / "manifest.json").string() + ": missing; '" + dir.string() +
                                            "' is not a neo artifact directory"));
        CHECK(contains(load_error(work / "nowhere"), "manifest.json: missing"));
        CHECK(neo_model_load(nullptr) == nullptr);
        CHECK(contains(neo_last_error(), "no artifact directory given"));
    }
    SUBCASE("a manifest without model.so or model.params") {
        write_fixture_artifact(dir, fixture_library());
        fs::remove(dir / "model.so");
        neo::write_manifest(dir);
        CHECK(contains(load_error(dir), "manifest.json: does not list model.so; this is not an artifact of a "
                                        "native target"));
        write_fixture_artifact(dir, fixture_library());
        fs::remove(dir / "model.params");
        neo::write_manifest(dir);
        CHECK(contains(load_error(dir), "manifest.json: does not list model.params"));
    }
    fs::remove_all(work);
}

TEST_CASE("a malformed manifest.json is a clear error with its line and column") {
    fs::path work = scratch_dir("rt_manifest");
    fs::path dir = work / "artifact";
    write_fixture_artifact(dir, fixture_library());
    const std::string good = read_text(dir / "manifest.json");
    const std::string path = (dir / "manifest.json").string();

    // The manifest neo writes (sorted keys, 2-space indent) loads; so does a compact one.
    neo_model* m = neo_model_load(dir.c_str());
    CHECK(m);
    neo_model_free(m);

    struct Case {
        std::string text, message;
    };
    std::string so = neo::sha256_file(dir / "model.so"), params = neo::sha256_file(dir / "model.params");
    const Case cases[] = {
        {"", "line 1, column 1: expected '{', found the end of the file"},
        {"[]", "line 1, column 1: expected '{', found '['"},
        {good.substr(0, good.size() / 2), "not a valid manifest (line "},
        {good + "x", "unexpected text after the closing '}'"},
        {"{\"files\": {}}", "no \"algorithm\" member"},
        {"{\"algorithm\": \"sha256\"}", "no \"files\" member"},
        {"{\"algorithm\": \"md5\", \"files\": {}}", "\"algorithm\" is 'md5'; this runtime checks only sha256"},
        {"{\"algorithm\": \"sha256\", \"files\": {\"model.so\": \"abc\"}}",
         "the digest of 'model.so' is not 64 lowercase hexadecimal digits"},
        {"{\"algorithm\": \"sha256\", \"files\": {\"../model.so\": \"" + so + "\"}}",
         "\"files\" lists '../model.so', which is not a relative path inside the artifact"},
        {"{\"algorithm\": \"sha256\", \"files\": {\"/etc/passwd\": \"" + so + "\"}}",
         "which is not a relative path inside the artifact"},
        {"{\"algorithm\": \"sha256\", \"files\": {\"model.so\": \"" + so + "\", \"model.so\": \"" + so + "\"}}",
         "\"files\" lists 'model.so' twice"},
        {"{\"algorithm\": \"sha256\",\n  \"files\": {\"model.so\" \"" + so + "\"}}",
         "line 2, column 24: expected ':', found '\"'"},
        {"{\"algorithm\": \"sha256\", \"files\": {\"model.so\": \"" + so + "\",}}", "expected '\"', found '}'"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        write_text(dir / "manifest.json", c.text);
        std::string e = load_error(dir);
        CHECK(contains(e, path + ": not a valid manifest ("));
        CHECK(contains(e, c.message));
    }

    // Members the runtime does not know are skipped; escapes in names are decoded.
    write_text(dir / "manifest.json",
               "{\"format\": {\"v\": [1, 2.5e3, true, null, \"x\"]}, \"files\": {\"model\\u002eso\": \"" + so +
                   "\", \"model.params\": \"" + params + "\"}, \"algorithm\": \"sha256\"}");
    m = neo_model_load(dir.c_str());
    INFO(neo_last_error());
    CHECK(m);
    neo_model_free(m);
    fs::remove_all(work);
}
