/* Interposes minizip's zipOpenNewFileInZip4_64, which libxlsxwriter (built against the system libminizip on
 * Debian) calls once per part of the workbook. A definition in the executable comes first in the dynamic
 * linker's lookup, so libxlsxwriter's call lands here; the real function is found with RTLD_NEXT. Where
 * libxlsxwriter carries its own minizip instead, this is never called and workbooks keep the default level. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include "zip_speed.h"

/* Per thread: workbook_close writes every entry on the calling thread, and two workbooks closed at once on two
 * threads (the test suite does this) must not change each other's level. */
static _Thread_local int requested_level = -1;

void gaizao_zip_set_level(int level) { requested_level = level; }
int gaizao_zip_level(void) { return requested_level; }

typedef int (*open_entry_fn)(void *file, const char *filename, const void *zipfi, const void *extrafield_local,
                             unsigned size_extrafield_local, const void *extrafield_global,
                             unsigned size_extrafield_global, const char *comment, int method, int level, int raw,
                             int windowBits, int memLevel, int strategy, const char *password,
                             unsigned long crcForCrypting, unsigned long versionMadeBy, unsigned long flagBase,
                             int zip64);

int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi, const void *extrafield_local,
                            unsigned size_extrafield_local, const void *extrafield_global,
                            unsigned size_extrafield_global, const char *comment, int method, int level, int raw,
                            int windowBits, int memLevel, int strategy, const char *password,
                            unsigned long crcForCrypting, unsigned long versionMadeBy, unsigned long flagBase,
                            int zip64) {
    static _Atomic(open_entry_fn) real = NULL;
    open_entry_fn next = atomic_load(&real);
    if (next == NULL) {
        next = (open_entry_fn)dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
        atomic_store(&real, next);
    }
    int wanted = requested_level;
    return next(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                size_extrafield_global, comment, method, wanted >= 0 ? wanted : level, raw, windowBits, memLevel,
                strategy, password, crcForCrypting, versionMadeBy, flagBase, zip64);
}
