/* FP32 peak of this machine: each thread runs a loop of independent AVX2 FMAs (enough
 * accumulators to cover the FMA latency on every pipe) and the program prints the best
 * GFLOP/s of several trials as JSON. Build: gcc -O2 -mavx2 -mfma -pthread fma_peak.c
 * Usage: fma_peak THREADS [TRIALS] */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ACC 12                 /* independent accumulators per thread */
#define ITERS 50000000L        /* loop trips per thread per trial */
#define FLOPS_PER_TRIP (ACC * 8 * 2)

static void* worker(void* arg) {
    float* result = arg;
    __m256 acc[ACC];
    for (int i = 0; i < ACC; ++i) acc[i] = _mm256_set1_ps((float)i * 0.001f);
    const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
    for (long n = 0; n < ITERS; ++n) {
        /* written out so every FMA depends only on its own accumulator */
        acc[0] = _mm256_fmadd_ps(acc[0], a, b);
        acc[1] = _mm256_fmadd_ps(acc[1], a, b);
        acc[2] = _mm256_fmadd_ps(acc[2], a, b);
        acc[3] = _mm256_fmadd_ps(acc[3], a, b);
        acc[4] = _mm256_fmadd_ps(acc[4], a, b);
        acc[5] = _mm256_fmadd_ps(acc[5], a, b);
        acc[6] = _mm256_fmadd_ps(acc[6], a, b);
        acc[7] = _mm256_fmadd_ps(acc[7], a, b);
        acc[8] = _mm256_fmadd_ps(acc[8], a, b);
        acc[9] = _mm256_fmadd_ps(acc[9], a, b);
        acc[10] = _mm256_fmadd_ps(acc[10], a, b);
        acc[11] = _mm256_fmadd_ps(acc[11], a, b);
    }
    __m256 sum = acc[0];
    for (int i = 1; i < ACC; ++i) sum = _mm256_add_ps(sum, acc[i]);
    float lanes[8];
    _mm256_storeu_ps(lanes, sum);
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
