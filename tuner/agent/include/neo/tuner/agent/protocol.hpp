#pragma once
// The measurement agent's wire protocol (neo-tune --serve / --agent), in the C++ standard
// library only, so that it builds for a device next to the runtime.
//
// A connection is a sequence of frames over TCP:
//   header   "NEO1", type (u32), counter (u64), payload length (u64), little-endian
//   payload  `length` bytes (a Bundle, below)
//   mac      HMAC-SHA256(key, nonce | direction | header | payload), 32 bytes
// The agent opens with a `hello` frame (counter 0) whose payload is a fresh random nonce
// of 16 bytes; every later frame's MAC covers that nonce, so a frame recorded on one
// connection is refused on any other. Requests go from the host ('C') with counters
// 1, 2, 3, ...; each reply ('S') carries its request's counter. A frame with a wrong MAC,
// a counter not above the last one, or a length above the receiver's bound ends the
// connection; the agent first answers with an unauthenticated `refused` frame that says
// why (the host cannot check it, and only learns that it was refused).
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace neo::agent {

// The protocol's errors: what went wrong, in words for the user.
struct ProtocolError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Named byte strings: the payload of every frame. Encoded as a count, then per entry the
// name's length, the name, the value's length and the value (lengths u32 / u64 LE).
using Bundle = std::map<std::string, std::string>;
std::string encode_bundle(const Bundle& b);
// ProtocolError for a payload that is not a well-formed bundle.
Bundle decode_bundle(const std::string& payload);

enum class FrameType : uint32_t {
    hello = 1,     // agent -> host: the connection's nonce
    info = 2,      // host -> agent: what the agent runs on; reply: "arch", "version"
    measure = 3,   // host -> agent: a candidate to measure (measure.hpp); reply: its result
    reply = 4,     // agent -> host: the answer to the request of the same counter
    refused = 5,   // agent -> host, unauthenticated: why the connection ends
};

struct Frame {
    FrameType type = FrameType::reply;
    uint64_t counter = 0;
    std::string payload;
};

inline constexpr std::size_t kHeaderSize = 24;
inline constexpr std::size_t kMacSize = 32;
inline constexpr std::size_t kNonceSize = 16;

// HMAC-SHA256 (RFC 2104) of `message` under `key`.
std::string hmac_sha256(const std::string& key, const std::string& message);
// Equal strings, in time that does not depend on where they differ.
bool equal_digests(const std::string& a, const std::string& b);

std::string encode_header(FrameType type, uint64_t counter, uint64_t length);
// The MAC of a frame on a connection with `nonce`, sent in `direction` ('C' or 'S').
std::string frame_mac(const std::string& key, const std::string& nonce, char direction,
                      const std::string& header, const std::string& payload);

// The key of a key file: its bytes without trailing white space. ProtocolError naming the
// file when it cannot be read or holds fewer than 16 bytes.
std::string read_key_file(const std::string& file);

// Whole reads and writes on a socket; ProtocolError when the peer goes away.
void write_all(int fd, const std::string& bytes);
std::string read_exactly(int fd, std::size_t n);

// One end of an authenticated connection.
class Channel {
public:
    // `direction`: 'C' for the host's end, 'S' for the agent's. `max_payload` bounds what
    // this end accepts.
    Channel(int fd, std::string key, char direction, uint64_t max_payload);
    ~Channel();
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    const std::string& nonce() const { return nonce_; }
    void set_nonce(std::string nonce) { nonce_ = std::move(nonce); }

    // Sends an authenticated frame.
    void send(FrameType type, uint64_t counter, const std::string& payload);
    // Receives a frame: checks its length bound, MAC and that its counter is above
    // `min_counter` (the host expects its request's counter back: min = counter - 1).
    // ProtocolError saying which check failed; a `refused` frame is a ProtocolError with
    // the agent's reason.
    Frame receive(uint64_t min_counter);
    // Sends the unauthenticated `refused` frame (best effort).
    void refuse(const std::string& why);

private:
    int fd_;
    std::string key_, nonce_;
    char direction_;
    uint64_t max_payload_;
};

}  // namespace neo::agent
