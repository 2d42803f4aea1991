import BarometerCore

/// A small, fast, seedable pseudo-random generator (xoshiro256**, Blackman & Vigna 2018).
///
/// The sample generator needs the same numbers on every machine and every Swift release, so it
/// draws only through `next()`, `below(_:)` and `chance(_:)`, which are pure integer arithmetic.
/// The conformance to `RandomNumberGenerator` is there for convenience, but the standard
/// library's `random(in:using:)` algorithms are not promised to stay the same across releases.
struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Expands `seed` into the 256-bit state with SplitMix64, as the authors recommend, so
    /// nearby seeds (2019, 2020) still give unrelated streams and no seed gives the all-zero state.
    init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    /// Starts from a raw state, for checking against the reference implementation; it must
    /// not be all zero.
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(state != (0, 0, 0, 0), "xoshiro256** state must not be all zero")
        (s0, s1, s2, s3) = state
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// A number in `0..<bound` by Lemire's multiply-shift; the bias (at most bound / 2^64) is
    /// far below anything a survey of any size could show.
    @inline(__always)
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// True with probability `basisPoints` / 10,000.
    @inline(__always)
    mutating func chance(_ basisPoints: Int) -> Bool {
        below(10_000) < basisPoints
    }

    @inline(__always)
    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
