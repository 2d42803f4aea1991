/// How the synthetic workplaces answer: every probability of the wave, and the one function
/// that turns a stratum and a random stream into a respondent.
///
/// Probabilities are in basis points (1/10,000) and every draw is integer arithmetic, so the
/// same seed gives the same answers on every machine. The shape follows the published
/// Innovation Barometer: about four in five workplaces innovate, more so the larger they are;
/// volunteers play a positive role (started, promoted or joined the latest innovation) in
/// about 16 % of innovative workplaces, citizens in 40–50 %.
enum SampleModel {
    /// The mask bit of option `k` (1-based) of a multi-select question.
    @inline(__always)
    static func bit(_ k: Int) -> UInt16 { 1 << (k - 1) }

    // MARK: Workplaces

    /// arbejdsplads 1–7 by sector (Stat, Region, Kommune).
    static let workplaceShares: [[Int]] = [
        [4500, 800, 500, 400, 1200, 1200, 1400],
        [1500, 500, 5500, 1200, 200, 500, 600],
        [1200, 3500, 600, 2200, 1000, 800, 700],
    ]

    /// P(innovative) by size band: larger workplaces have more going on.
    static let innovativeByStoerrelse = [7700, 8400, 9000]
    /// P(Ja) for each kind of innovation, given that the workplace innovated.
    static let innoJa = SIMD4<Int>(3500, 6000, 7000, 5000)
    static let innoVedIkke = 300
    static let innoVedIkkeWhenNot = 500

    // MARK: Actors

    /// A latent "works with volunteers" trait, by sector and workplace type (percent factor):
    /// common in municipal culture and elderly care, rare in the state administration.
    static let volunteerBaseBySektor = [400, 900, 1550]
    static let volunteerFactorByArbejdsplads = [60, 100, 80, 160, 220, 80, 100]
    /// P(igangsat_4, fremmet_frivillige ∈ {1, 2}, samarbejde_4) with and without the trait;
    /// sharing one trait is what makes the three flags go together.
    static let volunteerFlagsWithTrait = SIMD3<Int>(2200, 5500, 5000)
    static let volunteerFlagsWithoutTrait = SIMD3<Int>(50, 200, 200)

    /// The same for citizens and users, a far more common partner.
    static let citizenBaseBySektor = [2800, 3600, 3800]
    static let citizenFactorByArbejdsplads = [70, 110, 120, 120, 100, 80, 90]
    static let citizenFlagsWithTrait = SIMD3<Int>(3500, 7500, 7000)
    static let citizenFlagsWithoutTrait = SIMD3<Int>(300, 800, 500)

    // MARK: Follow-up items

    /// igangsat_1…9 other than the actors (3, 4), which come from the traits; 10 is Ved ikke.
    static let igangsatShares = [5500, 5500, 0, 0, 600, 1200, 1000, 400, 300]
    static let igangsatVedIkke = 300
    static let igangsatMost = 3

    /// Given fremmet is not 1 or 2: P(3 Hæmmet i nogen grad, 4 Hæmmet i høj grad, 8 Ved ikke);
    /// the rest is 9 Ikke relevant.
    static let fremmetOtherwise = [300, 100, 800]
    /// The fremmet codes in order: 1, 2 Fremmet i høj/nogen grad, 3, 4 Hæmmet i nogen/høj
    /// grad, 8 Ved ikke, 9 Ikke relevant.
    static let fremmetCodes: [UInt8] = [1, 2, 3, 4, 8, 9]
    /// fremmet_virksomheder and fremmet_politikere: P(1, 2, 3, 4, 8); the rest is 9.
    static let fremmetVirksomheder = [800, 1700, 300, 100, 900]
    static let fremmetPolitikere = [1200, 2500, 600, 200, 900]
    /// Of those that say "fremmet", the share saying "i høj grad".
    static let fremmetHoejGrad = 4000

    /// samarbejde_1…7 other than the actors (3, 4); 8 Ingen when none, 9 Ved ikke.
    static let samarbejdeShares = [4500, 2500, 0, 0, 1000, 1500, 500]
    static let samarbejdeVedIkke = 300

    /// vaerdi_1…6; option 4 (better citizen involvement) alone depends on the volunteers' role,
    /// so a test of that relation has one clean effect to find; 7 is Ved ikke.
    static let vaerdiShares = [6000, 4500, 3500, 0, 2000, 500]
    static let vaerdiInddragelse = (withVolunteers: 4500, without: 2500)
    static let vaerdiVedIkke = 200

    /// udgift: log-logistic, median by size band in hundredths of a million kroner.
    static let udgiftMedian = [30, 80, 200]
    static let udgiftMissing = 1500
    static let beskrivelseMissing = 2000

    // MARK: Drawing

