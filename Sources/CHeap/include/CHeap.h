#ifndef BAROMETER_CHEAP_H
#define BAROMETER_CHEAP_H

/// Tells the C library's allocator to keep memory the process frees for its own next
/// allocations: no block is mapped on its own (and unmapped when freed), the heap's top is not
/// handed back below 2 GB, and every thread allocates from the one heap. Returns 1 when the
/// allocator took the settings (glibc), 0 where there is nothing to set.
int barometer_heap_keep_freed_memory(void);

#endif
