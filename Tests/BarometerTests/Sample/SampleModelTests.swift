import Testing

@testable import Barometer

/// The model's promises, checked on a large draw in memory rather than through files.
@Suite struct SampleModelTests {
    static let respondents = Array(
        SampleRespondents(
            seed: 11, design: SampleDesign(respondents: 40_000)
        ).filter(\.isInnovative))

    /// Only option 4 moves with the volunteers' role; the others keep their probability.
    @Test func onlyTheInvolvementOptionDependsOnTheVolunteerRole() {
        let with = Self.respondents.filter { $0.volunteersHadPositiveRole }
        let without = Self.respondents.filter { !$0.volunteersHadPositiveRole }
        for option in 1...7 {
            let bit = SampleModel.bit(option)
            let p1 = Double(with.filter { $0.vaerdi & bit != 0 }.count) / Double(with.count)
            let p0 = Double(without.filter { $0.vaerdi & bit != 0 }.count) / Double(without.count)
            let se = (p1 * (1 - p1) / Double(with.count) + p0 * (1 - p0) / Double(without.count))
                .squareRoot()
            if option == 4 {
                #expect(abs(p1 - 0.45 * 0.98) < 0.02 && abs(p0 - 0.25 * 0.98) < 0.01)
            } else {
                #expect(abs(p1 - p0) < 3 * se, "vaerdi_\(option): \(p1) vs \(p0)")
            }
        }
    }

    /// The three volunteer flags share a latent trait, so they go together.
    @Test func volunteerFlagsAreCorrelated() {
        let started = Self.respondents.filter { $0.igangsat & SampleModel.bit(4) != 0 }
        let joinedGivenStarted =
            Double(started.filter { $0.samarbejde & SampleModel.bit(4) != 0 }.count)
            / Double(started.count)
        let joined =
            Double(Self.respondents.filter { $0.samarbejde & SampleModel.bit(4) != 0 }.count)
            / Double(Self.respondents.count)
        #expect(joinedGivenStarted > 3 * joined)
    }

    @Test func volunteersAreCommonerInMunicipalCultureThanInTheState() {
        func share(_ keep: (SampleRespondent) -> Bool) -> Double {
            let group = Self.respondents.filter(keep)
            return Double(group.filter(\.volunteersHadPositiveRole).count) / Double(group.count)
        }
        let stat = share { $0.sektor == 1 }
        let kommune = share { $0.sektor == 3 }
        let culture = share { $0.sektor == 3 && $0.arbejdsplads == 5 }
        #expect(stat < 0.10 && kommune > 0.15 && culture > kommune)
    }
}
