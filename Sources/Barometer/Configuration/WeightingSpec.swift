import BarometerCore
import BarometerExtract
import BarometerTransform

/// The `weighting:` section: which method makes the weights, and its inputs.
///
/// ```yaml
/// weighting: { method: expansion, frame: frame.csv, stratum: stratum, population: N, fpc: true }
/// weighting: { method: column, weight: w, strata: stratum, clusters: psu, fpc: N }
/// weighting:                                   # post-stratification to joint cells
///   method: poststratify
///   start: { method: expansion, frame: frame.csv, stratum: stratum }   # design weights; default 1 each
///   variables: [sektor, region]
///   frame: cells.csv                           # sektor;region;N
///   collapse: [["3:4", "3:5"]]                 # merge cells without respondents
/// weighting:                                   # raking to margins
///   method: rake
///   start: { method: expansion, frame: frame.csv, stratum: stratum }
///   margins:
///     - { variable: sektor, frame: margins-sektor.csv }
///     - { variable: region, frame: margins-region.csv, collapse: [[4, 5]] }
///   tolerance: 1e-8                            # largest relative gap of any margin cell
///   max_iterations: 100
///   allow_nonconvergence: false                # true: publish anyway, saying so
///   variance: raking                           # raking (R's rake) or calibration (R's calibrate)
///   trim: { lower: 0.3, upper: 3.5, relative: true }   # optional, for poststratify and rake too
/// weighting: { method: trim, start: { method: column, weight: w }, upper: 40 }
/// ```
///
/// Keys are checked per method: a key the method does not use is an error, not a silent no-op.
public indirect enum WeightingSpec: Sendable, Decodable {
    case column(weight: String, strata: String?, clusters: String?, fpc: String?)
    case expansion(frame: String, frameDialect: CSVDialect, stratum: String, population: String, fpc: Bool)
    case poststratify(start: WeightingSpec?, cells: CellsSpec, trim: TrimSpec?)
    case rake(start: WeightingSpec?, margins: [CellsSpec], options: RakeOptions, trim: TrimSpec?)
    case trim(start: WeightingSpec, TrimSpec)

    /// A frame of population counts for cells of one or more variables, and cells to merge.
    public struct CellsSpec: Sendable, Decodable {
        public var variables: [String]
        public var frame: String
        public var dialect: CSVDialect
        public var population: String
        /// Groups of cells merged into one; a cell is a code, or codes joined by ":" for joint cells.
        public var collapse: [[[Int32]]]

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CellsKeys.self)
            let container = try decoder.container(keyedBy: CellsKeys.self)
            self = try Self(container, variables: try WeightingSpec.variables(in: container))
        }

        fileprivate init<K: CodingKey>(_ container: KeyedDecodingContainer<K>, variables: [String]) throws {
            self.variables = variables
            frame = try container.decode(String.self, forKey: K(stringValue: "frame")!)
            dialect = try container.decodeIfPresent(CSVDialect.self, forKey: K(stringValue: "dialect")!) ?? CSVDialect()
            population = try container.decodeIfPresent(String.self, forKey: K(stringValue: "population")!) ?? "N"
            let collapseKey = K(stringValue: "collapse")!
            let groups = try container.decodeIfPresent([[String]].self, forKey: collapseKey) ?? []
            collapse = try groups.map { group in
                try group.map { cell in
                    let codes = cell.split(separator: ":", omittingEmptySubsequences: false).map { Int32($0) }
                    guard codes.count == variables.count, codes.allSatisfy({ $0 != nil }) else {
                        throw DecodingError.dataCorruptedError(
                            forKey: collapseKey, in: container,
                            debugDescription:
                                "collapse cell '\(cell)' must be \(variables.count == 1 ? "a code" : "\(variables.count) codes joined by ':'") of \(variables.joined(separator: ", "))"
                        )
                    }
                    return codes.map { $0! }
                }
            }
        }
    }

    /// Convergence settings of raking.
    public struct RakeOptions: Sendable {
        public var tolerance = 1e-8
        public var maxIterations = 100
        public var allowNonconvergence = false
        public var variance = RakingWeights.Variance.raking
    }

    /// Bounds for trimming, absolute or (with `relative: true`) multiples of the mean weight.
    public struct TrimSpec: Sendable, Decodable {
        public var lower: Double?
        public var upper: Double?
        public var relative: Bool
        public var maxRounds: Int

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(TrimKeys.self)
            self = try Self(try decoder.container(keyedBy: TrimKeys.self))
        }

        fileprivate init<K: CodingKey>(_ container: KeyedDecodingContainer<K>) throws {
            lower = try container.decodeIfPresent(Double.self, forKey: K(stringValue: "lower")!)
            upper = try container.decodeIfPresent(Double.self, forKey: K(stringValue: "upper")!)
            relative = try container.decodeIfPresent(Bool.self, forKey: K(stringValue: "relative")!) ?? false
            maxRounds = try container.decodeIfPresent(Int.self, forKey: K(stringValue: "max_rounds")!) ?? 100
            guard lower != nil || upper != nil else {
                throw DecodingError.dataCorruptedError(
                    forKey: K(stringValue: "upper")!, in: container,
                    debugDescription: "trimming needs lower, upper or both")
            }
        }
    }

    private enum CellsKeys: String, CodingKey, CaseIterable {
        case variable, variables, frame, dialect, population, collapse
    }
    private enum TrimKeys: String, CodingKey, CaseIterable { case lower, upper, relative, max_rounds }
    private enum Method: String, Decodable, CaseIterable { case column, expansion, poststratify, rake, trim }

    private static let keysByMethod: [Method: [String]] = [
        .column: ["weight", "strata", "clusters", "fpc"],
        .expansion: ["frame", "dialect", "stratum", "population", "fpc"],
        .poststratify: ["start", "variable", "variables", "frame", "dialect", "population", "collapse", "trim"],
        .rake: ["start", "margins", "tolerance", "max_iterations", "allow_nonconvergence", "variance", "trim"],
        .trim: ["start", "lower", "upper", "relative", "max_rounds"],
    ]

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        let methodKey = AnyCodingKey("method")
        guard container.contains(methodKey) else {
            throw DecodingError.keyNotFound(
                methodKey,
                .init(
                    codingPath: container.codingPath,
                    debugDescription: "method: column, expansion, poststratify, rake or trim"))
        }
        guard let method = Method(rawValue: try container.decode(String.self, forKey: methodKey)) else {
            throw DecodingError.dataCorruptedError(
                forKey: methodKey, in: container,
                debugDescription: "method must be one of: \(Method.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let known = ["method"] + Self.keysByMethod[method]!
        for key in container.allKeys where !known.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription:
                    "unknown key '\(key.stringValue)' for method \(method.rawValue); expected one of: \(known.joined(separator: ", "))"
            )
        }
        func key(_ name: String) -> AnyCodingKey { AnyCodingKey(name) }
        switch method {
        case .column:
            self = .column(
                weight: try container.decode(String.self, forKey: key("weight")),
                strata: try container.decodeIfPresent(String.self, forKey: key("strata")),
                clusters: try container.decodeIfPresent(String.self, forKey: key("clusters")),
                fpc: try container.decodeIfPresent(String.self, forKey: key("fpc")))
        case .expansion:
            self = .expansion(
                frame: try container.decode(String.self, forKey: key("frame")),
                frameDialect: try container.decodeIfPresent(CSVDialect.self, forKey: key("dialect")) ?? CSVDialect(),
                stratum: try container.decode(String.self, forKey: key("stratum")),
                population: try container.decodeIfPresent(String.self, forKey: key("population")) ?? "N",
                fpc: try container.decodeIfPresent(Bool.self, forKey: key("fpc")) ?? true)
        case .poststratify:
            self = .poststratify(
                start: try container.decodeIfPresent(WeightingSpec.self, forKey: key("start")),
                cells: try CellsSpec(container, variables: try Self.variables(in: container)),
                trim: try container.decodeIfPresent(TrimSpec.self, forKey: key("trim")))
        case .rake:
            let margins = try container.decode([CellsSpec].self, forKey: key("margins"))
            guard !margins.isEmpty else {
                throw DecodingError.dataCorruptedError(
                    forKey: key("margins"), in: container, debugDescription: "raking needs at least one margin")
            }
            var options = RakeOptions()
            options.tolerance =
                try container.decodeIfPresent(Double.self, forKey: key("tolerance")) ?? options.tolerance
            options.maxIterations =
                try container.decodeIfPresent(Int.self, forKey: key("max_iterations")) ?? options.maxIterations
            options.allowNonconvergence =
                try container.decodeIfPresent(Bool.self, forKey: key("allow_nonconvergence"))
                ?? options.allowNonconvergence
            if let variance = try container.decodeIfPresent(String.self, forKey: key("variance")) {
                guard let value = RakingWeights.Variance(rawValue: variance) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: key("variance"), in: container,
                        debugDescription: "variance must be raking or calibration")
                }
                options.variance = value
            }
            guard options.tolerance >= 0, options.maxIterations >= 1 else {
                throw DecodingError.dataCorruptedError(
                    forKey: key("tolerance"), in: container,
                    debugDescription: "tolerance must be >= 0 and max_iterations >= 1")
            }
            self = .rake(
                start: try container.decodeIfPresent(WeightingSpec.self, forKey: key("start")), margins: margins,
                options: options, trim: try container.decodeIfPresent(TrimSpec.self, forKey: key("trim")))
        case .trim:
            self = .trim(start: try container.decode(WeightingSpec.self, forKey: key("start")), try TrimSpec(container))
        }
    }

    /// `variable: region` or `variables: [sektor, stoerrelse]`, exactly one of them.
    fileprivate static func variables<K: CodingKey>(in container: KeyedDecodingContainer<K>) throws -> [String] {
        let one = try container.decodeIfPresent(String.self, forKey: K(stringValue: "variable")!)
        let many = try container.decodeIfPresent([String].self, forKey: K(stringValue: "variables")!)
        switch (one, many) {
        case (let name?, nil): return [name]
        case (nil, let names?) where !names.isEmpty: return names
        default:
            throw DecodingError.dataCorruptedError(
                forKey: K(stringValue: "variable")!, in: container,
                debugDescription:
                    "give the cells' variable (variable: region) or variables (variables: [sektor, stoerrelse]), not both"
            )
        }
    }

    /// Every column of the dataset the method reads.
    public var columns: [String] {
        switch self {
        case .column(let weight, let strata, let clusters, let fpc): [weight] + [strata, clusters, fpc].compactMap { $0 }
        case .expansion(_, _, let stratum, _, _): [stratum]
        case .poststratify(let start, let cells, _): (start?.columns ?? []) + cells.variables
        case .rake(let start, let margins, _, _): (start?.columns ?? []) + margins.flatMap(\.variables)
        case .trim(let start, _): start.columns
        }
    }

    /// Every frame file the method reads, in the order the method uses them.
    public var frames: [String] {
        switch self {
        case .column: []
        case .expansion(let frame, _, _, _, _): [frame]
        case .poststratify(let start, let cells, _): (start?.frames ?? []) + [cells.frame]
        case .rake(let start, let margins, _, _): (start?.frames ?? []) + margins.map(\.frame)
        case .trim(let start, _): start.frames
        }
    }
}
