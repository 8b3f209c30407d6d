/* SHA-256 (FIPS 180-4), for checking an artifact's files against manifest.json. */
#ifndef NEO_RUNTIME_SHA256_H
#define NEO_RUNTIME_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define NEO_SHA256_DIGEST_SIZE 32
#define NEO_SHA256_HEX_SIZE 65 /* 64 lowercase hex digits and a NUL */

typedef struct neo_sha256 {
    uint32_t state[8];
    uint64_t length;   /* bytes hashed so far */
    uint8_t block[64]; /* pending bytes of the current block */
    size_t used;       /* how many of block[] are pending */
} neo_sha256;

void neo_sha256_init(neo_sha256* s);
void neo_sha256_update(neo_sha256* s, const void* data, size_t size);
void neo_sha256_final(neo_sha256* s, uint8_t digest[NEO_SHA256_DIGEST_SIZE]);

/* Writes the digest as lowercase hex. */
void neo_sha256_hex(const uint8_t digest[NEO_SHA256_DIGEST_SIZE], char hex[NEO_SHA256_HEX_SIZE]);

/* Digest of a whole file as lowercase hex; 0 on success, -1 (errno set) when the file
 * cannot be opened or read. */
int neo_sha256_file(const char* path, char hex[NEO_SHA256_HEX_SIZE]);

#endif
