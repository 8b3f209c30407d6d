// The runtime's own SHA-256 against the FIPS 180-4 examples and OpenSSL.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <openssl/evp.h>

#include "fixture_artifact.hpp"

extern "C" {
#include "sha256.h"
}

namespace {

std::string hex_of(const void* data, std::size_t size, std::size_t chunk) {
    neo_sha256 s;
    neo_sha256_init(&s);
    const auto* p = static_cast<const uint8_t*>(data);
    for (std::size_t off = 0; off < size; off += chunk)
        neo_sha256_update(&s, p + off, std::min(chunk, size - off));
    uint8_t digest[NEO_SHA256_DIGEST_SIZE];
    char hex[NEO_SHA256_HEX_SIZE];
    neo_sha256_final(&s, digest);
    neo_sha256_hex(digest, hex);
    return hex;
}

std::string hex_of(const std::string& s) { return hex_of(s.data(), s.size(), s.size() ? s.size() : 1); }

std::string openssl_hex(const void* data, std::size_t size) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    REQUIRE(EVP_Digest(data, size, md, &len, EVP_sha256(), nullptr) == 1);
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < len; ++i) {
        out += digits[md[i] >> 4];
        out += digits[md[i] & 15];
    }
    return out;
}

}  // namespace

TEST_CASE("sha256 gives the FIPS 180-4 example digests") {
    CHECK(hex_of("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(hex_of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(hex_of("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                 "mnopqrstnopqrstu") == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    std::string million(1000000, 'a');
    CHECK(hex_of(million.data(), million.size(), 4096) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 matches OpenSSL for every length around the block size and any split") {
    std::mt19937 rng(7);
    std::vector<uint8_t> data(1000);
    for (auto& b : data) b = static_cast<uint8_t>(rng());
    for (std::size_t n = 0; n <= 300; ++n) {
        CAPTURE(n);
        std::string want = openssl_hex(data.data(), n);
        CHECK(hex_of(data.data(), n, n ? n : 1) == want);
        CHECK(hex_of(data.data(), n, 1) == want);
        CHECK(hex_of(data.data(), n, 63) == want);
        CHECK(hex_of(data.data(), n, 65) == want);
    }
    CHECK(hex_of(data.data(), data.size(), 7) == openssl_hex(data.data(), data.size()));
}

TEST_CASE("sha256 of a file matches core's digest, and a missing file is an error") {
    namespace fs = std::filesystem;
    fs::path dir = neo::test::scratch_dir("rt_sha256");
    std::vector<char> bytes(200000);
    std::mt19937 rng(3);
    for (auto& b : bytes) b = static_cast<char>(rng());
    std::ofstream(dir / "blob", std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    char hex[NEO_SHA256_HEX_SIZE];
    REQUIRE(neo_sha256_file((dir / "blob").c_str(), hex) == 0);
    CHECK(std::string(hex) == neo::sha256_file(dir / "blob"));
    CHECK(neo_sha256_file((dir / "absent").c_str(), hex) == -1);
    fs::remove_all(dir);
}
