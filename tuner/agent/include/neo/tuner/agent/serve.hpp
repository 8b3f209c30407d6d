#pragma once
// The measurement agent (neo-tune --serve) and the host's connection to it (--agent).
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>

#include "neo/tuner/agent/protocol.hpp"

namespace neo::agent {

inline constexpr uint64_t kDefaultMaxMessage = 256ull << 20;

struct ServeOptions {
    std::string bind = "127.0.0.1";  // loopback unless the user names an address
    int port = 0;                    // 0: any free port (printed)
    std::string key;                 // read_key_file()
    uint64_t max_message = kDefaultMaxMessage;
    std::filesystem::path tmp;       // where candidates are staged
    int idle_timeout_s = 600;        // a connection silent this long is closed
};

// Listens and serves connections one after another, forever. Prints
// "neo-tune agent listening on ADDR:PORT" to `log` once listening, and one line per
// refused connection. ProtocolError when it cannot listen.
void serve(const ServeOptions& options, std::ostream& log);

// The machine this process runs on, as uname() names it ("x86_64", "aarch64", "armv7l").
std::string machine_name();

class AgentClient {
public:
    // Connects and checks the agent's greeting. ProtocolError saying what failed.
    AgentClient(const std::string& host, int port, std::string key, uint64_t max_message = kDefaultMaxMessage);
    // Sends a request and returns the agent's reply.
    Bundle request(FrameType type, const Bundle& payload);

private:
    Channel channel_;
    uint64_t counter_ = 0;
};

// "HOST:PORT" -> (host, port); ProtocolError for anything else.
std::pair<std::string, int> parse_address(const std::string& address);

}  // namespace neo::agent
