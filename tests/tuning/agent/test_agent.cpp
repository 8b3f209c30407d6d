// The agent refuses what it cannot authenticate: a wrong key, an altered message, a
// message above its size bound, a replayed message and a message recorded on another
// connection; it serves an authenticated request.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "neo/tuner/agent/serve.hpp"
#include "tuning/tune_util.hpp"

using namespace neo::agent;
using neo::test::Background;

namespace {

const std::string kKey = "0123456789abcdef-shared-test-key";

int connect_raw(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    ::inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    return fd;
}

// A frame from the host on a connection with `nonce`, MAC'd with `key`.
std::string host_frame(const std::string& key, const std::string& nonce, FrameType type, uint64_t counter,
                       const std::string& payload) {
    const std::string h = encode_header(type, counter, payload.size());
    return h + payload + frame_mac(key, nonce, 'C', h, payload);
}

// Reads the greeting (the nonce) of a raw connection.
std::string read_nonce(int fd) {
    const std::string h = read_exactly(fd, kHeaderSize);
    const std::string nonce = read_exactly(fd, kNonceSize);
    read_exactly(fd, kMacSize);
    return nonce;
}

// The agent's answer to a frame: "refused: WHY", "reply", or "closed".
std::string answer(int fd) {
    try {
        const std::string h = read_exactly(fd, kHeaderSize);
        uint64_t type = static_cast<unsigned char>(h[4]), len = 0;
        for (int i = 0; i < 8; ++i) len |= static_cast<uint64_t>(static_cast<unsigned char>(h[16 + i])) << (8 * i);
        if (type == static_cast<uint64_t>(FrameType::refused)) return "refused: " + read_exactly(fd, len);
        return "reply";
    } catch (const ProtocolError&) {
        return "closed";
    }
}

}  // namespace

TEST_CASE("the agent authenticates every message and bounds its size") {
    neo::test::TuneScratch dir("agent_auth");
    const std::string key_file = neo::test::write_key(dir / "key", kKey);
    Background agent({NEO_BINARY_DIR "/bin/neo-tune", "--serve", "--port", "0", "--key", key_file, "--max-message-mb", "1",
                      "--tmp", (dir / "tmp").string()});
    const int port = neo::test::start_agent(agent);
    REQUIRE(port > 0);
    const std::string info = encode_bundle({});

    SUBCASE("the right key is served") {
        AgentClient c("127.0.0.1", port, kKey);
        CHECK(c.request(FrameType::info, {})["arch"] == machine_name());
        CHECK(c.request(FrameType::info, {})["version"] == "1");
    }
    SUBCASE("a host with another key refuses the agent's greeting") {
        CHECK_THROWS_WITH_AS(AgentClient("127.0.0.1", port, "another-key-of-16-bytes"),
                             doctest::Contains("failed authentication"), ProtocolError);
    }
    SUBCASE("a request made with another key is refused") {
        const int fd = connect_raw(port);
        const std::string nonce = read_nonce(fd);
        write_all(fd, host_frame("another-key-of-16-bytes", nonce, FrameType::info, 1, info));
        CHECK(answer(fd) == "refused: message failed authentication (wrong key, or altered on the way)");
        ::close(fd);
    }
    SUBCASE("an altered request is refused") {
        const int fd = connect_raw(port);
        const std::string nonce = read_nonce(fd);
        std::string f = host_frame(kKey, nonce, FrameType::info, 1, encode_bundle({{"x", "payload"}}));
        f[kHeaderSize + 6] ^= 1;
        write_all(fd, f);
        CHECK(answer(fd).find("failed authentication") != std::string::npos);
        ::close(fd);
    }
    SUBCASE("a message above the bound is refused before it is read") {
        const int fd = connect_raw(port);
        read_nonce(fd);
        write_all(fd, encode_header(FrameType::measure, 1, (1u << 20) + 1));
        CHECK(answer(fd) == "refused: message of 1048577 bytes is above the limit of 1048576 bytes");
        ::close(fd);
    }
    SUBCASE("a replayed request is refused") {
        const int fd = connect_raw(port);
        const std::string nonce = read_nonce(fd);
        const std::string f = host_frame(kKey, nonce, FrameType::info, 1, info);
        write_all(fd, f);
        CHECK(answer(fd) == "reply");
        read_exactly(fd, encode_bundle({{"arch", machine_name()}, {"version", "1"}}).size() + kMacSize);
        write_all(fd, f);
        CHECK(answer(fd) == "refused: message replayed or out of order (counter 1 not above 1)");
        ::close(fd);
    }
    SUBCASE("a request recorded on one connection is refused on another") {
        const int fd1 = connect_raw(port);
        const std::string f = host_frame(kKey, read_nonce(fd1), FrameType::info, 1, info);
        ::close(fd1);
        const int fd2 = connect_raw(port);
        read_nonce(fd2);
        write_all(fd2, f);
        CHECK(answer(fd2).find("failed authentication") != std::string::npos);
        ::close(fd2);
    }
    SUBCASE("a bad candidate is an error result, and the agent goes on") {
        AgentClient c("127.0.0.1", port, kKey);
        Bundle r = c.request(FrameType::measure, {{"file:model.so", "not an ELF file"}, {"file:model.json", "{}"}});
        CHECK(r["status"] == "run");
        CHECK(r["message"].find("cannot load") != std::string::npos);
        CHECK(c.request(FrameType::info, {})["version"] == "1");
    }
    // The agent outlived every refused connection.
    CHECK_FALSE(agent.ended());
}

TEST_CASE("the agent needs a key of at least 16 bytes and listens on loopback by default") {
    neo::test::TuneScratch dir("agent_key");
    Background shortkey({NEO_BINARY_DIR "/bin/neo-tune", "--serve", "--key", neo::test::write_key(dir / "k", "short")});
    int status = 0;
    const std::string out = shortkey.rest(status);
    CHECK(status == 1);
    CHECK(out.find("the key has 5 bytes; use at least 16 random bytes") != std::string::npos);
    Background agent({NEO_BINARY_DIR "/bin/neo-tune", "--serve", "--port", "0", "--key", neo::test::write_key(dir / "key", kKey)});
    CHECK(agent.line().rfind("neo-tune agent listening on 127.0.0.1:", 0) == 0);
}
