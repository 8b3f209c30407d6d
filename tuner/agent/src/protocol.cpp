#include "neo/tuner/agent/protocol.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <sys/socket.h>
#include <unistd.h>

extern "C" {
#include "sha256.h"
}

namespace neo::agent {
namespace {

void put_u32(std::string& s, uint32_t v) {
    for (int i = 0; i < 4; ++i) s += static_cast<char>((v >> (8 * i)) & 0xff);
}
void put_u64(std::string& s, uint64_t v) {
    for (int i = 0; i < 8; ++i) s += static_cast<char>((v >> (8 * i)) & 0xff);
}
uint64_t get_le(const std::string& s, std::size_t at, int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)])) << (8 * i);
    return v;
}

std::string sha256(const std::string& a, const std::string& b) {
    neo_sha256 s;
    neo_sha256_init(&s);
    neo_sha256_update(&s, a.data(), a.size());
    neo_sha256_update(&s, b.data(), b.size());
    uint8_t d[NEO_SHA256_DIGEST_SIZE];
    neo_sha256_final(&s, d);
    return std::string(reinterpret_cast<const char*>(d), sizeof d);
}

}  // namespace

std::string encode_bundle(const Bundle& b) {
    std::string s;
    put_u32(s, static_cast<uint32_t>(b.size()));
    for (const auto& [name, value] : b) {
        put_u32(s, static_cast<uint32_t>(name.size()));
        s += name;
        put_u64(s, value.size());
        s += value;
    }
    return s;
}

Bundle decode_bundle(const std::string& p) {
    std::size_t at = 0;
    auto need = [&](uint64_t n) {
        if (n > p.size() - at) throw ProtocolError("malformed message: an entry runs past its end");
    };
    need(4);
    const uint64_t count = get_le(p, at, 4);
    at += 4;
    Bundle b;
    for (uint64_t i = 0; i < count; ++i) {
        need(4);
        const uint64_t nl = get_le(p, at, 4);
        at += 4;
        need(nl);
        std::string name = p.substr(at, nl);
        at += nl;
        need(8);
        const uint64_t vl = get_le(p, at, 8);
        at += 8;
        need(vl);
        b[name] = p.substr(at, vl);
        at += vl;
    }
    if (at != p.size()) throw ProtocolError("malformed message: bytes after its last entry");
    return b;
}

std::string hmac_sha256(const std::string& key, const std::string& message) {
    std::string k = key.size() > 64 ? sha256(key, "") : key;
    k.resize(64, '\0');
    std::string ipad(64, '\0'), opad(64, '\0');
    for (std::size_t i = 0; i < 64; ++i) {
        ipad[i] = static_cast<char>(k[i] ^ 0x36);
        opad[i] = static_cast<char>(k[i] ^ 0x5c);
    }
    return sha256(opad, sha256(ipad, message));
}

bool equal_digests(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

std::string encode_header(FrameType type, uint64_t counter, uint64_t length) {
    std::string h = "NEO1";
    put_u32(h, static_cast<uint32_t>(type));
    put_u64(h, counter);
    put_u64(h, length);
    return h;
}

std::string frame_mac(const std::string& key, const std::string& nonce, char direction,
                      const std::string& header, const std::string& payload) {
    return hmac_sha256(key, nonce + direction + header + payload);
}

std::string read_key_file(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ProtocolError(file + ": cannot read the key file (" + std::strerror(errno) + ")");
    std::ostringstream s;
    s << in.rdbuf();
    std::string key = s.str();
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r' || key.back() == ' ' || key.back() == '\t'))
        key.pop_back();
    if (key.size() < 16)
        throw ProtocolError(file + ": the key has " + std::to_string(key.size()) +
                            " bytes; use at least 16 random bytes (e.g. `head -c 32 /dev/urandom | base64 > " +
                            file + "`)");
    return key;
}

void write_all(int fd, const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw ProtocolError(std::string("connection lost while sending (") + std::strerror(errno) + ")");
        done += static_cast<std::size_t>(n);
    }
}

std::string read_exactly(int fd, std::size_t n) {
    std::string s(n, '\0');
    std::size_t done = 0;
    while (done < n) {
        const ssize_t r = ::recv(fd, s.data() + done, n - done, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r == 0) throw ProtocolError("connection closed by the peer");
        if (r < 0) throw ProtocolError(std::string("connection lost while receiving (") + std::strerror(errno) + ")");
        done += static_cast<std::size_t>(r);
    }
    return s;
}

Channel::Channel(int fd, std::string key, char direction, uint64_t max_payload)
    : fd_(fd), key_(std::move(key)), direction_(direction), max_payload_(max_payload) {}

Channel::~Channel() {
    if (fd_ >= 0) ::close(fd_);
}

void Channel::send(FrameType type, uint64_t counter, const std::string& payload) {
    const std::string h = encode_header(type, counter, payload.size());
    write_all(fd_, h + payload + frame_mac(key_, nonce_, direction_, h, payload));
}

Frame Channel::receive(uint64_t min_counter) {
    const std::string h = read_exactly(fd_, kHeaderSize);
    if (h.compare(0, 4, "NEO1") != 0) throw ProtocolError("not a neo-tune agent frame (bad magic)");
    Frame f;
    f.type = static_cast<FrameType>(get_le(h, 4, 4));
    f.counter = get_le(h, 8, 8);
    const uint64_t length = get_le(h, 16, 8);
    if (f.type == FrameType::refused) {
        if (length > 4096) throw ProtocolError("the agent refused the connection");
        throw ProtocolError("the agent refused the request: " + read_exactly(fd_, length));
    }
    if (length > max_payload_)
        throw ProtocolError("message of " + std::to_string(length) + " bytes is above the limit of " +
                            std::to_string(max_payload_) + " bytes");
    f.payload = read_exactly(fd_, length);
    const std::string mac = read_exactly(fd_, kMacSize);
    if (f.type == FrameType::hello) {  // the connection's nonce, once, first
        if (!nonce_.empty() || f.payload.size() != kNonceSize) throw ProtocolError("unexpected greeting from the agent");
        nonce_ = f.payload;
    }
    const char from = direction_ == 'C' ? 'S' : 'C';
    if (!equal_digests(mac, frame_mac(key_, nonce_, from, h, f.payload)))
        throw ProtocolError("message failed authentication (wrong key, or altered on the way)");
    if (f.counter <= min_counter && f.type != FrameType::hello)
        throw ProtocolError("message replayed or out of order (counter " + std::to_string(f.counter) +
                            " not above " + std::to_string(min_counter) + ")");
    return f;
}

void Channel::refuse(const std::string& why) {
    try {
        write_all(fd_, encode_header(FrameType::refused, 0, why.size()) + why);
    } catch (const ProtocolError&) {
    }
}

}  // namespace neo::agent
