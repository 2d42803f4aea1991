/// What the codebook knows about one variable of an export.
public struct Variable: Sendable, Equatable, Codable {
    /// How the question was asked; decides how its values are read and validated.
    public enum Kind: String, Sendable, Equatable, Codable {
        /// One code from a list of value labels.
        case single
        /// One 0/1 column of a multi-select question (one column per option).
        case multipleOption
        /// A number (count, amount, weight).
        case quantity
        /// Free text.
        case text
        /// A date, time or anything else kept as text.
        case other
    }

    public var name: String
    public var kind: Kind
    /// The question or variable text shown to respondents, if the export carries it.
    public var label: String?
    /// For multi-select options: the question they belong to (SurveyXact `questionName`).
    public var question: String?
    /// Codes and their labels, in questionnaire order.
    public var valueLabels: [ValueLabel]

    public init(
        name: String, kind: Kind, label: String? = nil, question: String? = nil,
        valueLabels: [ValueLabel] = []
    ) {
        self.name = name
        self.kind = kind
        self.label = label
        self.question = question
        self.valueLabels = valueLabels
    }

    /// The label of `code`, if the codebook has one.
    public func label(for code: String) -> String? {
        valueLabels.first { $0.code == code }?.label
    }
}

/// A code and the text respondents saw for it.
public struct ValueLabel: Sendable, Equatable, Codable {
    /// The code as written in the data ("1", "8", or a literal such as "A").
    public var code: String
    public var label: String

    public init(code: String, label: String) {
        self.code = code
        self.label = label
    }
}
