/* run_model: an application that embeds neo's device runtime through its C API.
 *
 *     run_model ARTIFACT_DIR INPUT.npy [EXPECTED.npy [TOLERANCE]]
 *
 * Loads a compiled model, feeds its first input from a float32 .npy file, runs it, and
 * prints output 0's shape and its five largest values (with their indices). Given the
 * expected output (e.g. the training framework's), it prints the largest absolute
 * difference and fails when that exceeds TOLERANCE (default 1e-4) times the output's
 * scale (its largest magnitude, at least 1). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "neo/runtime/runtime.h"

/* A float32, C-order .npy file: its values and shape (at most 8 dims). */
typedef struct Npy {
    float* data;
    int64_t count;
    int32_t ndim;
    int64_t shape[8];
} Npy;

static int read_npy(const char* path, Npy* out) {
    FILE* f = fopen(path, "rb");
    if (!f) return fprintf(stderr, "%s: cannot open\n", path), -1;
    unsigned char pre[10];
    int ok = fread(pre, 1, 10, f) == 10 && memcmp(pre, "\x93NUMPY", 6) == 0;
    size_t header_len = ok ? (size_t)(pre[8] | pre[9] << 8) : 0;
    if (ok && pre[6] >= 2) { /* version 2+: a 4-byte header length */
        unsigned char more[2];
        ok = fread(more, 1, 2, f) == 2;
        header_len |= (size_t)more[0] << 16 | (size_t)more[1] << 24;
    }
    char* header = ok ? calloc(header_len + 1, 1) : NULL;
    ok = header && fread(header, 1, header_len, f) == header_len;
    const char* shape = ok ? strstr(header, "'shape': (") : NULL;
    if (!ok || !strstr(header, "'descr': '<f4'") || !strstr(header, "'fortran_order': False") || !shape) {
        fprintf(stderr, "%s: not a float32 C-order .npy file\n", path);
        free(header);
        fclose(f);
        return -1;
    }
    out->ndim = 0;
    out->count = 1;
    for (const char* p = shape + 10; *p && *p != ')' && out->ndim < 8;) {
        char* end;
        long long d = strtoll(p, &end, 10);
        if (end == p) break;
        out->shape[out->ndim++] = d;
        out->count *= d;
        p = end + (*end == ',');
        while (*p == ' ') ++p;
    }
    free(header);
    out->data = malloc((size_t)out->count * sizeof(float) + 1);
    ok = out->data && fread(out->data, sizeof(float), (size_t)out->count, f) == (size_t)out->count;
    fclose(f);
    if (!ok) return fprintf(stderr, "%s: truncated\n", path), -1;
    return 0;
}

int main(int argc, char** argv) {
    if (argc < 3 || argc > 5) {
        fprintf(stderr, "usage: %s ARTIFACT_DIR INPUT.npy [EXPECTED.npy [TOLERANCE]]\n", argv[0]);
        return 2;
    }
    Npy input, expected = {0};
    if (read_npy(argv[2], &input) != 0 || (argc > 3 && read_npy(argv[3], &expected) != 0)) return 1;
    neo_model* m = neo_model_load(argv[1]);
    if (!m || neo_model_set_input(m, 0, input.data, NEO_DTYPE_F32, input.ndim, input.shape) != 0 ||
        neo_model_run(m) != 0) {
        fprintf(stderr, "%s\n", neo_last_error());
        neo_model_free(m);
        return 1;
    }
    neo_tensor_info info;
    neo_model_output_info(m, 0, &info);
    if (info.dtype != NEO_DTYPE_F32) {
        fprintf(stderr, "output '%s' is %s; this sample prints float32 outputs\n", info.name, neo_dtype_name(info.dtype));
        neo_model_free(m);
        return 1;
    }
    const float* y = (const float*)neo_model_output_data(m, 0);
    const int64_t n = (int64_t)(info.nbytes / sizeof(float));
    printf("output '%s' [", info.name);
    for (int i = 0; i < info.ndim; ++i) printf("%s%lld", i ? "," : "", (long long)info.shape[i]);
    printf("]\ntop:");
    int64_t shown[5];
    for (int k = 0; k < 5 && k < n; ++k) { /* the k-th largest, by selection */
        int64_t best = -1;
        for (int64_t i = 0; i < n; ++i) {
            int taken = 0;
            for (int j = 0; j < k; ++j) taken |= shown[j] == i;
            if (!taken && (best < 0 || y[i] > y[best])) best = i;
        }
        shown[k] = best;
        printf(" %lld:%.6g", (long long)best, y[best]);
    }
    printf("\n");
    int status = 0;
    if (argc > 3) {
        const double tolerance = argc > 4 ? atof(argv[4]) : 1e-4;
        double err = 0, scale = 1;
        if (expected.count != n) {
            fprintf(stderr, "%s has %lld values; the output has %lld\n", argv[3], (long long)expected.count, (long long)n);
            status = 1;
        } else {
            for (int64_t i = 0; i < n; ++i) {
                err = fmax(err, fabs((double)y[i] - expected.data[i]));
                scale = fmax(scale, fabs((double)expected.data[i]));
            }
            printf("max abs error %.3g (scale %.3g)\n", err, scale);
            status = err <= tolerance * scale ? 0 : 1;
        }
    }
    neo_model_free(m);
    free(input.data);
    free(expected.data);
    return status;
}
