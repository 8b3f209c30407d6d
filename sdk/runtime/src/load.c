/* neo_model_load: check the artifact against manifest.json, load the model's library
 * (model.so, or model.dll on Windows), map model.params and allocate every buffer. Each
 * failure names the file concerned and says what to do. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "machine_check.h"
#include "manifest.h"
#include "model.h"
#include "neo/runtime/runtime.h"
#include "platform.h"
#include "sha256.h"

#define MANIFEST "manifest.json"
#define MODEL_PARAMS "model.params"
#define REBUILD "rebuild the artifact with neo-build"

enum { kMaxManifestBytes = 16 << 20, kMaxRank = 64 };

/* dir + "/" + name, malloc'ed. */
static char* join(const char* dir, const char* name) {
    size_t a = strlen(dir), b = strlen(name);
    char* p = (char*)malloc(a + b + 2);
    if (!p) return NULL;
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

static void set_oom(const char* what) { neo_set_error("out of memory while loading %s", what); }

/* The whole of a small file, NUL-terminated; NULL with errno set on failure. */
static char* read_small_file(const char* path, size_t* size) {
    FILE* f = neo_open_read(path);
    if (!f) return NULL;
    uint64_t n = 0;
    char* buf = NULL;
    if (neo_regular_file_size(f, &n) != 0) goto fail;
    if (n > kMaxManifestBytes) {
        errno = EFBIG;
        goto fail;
    }
    buf = (char*)malloc((size_t)n + 1);
    if (!buf) goto fail;
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
        errno = EIO;
        goto fail;
    }
    fclose(f);
    buf[n] = '\0';
    *size = (size_t)n;
    return buf;
fail: {
    int e = errno;
    free(buf);
    fclose(f);
    errno = e;
    return NULL;
}
}

static int read_manifest(const char* dir, neo_manifest* m) {
    char* path = join(dir, MANIFEST);
    if (!path) return set_oom(MANIFEST), -1;
    size_t size = 0;
    char* text = read_small_file(path, &size);
    if (!text) {
        if (errno == ENOENT)
            neo_set_error("%s: missing; '%s' is not a neo artifact directory or it is incomplete "
                          "(give the directory neo-build wrote with -o, copied whole)",
                          path, dir);
        else
            neo_set_error("%s: cannot be read (%s); check the artifact directory", path,
                          strerror(errno));
        free(path);
        return -1;
    }
    char why[512];
    int rc = neo_manifest_parse(text, size, m, why, sizeof why);
    if (rc != 0)
        neo_set_error("%s: not a valid manifest (%s); the file is damaged: copy the artifact again "
                      "or " REBUILD,
                      path, why);
    free(text);
    free(path);
    return rc;
}

static void set_missing(const char* path) {
    neo_set_error("%s: listed in manifest.json but missing; the artifact is incomplete: copy the "
                  "whole directory again or " REBUILD,
                  path);
}

static void set_mismatch(const char* path) {
    neo_set_error("%s: sha256 does not match manifest.json; the file is corrupt or was modified: "
                  "copy the artifact again or " REBUILD,
                  path);
}

/* Checks the digest of every listed file except model.params (checked as it is mapped). */
static int verify_files(const char* dir, const neo_manifest* man) {
    for (size_t i = 0; i < man->count; ++i) {
        if (strcmp(man->files[i].name, MODEL_PARAMS) == 0) continue;
        char* path = join(dir, man->files[i].name);
        if (!path) return set_oom(man->files[i].name), -1;
        char hex[NEO_SHA256_HEX_SIZE];
        int rc = neo_sha256_file(path, hex);
        if (rc != 0) {
            if (errno == ENOENT) set_missing(path);
            else neo_set_error("%s: cannot be read (%s); check the artifact directory", path, strerror(errno));
        } else if (strcmp(hex, man->files[i].sha256) != 0) {
            set_mismatch(path);
            rc = -1;
        }
        free(path);
        if (rc != 0) return -1;
    }
    return 0;
}

