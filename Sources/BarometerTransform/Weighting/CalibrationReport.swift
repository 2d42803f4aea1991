import BarometerCore
import Foundation

/// What a post-stratification or a raking did, in the terms a statistician checks: iterations,
/// whether the targets were reached, and the gap left in every cell.
public struct CalibrationReport: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case poststratify
        case rake
    }

    /// One cell of one margin (or one post-stratum) after the final iteration.
    public struct Cell: Sendable, Equatable, Codable {
        /// The margin's variables joined by ":", e.g. `region` or `sektor:stoerrelse`.
        public var margin: String
        /// The cell's codes, e.g. `4`, `2:3`, or `4+5` for collapsed cells.
        public var cell: String
        public var respondents: Int
        /// The population count from the frame.
        public var target: Double
        /// The weighted total the final weights give.
        public var achieved: Double

        public init(margin: String, cell: String, respondents: Int, target: Double, achieved: Double) {
            self.margin = margin
            self.cell = cell
            self.respondents = respondents
            self.target = target
            self.achieved = achieved
        }

        /// |achieved − target| / target: what convergence is judged on.
        public var relativeGap: Double { abs(achieved - target) / target }
    }

    public var kind: Kind
    /// Full passes over the margins (1 for post-stratification).
    public var iterations: Int
    public var converged: Bool
    /// The largest relative gap accepted as converged.
    public var tolerance: Double
    public var cells: [Cell]

    public init(kind: Kind, iterations: Int, converged: Bool, tolerance: Double, cells: [Cell]) {
        self.kind = kind
        self.iterations = iterations
        self.converged = converged
        self.tolerance = tolerance
        self.cells = cells
    }

    /// The cell furthest from its target.
    public var worstCell: Cell? { cells.max { $0.relativeGap < $1.relativeGap } }
    public var largestGap: Double { worstCell?.relativeGap ?? 0 }

    /// "region 4: weighted 3108, population 3107 (relative gap 0.0003219)", for messages.
    public static func describe(_ cell: Cell) -> String {
        "\(cell.margin) \(cell.cell): weighted \(format(cell.achieved)), population \(NumberFormat.roundTrip(cell.target)) (relative gap \(format(cell.relativeGap)))"
    }

    /// Four significant digits: enough to see how far off a cell is.
    static func format(_ value: Double) -> String { String(format: "%.4g", value) }
}
