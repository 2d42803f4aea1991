/// A named 0/1 indicator derived from the answers, such as `promoted` or `positive_role`.
public struct FlagDefinition: Sendable, Equatable {
    public var name: String
    /// Text for tables and reports; the name when the pipeline gives none.
    public var label: String
    public var rule: Rule

    public init(name: String, label: String? = nil, rule: Rule) {
        self.name = name
        self.label = label ?? name
        self.rule = rule
    }
}
