#include "serve.hpp"

#include <atomic>
#include <iostream>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "neo/jobs/errors.hpp"
#include "neo/jobs/sigv4.hpp"
#include "neo/jobs/store.hpp"
#include "neo/jobs/supervisor.hpp"

namespace neo::tools {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using json = nlohmann::json;

namespace {

constexpr const char* kJsonType = "application/x-amz-json-1.1";
constexpr const char* kTargetPrefix = "SageMaker.";

std::atomic<int> g_connections{0};
std::atomic<unsigned long> g_request_id{0};

http::response<http::string_body> reply(unsigned version, bool keep_alive, int status, const json& body) {
    http::response<http::string_body> res{static_cast<http::status>(status), version};
    res.set(http::field::content_type, kJsonType);
    res.set("x-amzn-RequestId", "neo-" + std::to_string(++g_request_id));
    res.keep_alive(keep_alive);
    res.body() = body.dump();
    res.prepare_payload();
    return res;
}

json error_body(const std::string& type, const std::string& message) {
    return {{"__type", type}, {"message", message}};
}

http::response<http::string_body> handle(const http::request<http::string_body>& req, jobs::JobService& service,
                                         const jobs::Credentials& creds) {
    const unsigned v = req.version();
    const bool ka = req.keep_alive();
    try {
        if (req.method() != http::verb::post || req.target() != "/")
            return reply(v, ka, 404, error_body("UnknownOperationException",
                                                "the API takes POST / with an X-Amz-Target header; got " +
                                                    std::string(req.method_string()) + " " + std::string(req.target())));
        jobs::SignedRequest signed_req{std::string(req.method_string()), std::string(req.target()), {}, req.body()};
        for (const auto& field : req) signed_req.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        jobs::verify_sigv4(signed_req, creds, jobs::now_seconds());
        std::string content_type(req[http::field::content_type]);
        if (content_type.rfind(kJsonType, 0) != 0)
            return reply(v, ka, 400, error_body("SerializationException",
                                                "Content-Type must be " + std::string(kJsonType) + ", not '" + content_type + "'"));
        std::string target(req["X-Amz-Target"]);
        if (target.rfind(kTargetPrefix, 0) != 0)
            return reply(v, ka, 400, error_body("UnknownOperationException",
                                                "X-Amz-Target must be SageMaker.<Operation>, not '" + target + "'"));
        json body = req.body().empty() ? json::object() : json::parse(req.body(), nullptr, false);
        if (body.is_discarded())
            return reply(v, ka, 400, error_body("SerializationException", "the request body is not valid JSON"));
        return reply(v, ka, 200, service.call(target.substr(std::string(kTargetPrefix).size()), body));
    } catch (const jobs::ApiError& e) {
        return reply(v, ka, e.http_status(), error_body(e.type(), e.what()));
    } catch (const UserError& e) {
        return reply(v, ka, 400, error_body("ValidationException", e.what()));
    } catch (const std::exception& e) {
        return reply(v, ka, 500, error_body("InternalFailure", e.what()));
    }
}

void session(tcp::socket socket, jobs::JobService& service, const jobs::Credentials& creds, std::size_t max_bytes) {
    struct Count {
        ~Count() { --g_connections; }
    } count;
    // A client that stops sending is dropped after 60 s.
    struct timeval tv{60, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    beast::flat_buffer buffer;
    beast::error_code ec;
    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.header_limit(16 * 1024);
        parser.body_limit(max_bytes);
        http::read(socket, buffer, parser, ec);
        if (ec == http::error::body_limit || ec == http::error::header_limit) {
            auto res = reply(11, false, 413, error_body("ValidationException",
                                                        "the request is larger than the server's limit of " +
                                                            std::to_string(max_bytes) + " bytes"));
            http::write(socket, res, ec);
            break;
        }
        if (ec) break;
        auto res = handle(parser.get(), service, creds);
        http::write(socket, res, ec);
        if (ec || !res.keep_alive()) break;
    }
    socket.shutdown(tcp::socket::shutdown_both, ec);
}

}  // namespace

int serve(const ServeOptions& opt, jobs::JobService& service) {
    const jobs::Credentials creds = jobs::read_credentials(opt.credentials_file);
    for (const std::string& name : jobs::recover(service.store(), service.options().home))
        std::cerr << "neo serve: job " << name << " had no live supervisor; marked FAILED\n";
    asio::io_context io;
    beast::error_code ec;
    auto address = asio::ip::make_address(opt.host, ec);
    if (ec) throw UserError("--host '" + opt.host + "' is not an IP address (e.g. 127.0.0.1)");
    tcp::acceptor acceptor(io);
    tcp::endpoint endpoint(address, opt.port);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint, ec);
    if (ec) throw UserError("cannot listen on " + opt.host + ":" + std::to_string(opt.port) + ": " + ec.message());
    acceptor.listen();
    std::cout << "neo serve: listening on http://" << opt.host << ":" << acceptor.local_endpoint().port()
              << " (job state in " << service.options().home.string() << ")" << std::endl;
    for (;;) {
        tcp::socket socket(io);
        acceptor.accept(socket, ec);
        if (ec) continue;
        if (g_connections >= opt.max_connections) {
            socket.close(ec);  // too many at once: the client retries
            continue;
        }
        ++g_connections;
        std::thread(session, std::move(socket), std::ref(service), std::cref(creds), opt.max_request_bytes).detach();
    }
}

}  // namespace neo::tools
