/// One synthetic workplace's answers, held in fixed-size fields so drawing a million of them
/// allocates nothing.
///
/// Codes are the ones written to `dataset.csv`. Multi-select questions are bit masks (bit k-1
/// set means option k was ticked); single questions answered by a non-innovative workplace, and
/// every follow-up item of one, are 0, which the writer leaves empty.
struct SampleRespondent: Sendable, Equatable {
    var id: Int
    var sektor: Int
    var stoerrelse: Int
    var region: Int
    var arbejdsplads: Int
    /// inno_1…inno_4: 1 Ja, 2 Nej, 8 Ved ikke.
    var inno: SIMD4<UInt8>
    /// igangsat_1…igangsat_10 as a mask; 0 when not asked.
    var igangsat: UInt16
    /// fremmet_borgere, _frivillige, _virksomheder, _politikere; 0 when not asked.
    var fremmet: SIMD4<UInt8>
    /// samarbejde_1…samarbejde_9 as a mask; 0 when not asked.
    var samarbejde: UInt16
    /// vaerdi_1…vaerdi_7 as a mask; may be 0 for an innovative workplace that ticked nothing.
    var vaerdi: UInt16
    /// udgift in hundredths of a million kroner; nil when not given.
    var udgift: Int?
    /// beskrivelse as an index into `SampleDescriptions.texts`; nil when not given.
    var beskrivelse: Int?

    var stratum: Int { sektor * 10 + stoerrelse }

    /// Ja to at least one of the four kinds of innovation; only these get the follow-up items.
    var isInnovative: Bool { any(inno .== 1) }

    /// Volunteers started, promoted or took part in the latest innovation.
    var volunteersHadPositiveRole: Bool {
        igangsat & SampleModel.bit(4) != 0 || (1...2).contains(fremmet[1])
            || samarbejde & SampleModel.bit(4) != 0
    }

    /// Citizens and users started, promoted or took part in the latest innovation.
    var citizensHadPositiveRole: Bool {
        igangsat & SampleModel.bit(3) != 0 || (1...2).contains(fremmet[0])
            || samarbejde & SampleModel.bit(3) != 0
    }
}
