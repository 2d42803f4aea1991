import BarometerCore
// TEMPORARY until the extract branch lands.
public struct CSVDialect: Sendable, Decodable { public init() {} }
public struct ExtractOptions: Sendable { public var idColumn: String?; public init(idColumn: String? = nil) { self.idColumn = idColumn } }
public struct CSVReader: Sendable {
    public init(dialect: CSVDialect = CSVDialect()) {}
    public func read(path: String, codebook: Codebook? = nil, options: ExtractOptions = ExtractOptions()) throws -> ExtractResult { fatalError() }
}
public struct SurveyXactBundleReader: Sendable {
    public init(dialect: CSVDialect = CSVDialect()) {}
    public func read(directory: String, options: ExtractOptions = ExtractOptions()) throws -> ExtractResult { fatalError() }
}
