// glibc's allocator serves every block above its mmap threshold (at most 32 MB) with a fresh
// mapping and unmaps it when freed, so each column-sized temporary costs a page fault per
// 4 kB, twice over (zeroed when touched, unmapped when freed). These settings keep freed
// blocks in the heap for the next allocation instead. `mallopt` is in <malloc.h>, which
// Swift's Glibc module does not export.
#include "CHeap.h"

#include <limits.h>  // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>

int barometer_heap_keep_freed_memory(void) {
    // A thread's own arena cannot grow past 64 MB without mappings, so all threads share the
    // main heap, which grows with brk.
    return mallopt(M_MMAP_MAX, 0) && mallopt(M_TRIM_THRESHOLD, INT_MAX) && mallopt(M_ARENA_MAX, 1);
}

#else

int barometer_heap_keep_freed_memory(void) { return 0; }

#endif