    /// One workplace of the stratum (`sektor`, `stoerrelse`), drawing from `random`. The number
    /// of draws varies from one respondent to the next, so respondents must be drawn in id order
    /// to reproduce a file.
    static func draw(
        id: Int, sektor: Int, stoerrelse: Int, using random: inout Xoshiro256StarStar
    ) -> SampleRespondent {
        let s = sektor - 1
        let region = 1 + pick(SampleDesign.respondentRegionShares[s], using: &random)
        let arbejdsplads = 1 + pick(workplaceShares[s], using: &random)
        var respondent = SampleRespondent(
            id: id, sektor: sektor, stoerrelse: stoerrelse, region: region,
            arbejdsplads: arbejdsplads, inno: .zero, igangsat: 0, fremmet: .zero, samarbejde: 0,
            vaerdi: 0, udgift: nil, beskrivelse: nil)

        guard random.chance(innovativeByStoerrelse[stoerrelse - 1]) else {
            for k in 0..<4 { respondent.inno[k] = random.chance(innoVedIkkeWhenNot) ? 8 : 2 }
            return respondent
        }
        for k in 0..<4 {
            respondent.inno[k] =
                random.chance(innoJa[k]) ? 1 : random.chance(innoVedIkke) ? 8 : 2
        }
        if !respondent.isInnovative { respondent.inno[random.below(4)] = 1 }

        let volunteerTrait = random.chance(
            volunteerBaseBySektor[s] * volunteerFactorByArbejdsplads[arbejdsplads - 1] / 100)
        let citizenTrait = random.chance(
            citizenBaseBySektor[s] * citizenFactorByArbejdsplads[arbejdsplads - 1] / 100)
        let volunteer = flags(
            volunteerTrait ? volunteerFlagsWithTrait : volunteerFlagsWithoutTrait, using: &random)
        let citizen = flags(
            citizenTrait ? citizenFlagsWithTrait : citizenFlagsWithoutTrait, using: &random)

        respondent.igangsat = drawIgangsat(
            citizens: citizen.started, volunteers: volunteer.started, using: &random)
        respondent.fremmet = SIMD4(
            fremmetByActor(promoted: citizen.promoted, using: &random),
            fremmetByActor(promoted: volunteer.promoted, using: &random),
            fremmetCodes[pick(fremmetVirksomheder, using: &random)],
            fremmetCodes[pick(fremmetPolitikere, using: &random)])
        respondent.samarbejde = drawSamarbejde(
            citizens: citizen.joined, volunteers: volunteer.joined, using: &random)

        if random.chance(vaerdiVedIkke) {
            respondent.vaerdi = bit(7)
        } else {
            let volunteersPositive = respondent.volunteersHadPositiveRole
            for k in 1...6 {
                var p = vaerdiShares[k - 1]
                if k == 4 {
                    p =
                        volunteersPositive
                        ? vaerdiInddragelse.withVolunteers : vaerdiInddragelse.without
                }
                if random.chance(p) { respondent.vaerdi |= bit(k) }
            }
        }

        if !random.chance(udgiftMissing) {
            let u = 10 + random.below(981)  // 10…990 per mille, so the ratio stays in 1/99…99
            respondent.udgift = max(1, udgiftMedian[stoerrelse - 1] * u / (1000 - u))
        }
        if !random.chance(beskrivelseMissing) {
            var theme = SampleDescriptions.Theme.general
            if respondent.volunteersHadPositiveRole && random.chance(5000) {
                theme = .volunteers
            } else if respondent.citizensHadPositiveRole && random.chance(4000) {
                theme = .citizens
            }
            respondent.beskrivelse = SampleDescriptions.pick(theme, using: &random)
        }
        return respondent
    }

    /// Index into `shares` (basis points), or `shares.count` for the rest up to 10,000.
    @inline(__always)
    static func pick(_ shares: [Int], using random: inout Xoshiro256StarStar) -> Int {
        var point = random.below(10_000)
        for (index, share) in shares.enumerated() {
            if point < share { return index }
            point -= share
        }
        return shares.count
    }

    private static func flags(
        _ p: SIMD3<Int>, using random: inout Xoshiro256StarStar
    ) -> (started: Bool, promoted: Bool, joined: Bool) {
        (random.chance(p[0]), random.chance(p[1]), random.chance(p[2]))
    }

    /// At most three initiators; Ved ikke stands alone. The actors are kept when trimming, so
    /// the cap does not eat into the figures the wave is about; nobody ticked means management
    /// or staff.
    private static func drawIgangsat(
        citizens: Bool, volunteers: Bool, using random: inout Xoshiro256StarStar
    ) -> UInt16 {
        if random.chance(igangsatVedIkke) { return bit(10) }
        var mask: UInt16 = 0
        if citizens { mask |= bit(3) }
        if volunteers { mask |= bit(4) }
        for k in 1...9 where igangsatShares[k - 1] > 0 {
            if random.chance(igangsatShares[k - 1]) { mask |= bit(k) }
        }
        while mask.nonzeroBitCount > igangsatMost {
            let droppable = mask & ~(bit(3) | bit(4))
            mask &= ~nthBit(random.below(droppable.nonzeroBitCount), of: droppable)
        }
        if mask == 0 { mask = random.chance(5000) ? bit(1) : bit(2) }
        return mask
    }

    /// Partners 1–7 independently; none ticked is 8 Ingen samarbejdspartnere; Ved ikke alone.
    private static func drawSamarbejde(
        citizens: Bool, volunteers: Bool, using random: inout Xoshiro256StarStar
    ) -> UInt16 {
        if random.chance(samarbejdeVedIkke) { return bit(9) }
        var mask: UInt16 = 0
        if citizens { mask |= bit(3) }
        if volunteers { mask |= bit(4) }
        for k in 1...7 where samarbejdeShares[k - 1] > 0 {
            if random.chance(samarbejdeShares[k - 1]) { mask |= bit(k) }
        }
        return mask == 0 ? bit(8) : mask
    }

    /// The fremmet code for an actor: 1 or 2 when it promoted the innovation, otherwise
    /// mostly 9 Ikke relevant.
    private static func fremmetByActor(
        promoted: Bool, using random: inout Xoshiro256StarStar
    ) -> UInt8 {
        if promoted { return random.chance(fremmetHoejGrad) ? 1 : 2 }
        return fremmetCodes[2 + pick(fremmetOtherwise, using: &random)]
    }

    /// The `n`-th lowest set bit of `mask`, counting from 0.
    private static func nthBit(_ n: Int, of mask: UInt16) -> UInt16 {
        var rest = mask
        for _ in 0..<n { rest &= rest - 1 }
        return rest & (~rest &+ 1)
    }
}
