/* Explains why model.so cannot be loaded when it is code for another machine: its ELF
 * header against the machine this runtime was built for. */
#ifndef NEO_RUNTIME_ELF_CHECK_H
#define NEO_RUNTIME_ELF_CHECK_H

#include <stddef.h>

/* When `path` is an ELF file for another machine, class or ARM float ABI than this
 * runtime's, writes what it is and what this runtime runs into buf and returns 1;
 * otherwise (not ELF, unreadable, or matching) returns 0. */
int neo_elf_mismatch(const char* path, char* buf, size_t size);

#endif
