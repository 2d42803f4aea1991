import BarometerCore
import Foundation

extension StageArtifactStore {
    static let datasetFile = "dataset.parquet"
    static let lineColumn = "barometer_line"

    /// The layout of `dataset.parquet` for `dataset` followed by `extra` columns.
    static func layout(of dataset: Dataset, extra: [Column]) -> StageManifest.DatasetLayout {
        let describe = { (column: Column) in StageManifest.DatasetLayout.ColumnLayout(name: column.name, storage: DatasetParquet.storage(of: column)) }
        return StageManifest.DatasetLayout(
            sourceFile: dataset.sourceFile, columns: dataset.columns.map(describe), extraColumns: extra.map(describe),
            codebook: dataset.codebook.variables)
    }

    /// Writes `dataset.parquet`: the dataset's columns, each row's source line, then `extra`.
    /// Each column is let go once written, so the cells nothing else holds are freed as the
    /// write goes.
    static func writeDataset(_ dataset: consuming Dataset, extra: [Column], into folder: String) throws {
        let names = Set(dataset.columnNames)
        if let clash = ([lineColumn] + extra.map(\.name)).first(where: names.contains) {
            throw BarometerError(.usage, "the export has a column named \(clash), which Barometer keeps for its own use")
        }
        let lines = Column(name: lineColumn, integers: dataset.sourceLines)
        var columns = dataset.columns
        _ = consume dataset
        columns += [lines] + extra
        try DatasetParquet.write(consume columns, to: "\(folder)/\(datasetFile)")
    }

    /// `dataset` with only the columns named in `names` (those it has), in that order: the
    /// columns the transform artifact keeps, or those the aggregate reads.
    static func projected(_ dataset: Dataset, onto names: [String]) -> Dataset {
        Dataset(
            sourceFile: dataset.sourceFile, sourceLines: dataset.sourceLines, columns: names.compactMap { dataset[$0] },
            codebook: dataset.codebook)
    }

    /// The transform's dataset as the aggregate reads it: the derived columns of the transform
    /// artifact, joined to the export's columns in the extract artifact by `barometer_line`,
    /// only the `wanted` columns of each; plus the transform's design columns.
    func readTransformedDataset(transform: StageManifest, extract: StageManifest, columns wanted: Set<String>) throws
        -> (dataset: Dataset, extra: [String: Column])
    {
        let derivedNames = Set(transform.dataset?.columns.map(\.name) ?? [])
        let (derived, extra) = try readDataset(of: transform, columns: wanted.intersection(derivedNames))
        let export = try readDataset(of: extract, columns: wanted.subtracting(derivedNames)).dataset
        guard let kept = Self.rows(withLines: derived.sourceLines, among: export.sourceLines) else {
            // Name the first row whose line the extract lacks (none: the order differs).
            let known = Set(export.sourceLines)
            let row = derived.sourceLines.firstIndex { !known.contains($0) }
            throw BarometerError(
                .badData,
                "the transform artifact's rows are not among the extract artifact's ("
                    + (row.map { "row \($0 + 1): \(Self.lineColumn) \(derived.sourceLines[$0]) is not there" } ?? "out of order")
                    + "); rerun the stages with --force",
                at: SourceLocation(file: "\(path(of: .transform))/\(Self.datasetFile)"))
        }
        var dataset = kept.contains(false) ? export.filtered(kept) : export
        dataset.codebook = derived.codebook
        for column in derived.columns { dataset.setColumn(column) }
        return (dataset, extra)
    }

    /// Which of the rows with `upstream` lines have one of `lines`, which must be a
    /// subsequence of them (the transform keeps the extract's order and only drops rows); nil
    /// when they are not.
    static func rows(withLines lines: [Int32], among upstream: [Int32]) -> [Bool]? {
        guard lines != upstream else { return [Bool](repeating: true, count: upstream.count) }
        var keep = [Bool](repeating: false, count: upstream.count)
        var next = 0
        for line in lines {
            while next < upstream.count, upstream[next] != line { next += 1 }
            guard next < upstream.count else { return nil }
            keep[next] = true
            next += 1
        }
        return keep
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
        let (columns, _) = try DatasetParquet.read(path: path, layout: all.map { ($0.name, $0.storage) }, keeping: keeping)
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
