#include "neo/tuner/agent/serve.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <ostream>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "neo/tuner/agent/measure.hpp"

namespace neo::agent {
namespace {

std::string random_nonce() {
    std::ifstream in("/dev/urandom", std::ios::binary);
    std::string n(kNonceSize, '\0');
    in.read(n.data(), static_cast<std::streamsize>(n.size()));
    if (!in) throw ProtocolError("cannot read /dev/urandom for a connection nonce");
    return n;
}

std::string sys_error(const std::string& what) { return what + " (" + std::strerror(errno) + ")"; }


int connect_to(const std::string& host, int port) {
    addrinfo hints{}, *res = nullptr;
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    const std::string where = "agent " + host + ":" + std::to_string(port);
    if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res) != 0 || !res)
        throw ProtocolError(where + ": cannot resolve the host");
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    const int rc = fd < 0 ? -1 : ::connect(fd, res->ai_addr, res->ai_addrlen);
    ::freeaddrinfo(res);
    if (rc != 0) {
        const std::string why = sys_error(where + ": cannot connect");
        if (fd >= 0) ::close(fd);
        throw ProtocolError(why + "; is `neo-tune --serve` running there?");
    }
    return fd;
}

void serve_connection(int fd, const ServeOptions& o) {
    timeval tv{o.idle_timeout_s, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    Channel ch(fd, o.key, 'S', o.max_message);
    ch.set_nonce(random_nonce());
    ch.send(FrameType::hello, 0, ch.nonce());
    uint64_t last = 0;
    for (;;) {
        Frame f;
        try {
            f = ch.receive(last);
        } catch (const ProtocolError& e) {
            if (std::string(e.what()) != "connection closed by the peer") ch.refuse(e.what());
            throw;
        }
        last = f.counter;
        Bundle reply;
        if (f.type == FrameType::info) {
            reply = {{"arch", machine_name()}, {"version", "1"}};
        } else if (f.type == FrameType::measure) {
            try {
                reply = measure_forked(decode_bundle(f.payload), o.tmp);
            } catch (const ProtocolError& e) {
                reply = {{"status", "run"}, {"message", e.what()}};
            }
        } else {
            ch.refuse("unknown request type " + std::to_string(static_cast<uint32_t>(f.type)));
            throw ProtocolError("unknown request type");
        }
        ch.send(FrameType::reply, f.counter, encode_bundle(reply));
    }
}

}  // namespace

std::string machine_name() {
    utsname u{};
    return ::uname(&u) == 0 ? u.machine : "unknown";
}

std::pair<std::string, int> parse_address(const std::string& a) {
    const auto colon = a.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == a.size())
        throw ProtocolError("agent address '" + a + "': use HOST:PORT, e.g. 127.0.0.1:9190");
    const std::string port = a.substr(colon + 1);
    char* end = nullptr;
    const long p = std::strtol(port.c_str(), &end, 10);
    if (*end != '\0' || p <= 0 || p > 65535) throw ProtocolError("agent address '" + a + "': bad port '" + port + "'");
    return {a.substr(0, colon), static_cast<int>(p)};
}

void serve(const ServeOptions& o, std::ostream& log) {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) throw ProtocolError(sys_error("cannot open a socket"));
    int one = 1;
    ::setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(o.port));
    if (::inet_pton(AF_INET, o.bind.c_str(), &addr.sin_addr) != 1)
        throw ProtocolError("--bind '" + o.bind + "': not an IPv4 address");
    if (::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(s, 4) != 0)
        throw ProtocolError(sys_error("cannot listen on " + o.bind + ":" + std::to_string(o.port)));
    socklen_t len = sizeof addr;
    ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
    log << "neo-tune agent listening on " << o.bind << ":" << ntohs(addr.sin_port) << std::endl;
    for (;;) {
        sockaddr_in peer{};
        socklen_t plen = sizeof peer;
        const int fd = ::accept(s, reinterpret_cast<sockaddr*>(&peer), &plen);
        if (fd < 0) {
            if (errno == EINTR) continue;
            throw ProtocolError(sys_error("accept failed"));
        }
        char host[INET_ADDRSTRLEN] = "?";
        ::inet_ntop(AF_INET, &peer.sin_addr, host, sizeof host);
        try {
            serve_connection(fd, o);
        } catch (const ProtocolError& e) {
            if (std::string(e.what()) != "connection closed by the peer")
                log << "neo-tune agent: connection from " << host << " ended: " << e.what() << std::endl;
        }
    }
}

AgentClient::AgentClient(const std::string& host, int port, std::string key, uint64_t max_message)
    : channel_(connect_to(host, port), std::move(key), 'C', max_message) {
    channel_.receive(0);  // the greeting sets the nonce
}

Bundle AgentClient::request(FrameType type, const Bundle& payload) {
    const uint64_t c = ++counter_;
    channel_.send(type, c, encode_bundle(payload));
    Frame f = channel_.receive(c - 1);
    if (f.type != FrameType::reply || f.counter != c) throw ProtocolError("the agent's reply does not answer the request");
    return decode_bundle(f.payload);
}

}  // namespace neo::agent
