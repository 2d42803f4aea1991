import Testing

@testable import BarometerCore

@Suite struct FreedMemoryTests {
    /// Linux builds use glibc, whose allocator must take the settings: a run would otherwise
    /// fault in every temporary column afresh, correct but slower, with nothing to say so.
    @Test(.enabled(if: isLinux)) func glibcTakesTheSettings() {
        #expect(FreedMemory.keepForReuse())
    }
}

#if os(Linux)
private let isLinux = true
#else
private let isLinux = false
#endif
