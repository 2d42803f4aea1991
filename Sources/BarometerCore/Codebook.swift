/// The variables of a survey export: names, kinds, question texts and value labels.
///
/// Readers that get a codebook from the export (SurveyXact `structure.csv` and `labels.csv`,
/// Triple-S metadata) fill it in; plain CSV gives a codebook inferred from the data alone.
public struct Codebook: Sendable, Equatable {
    public private(set) var variables: [Variable] = []
    private var indexByName: [String: Int] = [:]

    public init(_ variables: [Variable] = []) {
        for variable in variables { add(variable) }
    }

    public subscript(name: String) -> Variable? {
        indexByName[name].map { variables[$0] }
    }

    /// Adds `variable`, or replaces the one of the same name.
    public mutating func add(_ variable: Variable) {
        if let index = indexByName[variable.name] {
            variables[index] = variable
        } else {
            indexByName[variable.name] = variables.count
            variables.append(variable)
        }
    }

    /// The label of `code` in `variable`, falling back to the code itself.
    public func label(of code: String, in variable: String) -> String {
        self[variable]?.label(for: code) ?? code
    }
}
