import Testing

@testable import Barometer

@Suite struct Xoshiro256StarStarTests {
    /// The first outputs of xoshiro256**.c from state {1, 2, 3, 4}, worked by hand from the
    /// algorithm: 11520 = rotl(2 * 5, 7) * 9, then 0 because s1 becomes 0.
    @Test func xoshiroMatchesTheReferenceAlgorithm() {
        var generator = Xoshiro256StarStar(state: (1, 2, 3, 4))
        #expect(generator.next() == 11_520)
        #expect(generator.next() == 0)
        #expect(generator.next() == 1_509_978_240)
    }

    @Test func sameSeedSameStreamOtherSeedOtherStream() {
        var a = Xoshiro256StarStar(seed: 2019)
        var b = Xoshiro256StarStar(seed: 2019)
        var c = Xoshiro256StarStar(seed: 2020)
        let streamA = (0..<8).map { _ in a.next() }
        #expect(streamA == (0..<8).map { _ in b.next() })
        #expect(streamA != (0..<8).map { _ in c.next() })
    }

    @Test func belowStaysInRangeAndCoversIt() {
        var generator = Xoshiro256StarStar(seed: 7)
        var seen = [Int](repeating: 0, count: 7)
        for _ in 0..<7_000 { seen[generator.below(7)] += 1 }
        #expect(seen.allSatisfy { (850...1150).contains($0) })
        #expect((0..<100).allSatisfy { _ in generator.below(1) == 0 })
    }
}
