import Testing

@testable import Barometer

@Suite struct SampleDesignTests {
    @Test func referenceSizeKeepsThePublishedFigures() {
        let design = SampleDesign(respondents: 2271)
        #expect(design.strata.map(\.code) == [11, 12, 13, 21, 22, 23, 31, 32, 33])
        #expect(design.strata.map(\.respondents) == [170, 190, 180, 120, 170, 160, 600, 480, 201])
        #expect(
            design.strata.map(\.population) == [1200, 700, 350, 600, 500, 300, 6500, 3200, 650])
        #expect(design.populationTotal == 14_000)
        #expect(design.regionMargins == [4222, 2091, 2945, 3107, 1635])
    }

    @Test func otherSizesAllocateByLargestRemainder() {
        // 1000 / 2271 of each reference count: floors sum to 995, and the five largest
        // remainders (strata 11, 22, 21, 12, 33) get one more each.
        let design = SampleDesign(respondents: 1000)
        #expect(design.strata.map(\.respondents) == [75, 84, 79, 53, 75, 70, 264, 211, 89])
        #expect(design.respondentTotal == 1000)
        #expect(design.strata.map(\.population) == [528, 308, 154, 264, 220, 132, 2862, 1409, 286])
        #expect(design.regionMargins.reduce(0, +) == design.populationTotal)
    }

    @Test func populationNeverFallsBelowRespondents() {
        let design = SampleDesign(respondents: 20)
        #expect(design.respondentTotal == 20)
        #expect(design.strata.allSatisfy { $0.population >= $0.respondents })
        #expect(design.strata.map(\.respondents) == [2, 2, 2, 1, 1, 1, 5, 4, 2])
    }

    @Test func tenMillionRespondentsDoNotOverflow() {
        let design = SampleDesign(respondents: 10_000_000)
        #expect(design.respondentTotal == 10_000_000)
        #expect(design.populationTotal == 61_646_852)
        #expect(design.regionMargins.reduce(0, +) == design.populationTotal)
    }

    @Test func largestRemainderBreaksTiesTowardsTheFirst() {
        #expect(SampleDesign.largestRemainder(total: 2, weights: [1, 1, 1]) == [1, 1, 0])
        #expect(SampleDesign.largestRemainder(total: 10, weights: [3, 3, 3]) == [4, 3, 3])
        #expect(SampleDesign.largestRemainder(total: 0, weights: [5, 1]) == [0, 0])
    }
}
