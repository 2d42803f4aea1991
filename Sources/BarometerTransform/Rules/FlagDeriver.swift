import BarometerCore

/// Applies the universe and derives the indicator flags, adding them to the dataset.
///
/// The universe becomes a 0/1 column of its own name. Each flag becomes a 0/1 column that is
/// missing outside the universe, because the questions behind it were only asked there.
public struct FlagDeriver: Sendable {
    public var universe: FlagDefinition
    public var flags: [FlagDefinition]

    public init(universe: FlagDefinition, flags: [FlagDefinition]) {
        self.universe = universe
        self.flags = flags
    }

    /// The result of deriving flags: the dataset with the new columns, and the universe mask.
    public struct Output: Sendable {
        public var dataset: Dataset
        public var inUniverse: [Bool]
    }

    public func apply(to dataset: Dataset) throws -> Output {
        var evaluator = RuleEvaluator(dataset: dataset)
        evaluator.context = "universe '\(universe.name)'"
        let inUniverse = try evaluator.evaluate(universe.rule)
        evaluator.flags[universe.name] = inUniverse

        var result = dataset
        // 0/1 codes are made as bytes, the storage they end up in.
        result.setColumn(Column(name: universe.name, values: .integer(IntegerColumn(bytes: inUniverse.map { $0 ? 1 : 0 }))))
        for flag in flags {
            guard evaluator.flags[flag.name] == nil, result[flag.name] == nil else {
                throw BarometerError(.usage, "flag '\(flag.name)' is defined twice or shadows a column of the export")
            }
            evaluator.context = "flag '\(flag.name)'"
            let values = try evaluator.evaluate(flag.rule)
            evaluator.flags[flag.name] = values
            let coded: [UInt8] = zip(values, inUniverse).map { value, inside in
                inside ? (value ? 1 : 0) : IntegerColumn.missingByte
            }
            result.setColumn(Column(name: flag.name, values: .integer(IntegerColumn(bytes: coded))))
            result.codebook.add(
                Variable(
                    name: flag.name, kind: .single, label: flag.label,
                    valueLabels: [ValueLabel(code: "0", label: "No"), ValueLabel(code: "1", label: "Yes")]))
        }
        return Output(dataset: result, inUniverse: inUniverse)
    }
}