/* Maps model.params read-only and checks its digest on the mapped bytes. */
static int map_params(neo_model* m, const neo_manifest_file* entry) {
    char* path = join(m->dir, MODEL_PARAMS);
    if (!path) return set_oom(MODEL_PARAMS), -1;
    int rc = -1;
    char why[256] = "";
    switch (neo_map_file(path, &m->params, why, sizeof why)) {
        case NEO_MAP_OK: break;
        case NEO_MAP_MISSING: set_missing(path); goto out;
        case NEO_MAP_CANNOT_OPEN:
            neo_set_error("%s: cannot be opened (%s); check the artifact directory", path, why);
            goto out;
        case NEO_MAP_NOT_REGULAR: neo_set_error("%s: not a regular file; check the artifact directory", path); goto out;
        case NEO_MAP_TOO_LARGE:
            neo_set_error("%s: does not fit in this device's address space", path);
            goto out;
        default: neo_set_error("%s: cannot be mapped into memory (%s)", path, why); goto out;
    }
    neo_sha256 s;
    uint8_t digest[NEO_SHA256_DIGEST_SIZE];
    char hex[NEO_SHA256_HEX_SIZE];
    neo_sha256_init(&s);
    neo_sha256_update(&s, m->params.data, m->params.size);
    neo_sha256_final(&s, digest);
    neo_sha256_hex(digest, hex);
    if (strcmp(hex, entry->sha256) != 0) {
        set_mismatch(path);
        goto out;
    }
    if ((uint64_t)m->params.size != m->desc->params_size) {
        neo_set_error("%s: %llu bytes, but %s expects %llu; the two files come from different "
                      "builds: " REBUILD,
                      path, (unsigned long long)m->params.size, neo_library_file,
                      (unsigned long long)m->desc->params_size);
        goto out;
    }
    rc = 0;
out:
    free(path);
    return rc;
}

uint64_t neo_tensor_nbytes(const neo_abi_tensor* t, int* ok) {
    uint64_t n = neo_dtype_size(t->dtype);
    *ok = 1;
    for (int32_t i = 0; i < t->ndim; ++i) {
        uint64_t d = (uint64_t)t->shape[i];
        if (d && n > UINT64_MAX / d) {
            *ok = 0;
            return 0;
        }
        n *= d;
    }
    if (n > (uint64_t)SIZE_MAX / 2) *ok = 0;
    return *ok ? n : 0;
}

/* Checks one tensor of the descriptor; -1 with an error naming the library. */
static int check_tensor(const char* so_path, const char* kind, uint32_t i, const neo_abi_tensor* t) {
    const char* why = NULL;
    if (!t->name) why = "has no name";
    else if (neo_dtype_size(t->dtype) == 0) why = "has a dtype this runtime does not know";
    else if (t->ndim < 0 || t->ndim > kMaxRank || (t->ndim > 0 && !t->shape)) why = "has a bad rank";
    else
        for (int32_t d = 0; d < t->ndim; ++d)
            if (t->shape[d] < 0) why = "has a negative dimension";
    int ok = 1;
    if (!why) neo_tensor_nbytes(t, &ok);
    if (!why && !ok) why = "is too large for this device's memory";
    if (!why) return 0;
    neo_set_error("%s: %s %u (%s) %s (dtype %d); the descriptor is malformed: " REBUILD
                  ", and report it if it persists",
                  so_path, kind, i, t->name ? t->name : "?", why, t->dtype);
    return -1;
}

