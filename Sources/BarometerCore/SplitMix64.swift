/// SplitMix64 (Steele, Lea & Flood 2014): turns one 64-bit seed into a well-mixed sequence.
///
/// It seeds the sample generator's `Xoshiro256StarStar`; tests use it on its own, so that a
/// random case that fails fails again.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
