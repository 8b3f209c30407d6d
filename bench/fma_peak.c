/* FP32 peak of this machine: each thread runs a loop of independent FMAs on the widest
 * vectors it is built for (AVX-512 with -mavx512f, else AVX2; enough accumulators to cover
 * the FMA latency on every pipe) and the program prints the best GFLOP/s of several trials
 * as JSON. Build: gcc -O2 -mavx2 -mfma [-mavx512f] -pthread fma_peak.c
 * Usage: fma_peak THREADS [TRIALS] */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifdef __AVX512F__
#define LANES 16
typedef __m512 vec;
#define set1 _mm512_set1_ps
#define fmadd _mm512_fmadd_ps
#define vadd _mm512_add_ps
#define storeu _mm512_storeu_ps
#else
#define LANES 8
typedef __m256 vec;
#define set1 _mm256_set1_ps
#define fmadd _mm256_fmadd_ps
#define vadd _mm256_add_ps
#define storeu _mm256_storeu_ps
#endif

#define ACC 12                 /* independent accumulators per thread */
#define ITERS 50000000L        /* loop trips per thread per trial */
#define FLOPS_PER_TRIP (ACC * LANES * 2)

static void* worker(void* arg) {
    float* result = arg;
    vec acc[ACC];
    for (int i = 0; i < ACC; ++i) acc[i] = set1((float)i * 0.001f);
    const vec a = set1(0.999999f), b = set1(1e-7f);
    for (long n = 0; n < ITERS; ++n) {
        /* written out so every FMA depends only on its own accumulator */
        acc[0] = fmadd(acc[0], a, b);
        acc[1] = fmadd(acc[1], a, b);
        acc[2] = fmadd(acc[2], a, b);
        acc[3] = fmadd(acc[3], a, b);
        acc[4] = fmadd(acc[4], a, b);
        acc[5] = fmadd(acc[5], a, b);
        acc[6] = fmadd(acc[6], a, b);
        acc[7] = fmadd(acc[7], a, b);
        acc[8] = fmadd(acc[8], a, b);
        acc[9] = fmadd(acc[9], a, b);
        acc[10] = fmadd(acc[10], a, b);
        acc[11] = fmadd(acc[11], a, b);
    }
    vec sum = acc[0];
    for (int i = 1; i < ACC; ++i) sum = vadd(sum, acc[i]);
    float lanes[LANES];
    storeu(lanes, sum);
    *result = lanes[0];  /* keeps the loop alive */
    return NULL;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char** argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    int trials = argc > 2 ? atoi(argv[2]) : 5;
    if (threads < 1 || threads > 256 || trials < 1) {
        fprintf(stderr, "usage: %s THREADS [TRIALS]  (THREADS in 1..256, TRIALS >= 1)\n", argv[0]);
        return 2;
    }
    pthread_t* ids = malloc(sizeof(pthread_t) * (size_t)threads);
    float* results = malloc(sizeof(float) * (size_t)threads);
    double best = 0, check = 0;
    for (int t = 0; t < trials; ++t) {
        double t0 = now();
        for (int i = 0; i < threads; ++i) pthread_create(&ids[i], NULL, worker, &results[i]);
        for (int i = 0; i < threads; ++i) pthread_join(ids[i], NULL);
        double gflops = (double)FLOPS_PER_TRIP * ITERS * threads / (now() - t0) * 1e-9;
        if (gflops > best) best = gflops;
        for (int i = 0; i < threads; ++i) check += results[i];
    }
    printf("{\"threads\": %d, \"trials\": %d, \"gflops\": %.3f, \"check\": %g}\n", threads, trials, best, check);
    free(ids);
    free(results);
    return 0;
}
