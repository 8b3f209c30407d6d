/* The runtime's thread-local last error (neo_last_error). */
#ifndef NEO_RUNTIME_ERROR_H
#define NEO_RUNTIME_ERROR_H

#if defined(__GNUC__)
#define NEO_PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define NEO_PRINTF_LIKE(f, a)
#endif

/* Replaces the calling thread's last error (printf-style; truncated when very long). */
void neo_set_error(const char* fmt, ...) NEO_PRINTF_LIKE(1, 2);
void neo_clear_error(void);
const char* neo_get_error(void);

#endif
