#include "serve_main.hpp"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>

#include <unistd.h>

#include "neo/tuner/agent/measure.hpp"
#include "neo/tuner/agent/serve.hpp"

namespace neo::tools {
namespace {

int usage(const std::string& why) {
    std::cerr << "neo-tune: " << why << "\nusage: neo-tune --serve [--port P] --key FILE [--bind ADDR] "
                 "[--max-message-mb N] [--tmp DIR]\n";
    return 2;
}

long number(const std::string& option, const char* text, long lo, long hi) {
    char* end = nullptr;
    const long v = std::strtol(text, &end, 10);
    if (!*text || *end || v < lo || v > hi)
        throw agent::ProtocolError(option + " '" + text + "': give a whole number from " + std::to_string(lo) + " to " +
                                   std::to_string(hi));
    return v;
}

}  // namespace

bool wants_serve(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (!std::strcmp(argv[i], "--serve") || !std::strcmp(argv[i], "--measure")) return true;
    return false;
}

int serve_main(int argc, char** argv) {
    if (argc == 3 && !std::strcmp(argv[1], "--measure")) {
        try {
            return agent::measure_staged(argv[2]);
        } catch (const std::exception& e) {
            std::cerr << "neo-tune --measure: " << e.what() << "\n";
            return 1;
        }
    }
    agent::ServeOptions o;
    std::string key_file;
    o.tmp = std::filesystem::temp_directory_path() / ("neo-tune-agent-" + std::to_string(::getpid()));
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            const bool has_value = i + 1 < argc;
            if (a == "--serve") continue;
            if (!has_value) return usage("option " + a + " needs a value");
            if (a == "--port") o.port = static_cast<int>(number(a, argv[++i], 0, 65535));
            else if (a == "--key") key_file = argv[++i];
            else if (a == "--bind") o.bind = argv[++i];
            else if (a == "--max-message-mb") o.max_message = static_cast<uint64_t>(number(a, argv[++i], 1, 4096)) << 20;
            else if (a == "--tmp") o.tmp = argv[++i];
            else return usage("unknown option '" + a + "' for --serve");
        }
        if (key_file.empty()) return usage("--serve needs --key FILE (the key the host uses with --agent)");
        o.key = agent::read_key_file(key_file);
        agent::serve(o, std::cout);
    } catch (const agent::ProtocolError& e) {
        std::cerr << "neo-tune: error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "neo-tune: " << e.what() << "\n";
        return 3;
    }
    return 0;
}

}  // namespace neo::tools
