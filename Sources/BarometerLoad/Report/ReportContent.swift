import BarometerAggregate

/// Everything a report shows about one run: the figures, their labels and how they were made.
public struct ReportContent: Sendable {
    public var title: String
    public var pipeline: String
    public var wave: String
    public var run: String
    /// The headline flag, e.g. `positive_role`, and the flags it is made of, in pipeline order.
    public var headline: String
    public var subElements: [String]
    /// The breakdown variables with their codebook labels, e.g. `("sektor", "Sektor")`.
    public var breakdowns: [(variable: String, label: String)]
    public var estimates: [EstimateRow]
    public var comparisons: [ComparisonRow]
    /// The headline series over waves (from the database's `trend` view); one wave shows no trend.
    public var trend: [TrendPoint]
    public var methods: Methods

    /// The facts of the methods box.
    public struct Methods: Sendable {
        /// The universe's label, e.g. "Innovative arbejdspladser", and its respondents.
        public var universe: String
        public var universeCount: Int
        public var rowsRead: Int
        public var rowsRejected: Int
        /// The weighting method in words, with the weight diagnostics.
        public var weighting: String
        public var weightCount: Int
        public var kishDesignEffect: Double
        public var effectiveSampleSize: Double
        public var intervalMethod: IntervalMethod
        public var confidenceLevel: Double
        /// Test, correction and alpha of the comparisons, when there are any.
        public var test: IndependenceTest?
        public var correction: PValueCorrection?
        public var alpha: Double?
        public var suppression: SuppressionRules
        /// The input files (paths as the pipeline names them).
        public var sources: [String]

        public init(
            universe: String, universeCount: Int, rowsRead: Int, rowsRejected: Int, weighting: String, weightCount: Int,
            kishDesignEffect: Double, effectiveSampleSize: Double, intervalMethod: IntervalMethod,
            confidenceLevel: Double, test: IndependenceTest?, correction: PValueCorrection?, alpha: Double?,
            suppression: SuppressionRules, sources: [String]
        ) {
            self.universe = universe
            self.universeCount = universeCount
            self.rowsRead = rowsRead
            self.rowsRejected = rowsRejected
            self.weighting = weighting
            self.weightCount = weightCount
            self.kishDesignEffect = kishDesignEffect
            self.effectiveSampleSize = effectiveSampleSize
            self.intervalMethod = intervalMethod
            self.confidenceLevel = confidenceLevel
            self.test = test
            self.correction = correction
            self.alpha = alpha
            self.suppression = suppression
            self.sources = sources
        }
    }

    public init(
        title: String, pipeline: String, wave: String, run: String, headline: String, subElements: [String],
        breakdowns: [(variable: String, label: String)], estimates: [EstimateRow], comparisons: [ComparisonRow],
        trend: [TrendPoint], methods: Methods
    ) {
        self.title = title
        self.pipeline = pipeline
        self.wave = wave
        self.run = run
        self.headline = headline
        self.subElements = subElements
        self.breakdowns = breakdowns
        self.estimates = estimates
        self.comparisons = comparisons
        self.trend = trend
        self.methods = methods
    }

    /// The overall row of `indicator`.
    func overall(_ indicator: String) -> EstimateRow? {
        estimates.first { $0.indicator == indicator && $0.group == EstimateRow.overallGroup }
    }
}