static int load_code(neo_model* m) {
    char* path = join(m->dir, neo_library_file);
    if (!path) return set_oom(neo_library_file), -1;
    int rc = -1;
    char e[512] = "";
    m->so = neo_library_open(path, e, sizeof e);
    if (!m->so) {
        char why[256];
        if (neo_machine_mismatch(path, why, sizeof why))
            neo_set_error("%s: cannot be loaded: %s; build the artifact for this device's target (model.json "
                          "names the one it was built for)",
                          path, why);
        else
            neo_set_error("%s: cannot be loaded (%s); check that the artifact was built for this device "
                          "(model.json names its target)",
                          path, e);
        goto out;
    }
    neo_model_descriptor_fn fn;
    void* sym = neo_library_symbol(m->so, NEO_MODEL_DESCRIPTOR_SYMBOL);
    memcpy(&fn, &sym, sizeof fn); /* object pointer to function pointer, as POSIX allows */
    if (!sym) {
        neo_set_error("%s: exports no " NEO_MODEL_DESCRIPTOR_SYMBOL "(); it is not a model built by "
                      "neo: " REBUILD,
                      path);
        goto out;
    }
    m->desc = fn();
    if (!m->desc) {
        neo_set_error("%s: " NEO_MODEL_DESCRIPTOR_SYMBOL "() returned no descriptor; " REBUILD, path);
        goto out;
    }
    if (m->desc->abi_version != NEO_MODEL_ABI_VERSION) {
        neo_set_error("%s: model ABI version %u, but this runtime (neo %s) loads model ABI version %d; "
                      "rebuild the artifact with the neo-build that matches this runtime, or run it "
                      "with a runtime of model ABI version %u",
                      path, m->desc->abi_version, neo_runtime_version(), NEO_MODEL_ABI_VERSION,
                      m->desc->abi_version);
        m->desc = NULL;
        goto out;
    }
    const neo_abi_model* d = m->desc;
    int steps_ok = d->num_steps == 0 || d->steps != NULL;
    for (uint32_t i = 0; steps_ok && i < d->num_steps; ++i)
        steps_ok = d->steps[i].run && d->steps[i].name && d->steps[i].node && d->steps[i].op;
    if (!d->run || (d->num_inputs && !d->inputs) || (d->num_outputs && !d->outputs) ||
        d->num_inputs > 65536 || d->num_outputs > 65536 || !steps_ok) {
        neo_set_error("%s: the descriptor is malformed (no run(), no tensor list or a bad step table); " REBUILD, path);
        goto out;
    }
    for (uint32_t i = 0; i < d->num_inputs; ++i)
        if (check_tensor(path, "input", i, &d->inputs[i]) != 0) goto out;
    for (uint32_t i = 0; i < d->num_outputs; ++i)
        if (check_tensor(path, "output", i, &d->outputs[i]) != 0) goto out;
    if (d->workspace_size > (uint64_t)SIZE_MAX / 2) {
        neo_set_error("%s: needs a workspace of %llu bytes, more than this device can address", path,
                      (unsigned long long)d->workspace_size);
        goto out;
    }
    rc = 0;
out:
    free(path);
    return rc;
}

/* A zeroed NEO_ABI_ALIGNMENT-aligned buffer of at least one alignment unit. */
static void* aligned_zeroed(uint64_t size) {
    size_t n = size < NEO_ABI_ALIGNMENT ? NEO_ABI_ALIGNMENT : (size_t)size;
    void* p = neo_aligned_alloc(NEO_ABI_ALIGNMENT, n);
    if (!p) return NULL;
    memset(p, 0, n);
    return p;
}

