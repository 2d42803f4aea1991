import CHeap

/// How the process treats the memory it frees: handed back to the kernel (the C library's
/// default for large blocks) or kept for its next allocations.
///
/// The transform and aggregate stages make many column-sized temporaries: at 10,000,000 rows
/// each is tens of MB, freshly mapped, zeroed page by page as it is first written, and
/// unmapped when freed. Kept for reuse, the next temporary finds those pages already mapped;
/// at 10,000,000 rows that is a quarter of the page faults and about half a second. The
/// extract keeps the default: its parsed stretches are freed as they are joined, and handing
/// them back keeps its peak memory at the size of the columns.
package enum FreedMemory {
    /// Keeps memory freed from now on for the process's own allocations: a process-wide
    /// setting of glibc's allocator, true when it was taken (false with other C libraries,
    /// which keep their own policy). The process's peak memory stays that of its largest
    /// stage: memory freed between stages is reused, not added.
    @discardableResult
    package static func keepForReuse() -> Bool {
        barometer_heap_keep_freed_memory() == 1
    }
}
