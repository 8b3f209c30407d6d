#include "neo/jobs/sigv4.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <optional>
#include <regex>
#include <sstream>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "neo/jobs/errors.hpp"

namespace neo::jobs {
namespace {

std::string hex(const unsigned char* p, std::size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
        s += digits[p[i] >> 4];
        s += digits[p[i] & 15];
    }
    return s;
}

std::string hmac(const std::string& key, const std::string& data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
         data.size(), out, &len);
    return std::string(reinterpret_cast<char*>(out), len);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// Trims and collapses runs of spaces, as the canonical headers have them.
std::string canonical_value(const std::string& v) {
    std::string out;
    bool space = false;
    for (char c : v) {
        if (c == ' ' || c == '\t') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string uri_encode(const std::string& s, bool keep_slash) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
            out += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

std::string uri_decode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) && std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string canonical_query(const std::string& query) {
    std::vector<std::pair<std::string, std::string>> params;
    std::stringstream ss(query);
    std::string part;
    while (std::getline(ss, part, '&')) {
        if (part.empty()) continue;
        auto eq = part.find('=');
        std::string k = part.substr(0, eq), v = eq == std::string::npos ? "" : part.substr(eq + 1);
        params.emplace_back(uri_encode(uri_decode(k), false), uri_encode(uri_decode(v), false));
    }
    std::sort(params.begin(), params.end());
    std::string out;
    for (const auto& [k, v] : params) out += (out.empty() ? "" : "&") + k + "=" + v;
    return out;
}

// Seconds since the epoch of an ISO 8601 basic time "20150830T123600Z".
std::optional<double> parse_amz_date(const std::string& s) {
    std::tm tm{};
    std::istringstream is(s);
    is >> std::get_time(&tm, "%Y%m%dT%H%M%SZ");
    if (is.fail() || s.size() != 16) return std::nullopt;
    return static_cast<double>(timegm(&tm));
}

}  // namespace

Credentials read_credentials(const std::string& file) {
    std::ifstream is(file);
    if (!is) throw UserError(file + ": cannot read the credentials file");
    Credentials creds;
    std::string line;
    for (int n = 1; std::getline(is, line); ++n) {
        std::istringstream ls(line);
        std::string key, secret, extra;
        ls >> key;
        if (key.empty() || key[0] == '#') continue;
        ls >> secret >> extra;
        if (secret.empty() || !extra.empty() || !std::regex_match(key, std::regex("[A-Za-z0-9]{4,128}")))
            throw UserError(file + ":" + std::to_string(n) + ": a line holds ACCESS_KEY_ID SECRET_ACCESS_KEY "
                            "(the key id of letters and digits)");
        creds[key] = secret;
    }
    if (creds.empty()) throw UserError(file + ": holds no credentials; add a line ACCESS_KEY_ID SECRET_ACCESS_KEY");
    return creds;
}

std::string sha256_hex(const std::string& data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), out, &len, EVP_sha256(), nullptr);
    return hex(out, len);
}

std::string sigv4_signature(const std::string& secret, const std::string& date, const std::string& region,
                            const std::string& service, const std::string& string_to_sign) {
    std::string k = hmac(hmac(hmac(hmac("AWS4" + secret, date), region), service), "aws4_request");
    std::string sig = hmac(k, string_to_sign);
    return hex(reinterpret_cast<const unsigned char*>(sig.data()), sig.size());
}

std::string canonical_request(const SignedRequest& r, const std::string& signed_headers) {
    auto q = r.target.find('?');
    std::string path = r.target.substr(0, q), query = q == std::string::npos ? "" : r.target.substr(q + 1);
    std::string out = r.method + "\n" + uri_encode(uri_decode(path.empty() ? "/" : path), true) + "\n" +
                      canonical_query(query) + "\n";
    std::stringstream names(signed_headers);
    std::string name;
    while (std::getline(names, name, ';')) {
        std::string value;
        for (const auto& [k, v] : r.headers)
            if (lower(k) == name) value += (value.empty() ? "" : ",") + canonical_value(v);
        out += name + ":" + value + "\n";
    }
    return out + "\n" + signed_headers + "\n" + sha256_hex(r.body);
}

std::string verify_sigv4(const SignedRequest& r, const Credentials& creds, double now) {
    auto header = [&](const std::string& name) -> std::optional<std::string> {
        for (const auto& [k, v] : r.headers)
            if (lower(k) == name) return v;
        return std::nullopt;
    };
    auto auth = header("authorization");
    if (!auth) throw ApiError("MissingAuthenticationTokenException", 403,
                              "the request is not signed; sign it with AWS Signature Version 4 and a key of the "
                              "server's credentials file");
    static const std::regex form(
        R"(AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)/(\d{8})/([^/,\s]+)/([^/,\s]+)/aws4_request,\s*SignedHeaders=([a-z0-9;\-]+),\s*Signature=([0-9a-f]{64})\s*)");
    std::smatch m;
    if (!std::regex_match(*auth, m, form))
        throw ApiError("IncompleteSignatureException", 400,
                       "the Authorization header is not an AWS Signature Version 4 (AWS4-HMAC-SHA256 Credential=..., "
                       "SignedHeaders=..., Signature=...)");
    const std::string key = m[1], date = m[2], region = m[3], service = m[4], signed_headers = m[5], signature = m[6];
    auto it = creds.find(key);
    if (it == creds.end())
        throw ApiError("UnrecognizedClientException", 403, "the access key " + key + " is not one this server knows");
    std::string names = ";" + signed_headers + ";";
    auto amz_date = header("x-amz-date");
    if (names.find(";host;") == std::string::npos || !amz_date || names.find(";x-amz-date;") == std::string::npos)
        throw ApiError("IncompleteSignatureException", 400, "the signature must cover the Host and X-Amz-Date headers");
    auto when = parse_amz_date(*amz_date);
    if (!when || amz_date->substr(0, 8) != date)
        throw ApiError("IncompleteSignatureException", 400,
                       "X-Amz-Date '" + *amz_date + "' is not a time like 20150830T123600Z of the credential's date");
    if (std::fabs(now - *when) > 15 * 60)
        throw ApiError("InvalidSignatureException", 403,
                       "Signature expired: the request is dated " + *amz_date + ", more than 15 minutes from the "
                       "server's time");
    const std::string string_to_sign = "AWS4-HMAC-SHA256\n" + *amz_date + "\n" + date + "/" + region + "/" + service +
                                       "/aws4_request\n" + sha256_hex(canonical_request(r, signed_headers));
    const std::string expected = sigv4_signature(it->second, date, region, service, string_to_sign);
    if (CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) != 0)
        throw ApiError("InvalidSignatureException", 403,
                       "the request signature does not match the one computed with the secret of access key " + key +
                       "; check the secret key and the signing method");
    return key;
}

}  // namespace neo::jobs
