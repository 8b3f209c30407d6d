/* platform.h on Linux and Android: libc, libdl and pthreads. */
#define _POSIX_C_SOURCE 200809L
#include "platform.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char neo_library_file[] = "model.so";
const char neo_foreign_library_file[] = "model.dll";

FILE* neo_open_read(const char* path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    FILE* f = fdopen(fd, "rb");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return f;
}

int neo_regular_file_size(FILE* f, uint64_t* size) {
    struct stat st;
    if (fstat(fileno(f), &st) != 0) return -1;
    if (!S_ISREG(st.st_mode)) {
        errno = EISDIR;
        return -1;
    }
    *size = (uint64_t)st.st_size;
    return 0;
}

int neo_map_file(const char* path, neo_mapping* m, char* why, size_t why_size) {
    memset(m, 0, sizeof *m);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, why_size, "%s", strerror(errno));
        return errno == ENOENT ? NEO_MAP_MISSING : NEO_MAP_CANNOT_OPEN;
    }
    struct stat st;
    int rc = NEO_MAP_OK;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) rc = NEO_MAP_NOT_REGULAR;
    else if ((uint64_t)st.st_size > (uint64_t)SIZE_MAX) rc = NEO_MAP_TOO_LARGE;
    else if (st.st_size > 0) {
        void* p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            snprintf(why, why_size, "%s", strerror(errno));
            rc = NEO_MAP_FAILED;
        } else {
            m->data = p;
            m->size = (size_t)st.st_size;
        }
    }
    close(fd);
    return rc;
}

void neo_unmap_file(neo_mapping* m) {
    if (m->data) munmap(m->data, m->size);
    memset(m, 0, sizeof *m);
}

void* neo_library_open(const char* path, char* why, size_t why_size) {
    /* Generated code calls the C math library (expf, tanhf, ...) without naming it as a
     * dependency; make it visible to model.so even when the application does not link it. */
    (void)dlopen("libm.so.6", RTLD_NOW | RTLD_GLOBAL);
    dlerror();
    void* lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char* e = dlerror();
        snprintf(why, why_size, "%s", e ? e : "unknown error");
    }
    return lib;
}

void* neo_library_symbol(void* library, const char* name) { return dlsym(library, name); }

void neo_library_close(void* library) {
    if (library) dlclose(library);
}

void* neo_aligned_alloc(size_t alignment, size_t size) {
    void* p = NULL;
    return posix_memalign(&p, alignment, size) == 0 ? p : NULL;
}

void neo_aligned_free(void* p) { free(p); }

double neo_now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

void neo_mutex_init(neo_mutex* m) { pthread_mutex_init(m, NULL); }
void neo_mutex_destroy(neo_mutex* m) { pthread_mutex_destroy(m); }
void neo_mutex_lock(neo_mutex* m) { pthread_mutex_lock(m); }
void neo_mutex_unlock(neo_mutex* m) { pthread_mutex_unlock(m); }
void neo_cond_init(neo_cond* c) { pthread_cond_init(c, NULL); }
void neo_cond_destroy(neo_cond* c) { pthread_cond_destroy(c); }
void neo_cond_wait(neo_cond* c, neo_mutex* m) { pthread_cond_wait(c, m); }
void neo_cond_signal(neo_cond* c) { pthread_cond_signal(c); }
void neo_cond_broadcast(neo_cond* c) { pthread_cond_broadcast(c); }

typedef struct start_args {
    void (*fn)(void*);
    void* arg;
} start_args;

static void* thread_main(void* p) {
    start_args a = *(start_args*)p;
    free(p);
    a.fn(a.arg);
    return NULL;
}

int neo_thread_start(neo_thread* t, void (*fn)(void*), void* arg) {
    start_args* a = (start_args*)malloc(sizeof *a);
    if (!a) return ENOMEM;
    a->fn = fn;
    a->arg = arg;
    /* The new thread inherits this mask: block every signal while creating it. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int err = pthread_create(t, NULL, thread_main, a);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (err) free(a);
    return err;
}

void neo_thread_join(neo_thread t) { pthread_join(t, NULL); }

int neo_online_cpus(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
}
