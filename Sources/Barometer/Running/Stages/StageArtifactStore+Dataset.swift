import BarometerCore
import Foundation

extension StageArtifactStore {
    static let datasetFile = "dataset.csv"
    static let lineColumn = "barometer_line"

    /// The layout of `dataset.csv` for `dataset` followed by `extra` columns.
    static func layout(of dataset: Dataset, extra: [Column]) -> StageManifest.DatasetLayout {
        let describe = { (column: Column) in StageManifest.DatasetLayout.ColumnLayout(name: column.name, storage: DatasetCSV.storage(of: column)) }
        return StageManifest.DatasetLayout(
            sourceFile: dataset.sourceFile, columns: dataset.columns.map(describe), extraColumns: extra.map(describe),
            codebook: dataset.codebook.variables)
    }

    /// Writes `dataset.csv`: the dataset's columns, each row's source line, then `extra`.
    static func writeDataset(_ dataset: Dataset, extra: [Column], into folder: String) throws {
        let names = Set(dataset.columnNames)
        if let clash = ([lineColumn] + extra.map(\.name)).first(where: names.contains) {
            throw BarometerError(.usage, "the export has a column named \(clash), which Barometer keeps for its own use")
        }
        let lines = Column(name: lineColumn, integers: dataset.sourceLines)
        try DatasetCSV.write(dataset.columns + [lines] + extra, to: "\(folder)/\(datasetFile)")
    }

    /// Reads back `stage`'s dataset and its extra columns (by name); with `columns`, only
    /// those of the dataset's columns (and every extra one).
    func readDataset(of manifest: StageManifest, columns wanted: Set<String>? = nil) throws
        -> (dataset: Dataset, extra: [String: Column])
    {
        let path = "\(path(of: manifest.stage))/\(Self.datasetFile)"
        guard let layout = manifest.dataset else {
            throw BarometerError(.badData, "stage artifact has no dataset; rerun the stage with --force", at: SourceLocation(file: path))
        }
        let all = layout.columns + [.init(name: Self.lineColumn, storage: .integer)] + layout.extraColumns
        let keeping = wanted.map { $0.union([Self.lineColumn] + layout.extraColumns.map(\.name)) }
        let (columns, _) = try DatasetCSV.read(path: path, layout: all.map { ($0.name, $0.storage) }, keeping: keeping)
        let count = keeping.map { kept in layout.columns.filter { kept.contains($0.name) }.count } ?? layout.columns.count
        guard case .integer(let lines) = columns[count].values else {
            throw BarometerError(.badData, "stage artifact has no line numbers", at: SourceLocation(file: path))
        }
        let dataset = Dataset(
            sourceFile: layout.sourceFile, sourceLines: lines.codes, columns: Array(columns[..<count]),
            codebook: Codebook(layout.codebook))
        let extra = Dictionary(uniqueKeysWithValues: columns[(count + 1)...].map { ($0.name, $0) })
        return (dataset, extra)
    }
}