static int allocate_buffers(neo_model* m) {
    const neo_abi_model* d = m->desc;
    m->inputs = (void**)calloc(d->num_inputs + 1, sizeof(void*));
    m->outputs = (void**)calloc(d->num_outputs + 1, sizeof(void*));
    m->input_strings = (char**)calloc(d->num_inputs + 1, sizeof(char*));
    m->input_nbytes = (uint64_t*)calloc(d->num_inputs + 1, sizeof(uint64_t));
    m->output_nbytes = (uint64_t*)calloc(d->num_outputs + 1, sizeof(uint64_t));
    size_t dims = 0;
    for (uint32_t i = 0; i < d->num_outputs; ++i) dims += (size_t)d->outputs[i].ndim;
    m->output_dims = (int64_t*)calloc(dims + 1, sizeof(int64_t));
    m->output_dims_at = (size_t*)calloc(d->num_outputs + 1, sizeof(size_t));
    if (!m->inputs || !m->outputs || !m->input_strings || !m->input_nbytes || !m->output_nbytes || !m->output_dims || !m->output_dims_at)
        return set_oom("the model's tensor tables"), -1;
    for (uint32_t i = 0, at = 0; i < d->num_outputs; at += (uint32_t)d->outputs[i].ndim, ++i) m->output_dims_at[i] = at;
    neo_reset_output_dims(m);
    int ok;
    for (uint32_t i = 0; i < d->num_inputs; ++i) {
        m->input_nbytes[i] = neo_tensor_nbytes(&d->inputs[i], &ok);
        if (!(m->inputs[i] = aligned_zeroed(m->input_nbytes[i]))) {
            neo_set_error("out of memory: input '%s' of %s/%s needs %llu bytes", d->inputs[i].name,
                          m->dir, neo_library_file, (unsigned long long)m->input_nbytes[i]);
            return -1;
        }
        if (d->inputs[i].dtype == NEO_DTYPE_STRING) { /* empty strings until set */
            neo_abi_string* views = (neo_abi_string*)m->inputs[i];
            for (uint64_t k = 0; k < m->input_nbytes[i] / sizeof(neo_abi_string); ++k) views[k].data = "";
        }
    }
    for (uint32_t i = 0; i < d->num_outputs; ++i) {
        m->output_nbytes[i] = neo_tensor_nbytes(&d->outputs[i], &ok);
        if (!(m->outputs[i] = aligned_zeroed(m->output_nbytes[i]))) {
            neo_set_error("out of memory: output '%s' of %s/%s needs %llu bytes",
                          d->outputs[i].name, m->dir, neo_library_file, (unsigned long long)m->output_nbytes[i]);
            return -1;
        }
    }
    if (!(m->workspace = (uint8_t*)aligned_zeroed(d->workspace_size))) {
        neo_set_error("out of memory: %s/%s needs a workspace of %llu bytes", m->dir, neo_library_file,
                      (unsigned long long)d->workspace_size);
        return -1;
    }
    return 0;
}

neo_model* neo_model_load(const char* artifact_dir) {
    neo_clear_error();
    if (!artifact_dir || !*artifact_dir) {
        neo_set_error("neo_model_load: no artifact directory given");
        return NULL;
    }
    size_t len = strlen(artifact_dir);
    neo_model* m = (neo_model*)calloc(1, sizeof *m);
    if (!m || !(m->dir = (char*)malloc(len + 1))) {
        free(m);
        set_oom(artifact_dir);
        return NULL;
    }
    memcpy(m->dir, artifact_dir, len + 1);
    while (len > 1 && m->dir[len - 1] == '/') m->dir[--len] = '\0';

    neo_manifest man = {NULL, 0};
    if (read_manifest(m->dir, &man) != 0) goto fail;
    const neo_manifest_file* params = neo_manifest_find(&man, MODEL_PARAMS);
    if (!neo_manifest_find(&man, neo_library_file) && neo_manifest_find(&man, neo_foreign_library_file)) {
        neo_set_error("%s: holds %s, the code of a model built for %s; this runtime runs %s: " REBUILD
                      " for this device's target (model.json names the one it was built for)",
                      m->dir, neo_foreign_library_file,
                      strcmp(neo_foreign_library_file, "model.dll") == 0 ? "Windows" : "Linux or Android",
                      neo_library_file);
        goto fail;
    }
    const char* absent = !neo_manifest_find(&man, neo_library_file) ? neo_library_file : !params ? MODEL_PARAMS : NULL;
    if (absent) {
        neo_set_error("%s/" MANIFEST ": does not list %s; this is not an artifact of a native target "
                      "(model.json names its target plugin): " REBUILD " for a native target",
                      m->dir, absent);
        goto fail;
    }
    if (verify_files(m->dir, &man) != 0) goto fail;
    if (load_code(m) != 0) goto fail;
    if (map_params(m, params) != 0) goto fail;
    if (allocate_buffers(m) != 0) goto fail;
    if (!(m->pool = neo_pool_create(neo_online_cpus()))) {
        neo_set_error("cannot start the thread pool for %s (%s)", m->dir, strerror(errno));
        goto fail;
    }
    neo_manifest_free(&man);
    return m;
fail:
    neo_manifest_free(&man);
    neo_model_free(m);
    return NULL;
}
