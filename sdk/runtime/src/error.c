#include "error.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char tls_error[2048];

void neo_set_error(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tls_error, sizeof tls_error, fmt, ap);
    va_end(ap);
}

void neo_clear_error(void) { tls_error[0] = '\0'; }

const char* neo_get_error(void) { return tls_error; }
