import BarometerCore
import BarometerExtract

/// The `weighting:` section: which method makes the weights, and its inputs.
///
/// ```yaml
/// weighting: { method: expansion, frame: frame.csv, stratum: stratum, population: N, fpc: true }
/// weighting: { method: column, weight: w, strata: stratum, clusters: psu, fpc: N }
/// ```
public enum WeightingSpec: Sendable, Decodable {
    case column(weight: String, strata: String?, clusters: String?, fpc: String?)
    case expansion(frame: String, frameDialect: CSVDialect, stratum: String, population: String, fpc: Bool)

    private enum Keys: String, CodingKey, CaseIterable {
        case method, weight, strata, clusters, fpc, frame, dialect, stratum, population
    }
    private enum Method: String, Decodable { case column, expansion }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(Keys.self)
        let container = try decoder.container(keyedBy: Keys.self)
        switch try container.decode(Method.self, forKey: .method) {
        case .column:
            self = .column(
                weight: try container.decode(String.self, forKey: .weight),
                strata: try container.decodeIfPresent(String.self, forKey: .strata),
                clusters: try container.decodeIfPresent(String.self, forKey: .clusters),
                fpc: try container.decodeIfPresent(String.self, forKey: .fpc))
        case .expansion:
            self = .expansion(
                frame: try container.decode(String.self, forKey: .frame),
                frameDialect: try container.decodeIfPresent(CSVDialect.self, forKey: .dialect) ?? CSVDialect(),
                stratum: try container.decode(String.self, forKey: .stratum),
                population: try container.decodeIfPresent(String.self, forKey: .population) ?? "N",
                fpc: try container.decodeIfPresent(Bool.self, forKey: .fpc) ?? true)
        }
    }
}
