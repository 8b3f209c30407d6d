/* What the runtime needs of the operating system, behind one small interface:
 * platform_posix.c (Linux, Android: libc, libdl, pthreads) and platform_win32.c
 * (Windows: kernel32 and the C runtime). Paths are UTF-8; '/' separates folders on
 * every system. Functions that fail set errno (files) or write why into a buffer. */
#ifndef NEO_RUNTIME_PLATFORM_H
#define NEO_RUNTIME_PLATFORM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
typedef SRWLOCK neo_mutex;
typedef CONDITION_VARIABLE neo_cond;
typedef HANDLE neo_thread;
#else
#include <pthread.h>
typedef pthread_mutex_t neo_mutex;
typedef pthread_cond_t neo_cond;
typedef pthread_t neo_thread;
#endif

/* The name of a compiled model's library in an artifact: "model.so" or, on Windows,
 * "model.dll"; and the other system's, for messages about an artifact built for it. */
extern const char neo_library_file[];
extern const char neo_foreign_library_file[];

/* ---- files ---- */
/* Opens a file for binary reading; NULL with errno set. */
FILE* neo_open_read(const char* path);
/* The size of an open regular file; -1 with errno set (EISDIR: not a regular file). */
int neo_regular_file_size(FILE* f, uint64_t* size);

/* A read-only mapping of a whole file (data NULL for an empty one). */
typedef struct neo_mapping {
    void* data;
    size_t size;
    void* handle; /* the system's mapping object, if any */
} neo_mapping;
enum { NEO_MAP_OK = 0, NEO_MAP_MISSING, NEO_MAP_CANNOT_OPEN, NEO_MAP_NOT_REGULAR, NEO_MAP_TOO_LARGE, NEO_MAP_FAILED };
/* Maps `path`; NEO_MAP_OK, or what went wrong with the system's reason in why. */
int neo_map_file(const char* path, neo_mapping* m, char* why, size_t why_size);
void neo_unmap_file(neo_mapping* m); /* an unmapped (zeroed) one is fine */

/* ---- the model's code ---- */
/* Loads a shared library; NULL with the loader's reason in why. */
void* neo_library_open(const char* path, char* why, size_t why_size);
void* neo_library_symbol(void* library, const char* name); /* NULL when absent */
void neo_library_close(void* library);                     /* NULL ok */

/* ---- memory and time ---- */
/* `size` bytes aligned to `alignment` (a power of two); NULL when out of memory. */
void* neo_aligned_alloc(size_t alignment, size_t size);
void neo_aligned_free(void* p); /* NULL ok */
double neo_now_seconds(void);   /* a monotonic clock */

/* ---- threads ---- */
void neo_mutex_init(neo_mutex* m);
void neo_mutex_destroy(neo_mutex* m);
void neo_mutex_lock(neo_mutex* m);
void neo_mutex_unlock(neo_mutex* m);
void neo_cond_init(neo_cond* c);
void neo_cond_destroy(neo_cond* c);
void neo_cond_wait(neo_cond* c, neo_mutex* m);
void neo_cond_signal(neo_cond* c);
void neo_cond_broadcast(neo_cond* c);
/* Starts fn(arg) on a new thread that receives no signals (they go to the application's
 * own threads); 0 ok, else an errno value. */
int neo_thread_start(neo_thread* t, void (*fn)(void*), void* arg);
void neo_thread_join(neo_thread t);
/* The number of online CPUs (at least 1). */
int neo_online_cpus(void);

#endif
