/* platform.h on Windows: kernel32 (LoadLibraryW, CreateFileMappingW, slim reader/writer
 * locks, condition variables, threads) and the C runtime. UTF-8 paths are converted to
 * UTF-16 for the wide-character system calls. */
#include "platform.h"

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>

const char neo_library_file[] = "model.dll";
const char neo_foreign_library_file[] = "model.so";

/* `path` as UTF-16 with '\\' separators, malloc'ed; NULL (errno set) when it is not UTF-8. */
static wchar_t* wide_path(const char* path) {
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, NULL, 0);
    if (n <= 0) {
        errno = EINVAL;
        return NULL;
    }
    wchar_t* w = (wchar_t*)malloc((size_t)n * sizeof(wchar_t));
    if (!w) {
        errno = ENOMEM;
        return NULL;
    }
    MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, w, n);
    for (wchar_t* p = w; *p; ++p)
        if (*p == L'/') *p = L'\\';
    return w;
}

/* The system's message for `code`, without its trailing newline. */
static void system_message(DWORD code, char* buf, size_t size) {
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0, buf,
                             (DWORD)size, NULL);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' ' || buf[n - 1] == '.')) buf[--n] = '\0';
    if (n == 0) snprintf(buf, size, "system error %lu", (unsigned long)code);
}

FILE* neo_open_read(const char* path) {
    wchar_t* w = wide_path(path);
    if (!w) return NULL;
    FILE* f = _wfopen(w, L"rb");
    free(w);
    return f;
}

int neo_regular_file_size(FILE* f, uint64_t* size) {
    struct _stat64 st;
    if (_fstat64(_fileno(f), &st) != 0) return -1;
    if (!(st.st_mode & _S_IFREG)) {
        errno = EISDIR;
        return -1;
    }
    *size = (uint64_t)st.st_size;
    return 0;
}

int neo_map_file(const char* path, neo_mapping* m, char* why, size_t why_size) {
    memset(m, 0, sizeof *m);
    wchar_t* w = wide_path(path);
    if (!w) {
        snprintf(why, why_size, "%s", strerror(errno));
        return NEO_MAP_CANNOT_OPEN;
    }
    HANDLE file = CreateFileW(w, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    free(w);
    if (file == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        system_message(e, why, why_size);
        return e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND ? NEO_MAP_MISSING : NEO_MAP_CANNOT_OPEN;
    }
    int rc = NEO_MAP_OK;
    LARGE_INTEGER size;
    if (GetFileType(file) != FILE_TYPE_DISK || !GetFileSizeEx(file, &size)) rc = NEO_MAP_NOT_REGULAR;
    else if ((uint64_t)size.QuadPart > (uint64_t)SIZE_MAX) rc = NEO_MAP_TOO_LARGE;
    else if (size.QuadPart > 0) {
        HANDLE mapping = CreateFileMappingW(file, NULL, PAGE_READONLY, 0, 0, NULL);
        void* p = mapping ? MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0) : NULL;
        if (!p) {
            system_message(GetLastError(), why, why_size);
            if (mapping) CloseHandle(mapping);
            rc = NEO_MAP_FAILED;
        } else {
            m->data = p;
            m->size = (size_t)size.QuadPart;
            m->handle = mapping;
        }
    }
    CloseHandle(file); /* the mapping keeps the file open */
    return rc;
}

void neo_unmap_file(neo_mapping* m) {
    if (m->data) UnmapViewOfFile(m->data);
    if (m->handle) CloseHandle((HANDLE)m->handle);
    memset(m, 0, sizeof *m);
}

void* neo_library_open(const char* path, char* why, size_t why_size) {
    wchar_t* w = wide_path(path);
    if (!w) {
        snprintf(why, why_size, "the path is not valid UTF-8");
        return NULL;
    }
    /* A full path: a relative one would be looked up along the DLL search path. */
    DWORD n = GetFullPathNameW(w, 0, NULL, NULL);
    wchar_t* full = n ? (wchar_t*)malloc((size_t)n * sizeof(wchar_t)) : NULL;
    if (!full || GetFullPathNameW(w, n, full, NULL) >= n) {
        if (full) system_message(GetLastError(), why, why_size);
        else snprintf(why, why_size, "cannot resolve the path");
        free(full);
        free(w);
        return NULL;
    }
    free(w);
    HMODULE lib = LoadLibraryExW(full, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
    if (!lib) system_message(GetLastError(), why, why_size);
    free(full);
    return (void*)lib;
}

void* neo_library_symbol(void* library, const char* name) {
    FARPROC p = GetProcAddress((HMODULE)library, name);
    void* sym;
    memcpy(&sym, &p, sizeof sym); /* function pointer to object pointer, as the loader's */
    return sym;
}

void neo_library_close(void* library) {
    if (library) FreeLibrary((HMODULE)library);
}

void* neo_aligned_alloc(size_t alignment, size_t size) { return _aligned_malloc(size, alignment); }
void neo_aligned_free(void* p) { _aligned_free(p); }

double neo_now_seconds(void) {
    static LARGE_INTEGER frequency;
    LARGE_INTEGER now;
    if (frequency.QuadPart == 0) QueryPerformanceFrequency(&frequency);
    QueryPerformanceCounter(&now);
    return (double)now.QuadPart / (double)frequency.QuadPart;
}

void neo_mutex_init(neo_mutex* m) { InitializeSRWLock(m); }
void neo_mutex_destroy(neo_mutex* m) { (void)m; }
void neo_mutex_lock(neo_mutex* m) { AcquireSRWLockExclusive(m); }
void neo_mutex_unlock(neo_mutex* m) { ReleaseSRWLockExclusive(m); }
void neo_cond_init(neo_cond* c) { InitializeConditionVariable(c); }
void neo_cond_destroy(neo_cond* c) { (void)c; }
void neo_cond_wait(neo_cond* c, neo_mutex* m) { SleepConditionVariableSRW(c, m, INFINITE, 0); }
void neo_cond_signal(neo_cond* c) { WakeConditionVariable(c); }
void neo_cond_broadcast(neo_cond* c) { WakeAllConditionVariable(c); }

typedef struct start_args {
    void (*fn)(void*);
    void* arg;
} start_args;

static DWORD WINAPI thread_main(LPVOID p) {
    start_args a = *(start_args*)p;
    free(p);
    a.fn(a.arg);
    return 0;
}

/* Windows delivers no POSIX signals to threads: nothing to block. */
int neo_thread_start(neo_thread* t, void (*fn)(void*), void* arg) {
    start_args* a = (start_args*)malloc(sizeof *a);
    if (!a) return ENOMEM;
    a->fn = fn;
    a->arg = arg;
    *t = CreateThread(NULL, 0, thread_main, a, 0, NULL);
    if (!*t) {
        free(a);
        return EAGAIN;
    }
    return 0;
}

void neo_thread_join(neo_thread t) {
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
}

int neo_online_cpus(void) {
    DWORD n = GetActiveProcessorCount(ALL_PROCESSOR_GROUPS);
    return n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
}
