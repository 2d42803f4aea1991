import BarometerCore
import Foundation

/// Reads a Triple-S survey (XML metadata versions 1.2 and 2.0, plus its fixed-width or CSV
/// data file) into a dataset with a full codebook.
///
/// Columns, in metadata order: `single` → `Int32` codes with value labels (literal codes →
/// text); `multiple` → one 0/1 `Int32` column per option, `<name>_<code>`, kind
/// `.multipleOption`, `question` = the variable; `quantity` → `Int32`, or `Double` when its
/// range has decimals (or data do); `logical` → 0/1 `Int32`; `character`, `date`, `time` →
/// text. Blank fields are missing. `use="serial"`/`"weight"` are on `TripleSMetadata`.
///
/// The data file is `dataPath`, else the record's `href` (relative to the metadata; if it
/// names a path on another machine, the file of that name next to the metadata), else the
/// metadata's base name with `.asc`/`.dat`/`.txt` (fixed) or `.csv`/`.txt`/`.dat` (CSV).
/// Its encoding is its BOM, else `data-file-encoding`, else the metadata's XML encoding;
/// bytes that encoding cannot decode become U+FFFD rather than stopping the run.
/// Fixed-width positions count characters.
///
/// Errors: `.badData` at the metadata's line and column for layouts that cannot be read
/// (a `single` without values, a duplicate name, a position past the end of every record);
/// `.missingInput` when a file is missing. Records that do not fit become `RejectedRow`s.
public struct TripleSReader: Sendable {
    public init() {}

    /// Reads the metadata and its data file.
    public func read(metadataPath: String, dataPath: String? = nil) throws -> ExtractResult {
        try read(metadata: readMetadata(path: metadataPath), dataPath: dataPath)
    }

    /// Parses the metadata file only: layout, variables and codebook.
    public func readMetadata(path: String) throws -> TripleSMetadata {
        try TripleSMetadataParser(path: path).parse(bytes: DecodedText.readBytes(path: path))
    }

    /// Reads the data file `metadata` describes (or `dataPath`).
    public func read(metadata: TripleSMetadata, dataPath: String? = nil) throws -> ExtractResult {
        let path = try dataPath ?? locateDataFile(metadata)
        let encodingName = metadata.record.dataFileEncoding ?? metadata.declaredEncoding ?? "UTF-8"
        guard let encoding = TextEncoding(charset: encodingName) else {
            throw BarometerError(
                .badData,
                "data file encoding \"\(encodingName)\" is not supported: use UTF-8, UTF-16, ISO-8859-1, "
                    + "ISO-8859-15 or Windows-1252",
                at: SourceLocation(file: metadata.path))
        }
        let text = try DecodedText(
            bytes: DecodedText.readBytes(path: path), encoding: encoding, sourceName: path, policy: .lenient)
        var decoder = TripleSRecordDecoder(metadata: metadata, dataPath: path)
        var result = try decoder.decode(text.bytes)
        result.warnings = metadata.conformance
        return result
    }

    /// The data file for `metadata`, by the rules in the type's summary.
    public func locateDataFile(_ metadata: TripleSMetadata) throws -> String {
        let directory = Self.directory(of: metadata.path)
        var candidates: [String] = []
        if let href = metadata.record.href.map(XMLWhitespace.trimmed), !href.isEmpty {
            var reference = href
            if reference.hasPrefix("file://") { reference.removeFirst("file://".count) }
            candidates.append(reference.hasPrefix("/") ? reference : Self.join(directory, reference))
            // Another machine's path (C:\surveys\wave1.asc, /home/x/wave1.asc): try the name here.
            if let name = reference.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last {
                candidates.append(Self.join(directory, String(name)))
            }
        }
        let base = Self.baseName(of: metadata.path)
        let extensions = metadata.record.format == .csv ? ["csv", "txt", "dat"] : ["asc", "dat", "txt"]
        for ext in extensions {
            candidates.append(Self.join(directory, "\(base).\(ext)"))
            candidates.append(Self.join(directory, "\(base).\(ext.uppercased())"))
        }
        if let found = candidates.first(where: Self.isFile) { return found }
        var unique: [String] = []
        for candidate in candidates where !unique.contains(candidate) { unique.append(candidate) }
        throw BarometerError(
            .missingInput,
            "no data file for \(metadata.path): tried \(unique.joined(separator: ", "))",
            at: SourceLocation(file: metadata.path))
    }

    /// The value labels of a multiple's option columns.
    static let optionLabels = [ValueLabel(code: "0", label: "Not selected"), ValueLabel(code: "1", label: "Selected")]

    /// The value labels of a logical's column.
    static let logicalLabels = [ValueLabel(code: "0", label: "No"), ValueLabel(code: "1", label: "Yes")]

    private static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func baseName(of path: String) -> String {
        let name = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    private static func join(_ directory: String, _ name: String) -> String {
        directory == "." ? name : directory.hasSuffix("/") ? directory + name : "\(directory)/\(name)"
    }
}
