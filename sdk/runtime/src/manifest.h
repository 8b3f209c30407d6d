/* A strict reader for an artifact's manifest.json:
 *   {"algorithm": "sha256", "files": {"<relative path>": "<64 lowercase hex>", ...}}
 * Other top-level members are skipped (they must still be valid JSON); anything else
 * malformed is an error with its line and column. */
#ifndef NEO_RUNTIME_MANIFEST_H
#define NEO_RUNTIME_MANIFEST_H

#include <stddef.h>

typedef struct neo_manifest_file {
    char* name;     /* relative path inside the artifact, '/'-separated */
    char sha256[65]; /* lowercase hex */
} neo_manifest_file;

typedef struct neo_manifest {
    neo_manifest_file* files;
    size_t count;
} neo_manifest;

/* Parses `size` bytes of text. 0 on success; -1 with a description of the problem
 * (no file name) in err[errsize], and *out left empty. */
int neo_manifest_parse(const char* text, size_t size, neo_manifest* out, char* err, size_t errsize);
void neo_manifest_free(neo_manifest* m);
/* The entry for `name`, or NULL. */
const neo_manifest_file* neo_manifest_find(const neo_manifest* m, const char* name);

#endif
