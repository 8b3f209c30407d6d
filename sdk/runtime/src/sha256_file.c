/* neo_sha256_file (sha256.h), apart from the hash itself so that the hash builds without
 * the platform layer (the tuner's agent compiles sha256.c alone). */
#include <errno.h>
#include <stdio.h>

#include "platform.h"
#include "sha256.h"

int neo_sha256_file(const char* path, char hex[NEO_SHA256_HEX_SIZE]) {
    FILE* f = neo_open_read(path);
    if (!f) return -1;
    neo_sha256 s;
    neo_sha256_init(&s);
    uint8_t buf[1 << 14];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) neo_sha256_update(&s, buf, n);
    if (ferror(f)) {
        fclose(f);
        errno = EIO;
        return -1;
    }
    fclose(f);
    uint8_t digest[NEO_SHA256_DIGEST_SIZE];
    neo_sha256_final(&s, digest);
    neo_sha256_hex(digest, hex);
    return 0;
}
