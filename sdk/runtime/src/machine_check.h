/* Explains why the model's library cannot be loaded when it is code for another machine:
 * its ELF header (model.so) or PE header (model.dll) against the machine this runtime
 * was built for. */
#ifndef NEO_RUNTIME_MACHINE_CHECK_H
#define NEO_RUNTIME_MACHINE_CHECK_H

#include <stddef.h>

/* When `path` is an ELF file for another machine, class or ARM float ABI than this
 * runtime's, or a PE file (a DLL) for another machine, writes what it is and what this
 * runtime runs into buf and returns 1; otherwise (neither, unreadable, or matching)
 * returns 0. */
int neo_machine_mismatch(const char* path, char* buf, size_t size);

#endif
