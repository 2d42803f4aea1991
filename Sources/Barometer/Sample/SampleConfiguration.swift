/// What `barometer sample` generates: which random stream, how many workplaces, which wave.
///
/// The same configuration gives byte-identical files on every machine; change `seed` for
/// another draw of the same design.
public struct SampleConfiguration: Sendable, Equatable {
    /// Seeds the generator; 2039 is the reference draw the tests pin (chosen for a headline near the published 16 % on n = 1,878).
    public var seed: UInt64 = 2039
    /// Number of responding workplaces (at least 1); 2,271 as in the 2018-2019 wave. Other
    /// sizes scale the design (see `SampleDesign`).
    public var respondents: Int = 2271
    /// The period asked about, written into the innovation question; must be representable in
    /// Windows-1252, like every text of the bundle.
    public var wave: String = "2018-2019"

    public init(seed: UInt64 = 2039, respondents: Int = 2271, wave: String = "2018-2019") {
        self.seed = seed
        self.respondents = respondents
        self.wave = wave
    }
}
