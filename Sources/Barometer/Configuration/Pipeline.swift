import BarometerAggregate
import BarometerCore
import BarometerLoad
import BarometerTransform

/// A pipeline file: everything about one survey wave, from input to outputs.
///
/// Column names, codes, rules and weighting live here and never in code, so another wave or
/// another actor is a new YAML file. Relative paths are resolved against the folder of the
/// pipeline file, so cron may start the job from anywhere. See `Pipelines/` for examples.
public struct Pipeline: Sendable, Decodable {
    /// Short name, used for the output folder; defaults to the file's base name.
    public var name: String
    public var title: String
    public var wave: String
    /// The indicator series this pipeline continues across waves, e.g. `frivillige` for
    /// `frivillige-2016` and `frivillige-2019`: the database's `trend` view and the report's
    /// trend chart put the waves of one series side by side. Defaults to `name`.
    public var series: String
    public var input: InputSpec
    public var universe: FlagDefinition
    public var flags: [FlagDefinition]
    /// The flag the run summary reports.
    public var headline: String
    public var weighting: WeightingSpec
    public var estimates: EstimatesSpec
    public var comparisons: [ComparisonSpec]
    public var output: OutputSpec

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case name, title, wave, series, input, universe, flags, headline, weighting, estimates, comparisons, output
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        title = try container.decodeIfPresent(String.self, forKey: .title) ?? ""
        wave = try container.decodeIfPresent(String.self, forKey: .wave) ?? ""
        series = try container.decodeIfPresent(String.self, forKey: .series) ?? ""
        input = try container.decode(InputSpec.self, forKey: .input)
        universe = try container.decode(NamedRule.self, forKey: .universe).definition
        flags = try container.decode([NamedRule].self, forKey: .flags).map(\.definition)
        headline = try container.decodeIfPresent(String.self, forKey: .headline) ?? flags.last?.name ?? ""
        weighting = try container.decode(WeightingSpec.self, forKey: .weighting)
        estimates = try container.decodeIfPresent(EstimatesSpec.self, forKey: .estimates) ?? EstimatesSpec()
        comparisons = try container.decodeIfPresent([ComparisonSpec].self, forKey: .comparisons) ?? []
        output = try container.decodeIfPresent(OutputSpec.self, forKey: .output) ?? OutputSpec()
        if !flags.contains(where: { $0.name == headline }) {
            throw DecodingError.dataCorruptedError(
                forKey: .headline, in: container, debugDescription: "headline '\(headline)' is not one of the flags")
        }
    }
}

/// `{ name: promoted, label: "...", rule: {...} }` in the pipeline file.
struct NamedRule: Decodable {
    var definition: FlagDefinition

    private enum CodingKeys: String, CodingKey, CaseIterable { case name, label, rule }

    init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        definition = FlagDefinition(
            name: try container.decode(String.self, forKey: .name),
            label: try container.decodeIfPresent(String.self, forKey: .label),
            rule: try container.decode(Rule.self, forKey: .rule))
    }
}

/// The `estimates:` section: breakdowns and crossings, the interval, suppression and
/// categories collapsed for disclosure.
public struct EstimatesSpec: Sendable, Decodable {
    public var breakdowns: [String] = []
    /// Two-way (or wider) crossings, e.g. `[[sektor, stoerrelse]]`.
    public var crossings: [[String]] = []
    public var interval: IntervalMethod = .logit
    public var confidence: Double = 0.95
    public var suppression = SuppressionRules()
    public var collapse: [CategoryCollapse] = []

    public init() {}

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case breakdowns, crossings, interval, confidence, suppression, collapse
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        breakdowns = try container.decodeIfPresent([String].self, forKey: .breakdowns) ?? []
        crossings = try container.decodeIfPresent([[String]].self, forKey: .crossings) ?? []
        suppression = try container.decodeIfPresent(SuppressionRules.self, forKey: .suppression) ?? SuppressionRules()
        collapse = try container.decodeIfPresent([CategoryCollapse].self, forKey: .collapse) ?? []
        interval = try container.decodeIfPresent(IntervalMethod.self, forKey: .interval) ?? .logit
        confidence = try container.decodeIfPresent(Double.self, forKey: .confidence) ?? 0.95
        guard confidence > 0.5, confidence < 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .confidence, in: container, debugDescription: "confidence must be between 0.5 and 1, e.g. 0.95")
        }
    }
}

/// The `output:` section.
public struct OutputSpec: Sendable, Decodable {
    /// Folder for this pipeline's outputs; default `../Output/<name>` beside `Pipelines/`.
    public var directory: String?
    /// How many published runs to keep under `runs/` (the newest is `latest`).
    public var keep = 5
    /// The results database shared by all pipelines: an SQLite file (default `barometer.sqlite`
    /// beside the pipeline's output folder, `Output/barometer.sqlite`), a
    /// `postgres://user@host:port/database` URL without password, or `none` for no database.
    public var database: String?
    /// The language of `report.html` and `report.md`: `da` (default) or `en`.
    public var language = ReportLanguage.danish

    public init() {}

    private enum CodingKeys: String, CodingKey, CaseIterable { case directory, keep, database, language }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        directory = try container.decodeIfPresent(String.self, forKey: .directory)
        keep = try container.decodeIfPresent(Int.self, forKey: .keep) ?? 5
        database = try container.decodeIfPresent(String.self, forKey: .database)
        if let database, PostgresResultsDatabase.isURL(database), PostgresResultsDatabase.hasPassword(database) {
            throw DecodingError.dataCorruptedError(
                forKey: .database, in: container,
                debugDescription: "no password in the pipeline file: set PGPASSWORD, or BAROMETER_DATABASE_URL with the whole URL")
        }
        language = try container.decodeIfPresent(ReportLanguage.self, forKey: .language) ?? .danish
        guard keep >= 1 else {
            throw DecodingError.dataCorruptedError(forKey: .keep, in: container, debugDescription: "keep must be at least 1")
        }
    }
}
