import BarometerCore
import Foundation

/// Broken inputs and what `barometer run` must make of each: the exit status, and a message
/// naming the file, line and column; or, for rows that can be rejected one by one, the rows
/// accepted and each rejected row's line and reason.
///
/// Every case starts from one small valid SurveyXact bundle (`BadInputCorpus.bundle`) and
/// replaces a file or edits the pipeline.
struct BadInputCase: CustomStringConvertible, Sendable {
    enum Expected: Sendable {
        /// The run fails with `status`; the message contains `message` and names `file` (a
        /// suffix of the path) at `line` and `column` when given.
        case failure(ExitStatus, String, file: String? = nil, line: Int? = nil, column: Int? = nil)
        /// The run publishes `accepted` rows; `rejects` lists (line, part of the reason).
        case rows(accepted: Int, rejects: [(line: Int, reason: String)])
    }

    var name: String
    /// Files to write over the bundle's (name → contents).
    var files: [String: [UInt8]] = [:]
    /// A change to the pipeline's text.
    var edit: @Sendable (String) -> String = { $0 }
    var expected: Expected

    var description: String { name }
}

enum BadInputCorpus {
    static let header = "id;stratum;inno;vol;w;note\n"
    static let validRows = (1...8).map { "\($0);\($0 <= 4 ? 1 : 2);\($0 % 3 == 0 ? 2 : 1);\($0 % 2 + 1);2,5;\n" }.joined()

    /// The valid bundle, frame and pipeline every case starts from.
    static let bundle: [String: String] = [
        "structure.csv": """
            questionName;variableName;questionType;subType;questionText;choiceValue;choiceText
            id;id;Background;Numeric;Id;;
            stratum;stratum;Background;Numeric;Stratum;;
            inno;inno;Closed;Single;Innovated?;;
            vol;vol;Closed;Single;Volunteers involved?;;
            w;w;Background;Numeric;Weight;;
            note;note;Open;String;Comment;;

            """,
        "labels.csv": "inno;1;Yes\ninno;2;No\nvol;1;Yes\nvol;2;No\n",
        "dataset.csv": header + validRows,
        "frame.csv": "stratum;N\n1;40\n2;60\n",
        "pipeline.yml": """
            name: corpus
            input:
              format: surveyxact
              path: .
              dialect: { delimiter: ";", decimal: "," }
              id: id
            universe: { name: innovative, rule: { column: inno, codes: [1] } }
            flags:
              - { name: volunteers, rule: { column: vol, codes: [1] } }
            weighting: { method: expansion, frame: frame.csv, stratum: stratum, population: N, fpc: true }
            output: { directory: out }

            """,
    ]

    static func data(_ rows: String) -> [String: [UInt8]] { ["dataset.csv": Array((header + rows).utf8)] }
    static func file(_ name: String, _ text: String) -> [String: [UInt8]] { [name: Array(text.utf8)] }
    static func replacing(_ old: String, with new: String) -> @Sendable (String) -> String {
        { $0.replacingOccurrences(of: old, with: new) }
    }
    static let columnWeights = replacing(
        "{ method: expansion, frame: frame.csv, stratum: stratum, population: N, fpc: true }", with: "{ method: column, weight: w }")
    static let valid = validRows

    static let cases: [BadInputCase] = [
        // Whole files that cannot be read.
        BadInputCase(name: "empty data file", files: file("dataset.csv", ""), expected: .failure(.badData, "empty", file: "dataset.csv")),
        BadInputCase(
            name: "header only", files: data(""),
            expected: .failure(.badData, "frame.csv has strata without respondents: 1, 2")),
        BadInputCase(
            name: "missing data file", files: [:], edit: replacing("path: .", with: "path: ./nowhere"),
            expected: .failure(.missingInput, "not found")),
        BadInputCase(
            name: "invalid UTF-8 in a UTF-8 file", files: ["dataset.csv": Array(header.utf8) + [0x31, 0x3B, 0xC3, 0x28, 0x0A]],
            edit: replacing("decimal: \",\" }", with: "decimal: \",\", encoding: utf-8 }"),
            expected: .failure(.badData, "invalid UTF-8 byte 0xC3", file: "dataset.csv", line: 2, column: 3)),
        BadInputCase(
            name: "duplicate header name", files: file("dataset.csv", "id;stratum;inno;vol;w;vol\n" + valid),
            expected: .failure(.badData, "vol", file: "dataset.csv", line: 1, column: 6)),
        BadInputCase(
            name: "empty header name", files: file("dataset.csv", "id;stratum;;vol;w;note\n" + valid),
            expected: .failure(.badData, "column 3 of the header has no name", file: "dataset.csv", line: 1, column: 3)),
        BadInputCase(
            name: "structure without its header", files: file("structure.csv", "id;id;Background;Numeric;Id;;\n"),
            expected: .failure(.badData, "structure header lacks", file: "structure.csv", line: 1)),
        BadInputCase(
            name: "labels row with two fields", files: file("labels.csv", "inno;1;Yes\ninno;2\n"),
            expected: .failure(.badData, "expected variable;code;label, found 2 fields", file: "labels.csv", line: 2)),
        BadInputCase(
            name: "unknown id column", edit: replacing("id: id", with: "id: respondent"),
            expected: .failure(.usage, "respondent")),

        // Rows rejected one by one.
        BadInputCase(
            name: "truncated last row", files: data(valid + "9;2;1"),
            expected: .rows(accepted: 8, rejects: [(10, "expected 6 fields, found 3")])),
        BadInputCase(
            name: "file cut inside a quoted field", files: data(valid + "9;2;1;1;2,5;\"an open quote\nthat never"),
            expected: .rows(accepted: 8, rejects: [(10, "unterminated quoted field")])),
        BadInputCase(
            name: "a row with one field", files: data("1;1;1;1;2,5;\n2\n" + valid.split(separator: "\n").dropFirst(2).joined(separator: "\n") + "\n"),
            expected: .rows(accepted: 7, rejects: [(3, "expected 6 fields, found 1")])),
        BadInputCase(
            name: "text after a closing quote", files: data(valid + "9;2;1;1;2,5;\"quoted\"tail\n"),
            expected: .rows(accepted: 8, rejects: [(10, "text after the closing quote of field 6")])),
        BadInputCase(
            name: "code outside the codebook", files: data(valid + "9;2;7;1;2,5;\n"),
            expected: .rows(accepted: 8, rejects: [(10, "7")])),
        BadInputCase(
            name: "text in a numeric variable", files: data(valid + "9;2;yes;1;2,5;\n"),
            expected: .rows(accepted: 8, rejects: [(10, "yes")])),
        BadInputCase(
            name: "duplicate id", files: data(valid + "3;2;1;1;2,5;\n"),
            expected: .rows(accepted: 8, rejects: [(10, "duplicate id 3, first seen on line 4")])),
        BadInputCase(
            name: "missing id", files: data(valid + ";2;1;1;2,5;\n"),
            expected: .rows(accepted: 8, rejects: [(10, "the id is missing")])),
        BadInputCase(
            name: "NUL byte in a numeric field", files: ["dataset.csv": Array((header + valid).utf8) + Array("9;2;1\u{0};1;2,5;\n".utf8)],
            expected: .rows(accepted: 8, rejects: [(10, "inno")])),
        BadInputCase(
            name: "a byte order mark in the middle", files: data(valid + "\u{FEFF}9;2;1;1;2,5;\n"),
            expected: .rows(accepted: 8, rejects: [(10, "id")])),
        BadInputCase(
            name: "mixed line endings", files: data(valid.replacingOccurrences(of: ";\n5;", with: ";\r\n5;").replacingOccurrences(of: ";\n7;", with: ";\r7;")),
            expected: .rows(accepted: 8, rejects: [])),
        BadInputCase(
            name: "several problems in one file", files: data(valid + "9;2;1\n10;2;7;1;2,5;\n3;2;1;1;2,5;\n11;1;1;1;2,5;\n"),
            expected: .rows(accepted: 9, rejects: [(10, "found 3"), (11, "7"), (12, "duplicate id 3")])),

        // Weights and frames.
        BadInputCase(
            name: "a stratum the frame does not cover", files: file("frame.csv", "stratum;N\n1;40\n"),
            expected: .rows(accepted: 4, rejects: (6...9).map { ($0, "stratum 2 is not in the population frame") })),
        BadInputCase(
            name: "a population smaller than the sample", files: file("frame.csv", "stratum;N\n1;40\n2;3\n"),
            expected: .failure(.badData, "population")),
        BadInputCase(
            name: "a negative population", files: file("frame.csv", "stratum;N\n1;40\n2;-60\n"),
            expected: .failure(.badData, "-60", file: "frame.csv", line: 3)),
        BadInputCase(
            name: "a weight of 0", files: data(valid + "9;2;1;1;0;\n"), edit: columnWeights,
            expected: .rows(accepted: 8, rejects: [(10, "weight must be a positive finite number below 1e12, found 0")])),
        BadInputCase(
            name: "a negative weight", files: data(valid + "9;2;1;1;-1;\n"), edit: columnWeights,
            expected: .rows(accepted: 8, rejects: [(10, "found -1")])),
        BadInputCase(
            name: "a missing weight", files: data(valid + "9;2;1;1;;\n"), edit: columnWeights,
            expected: .rows(accepted: 8, rejects: [(10, "weight is missing or not a number")])),
        BadInputCase(
            name: "a weight of 1e308", files: data(valid + "9;2;1;1;1e308;\n"), edit: columnWeights,
            expected: .rows(accepted: 8, rejects: [(10, "found 1e+308")])),

        // Pipeline files.
        BadInputCase(
            name: "an unknown key", edit: replacing("output: {", with: "outptu: {"),
            expected: .failure(.usage, "unknown key 'outptu'", file: "pipeline.yml", line: 11, column: 1)),
        BadInputCase(
            name: "a wrong type", edit: replacing("fpc: true", with: "fpc: maybe"),
            expected: .failure(.usage, "true or false", file: "pipeline.yml", line: 10)),
        BadInputCase(
            name: "not YAML", edit: { $0 + "  - : : [\n" }, expected: .failure(.usage, "not valid YAML", file: "pipeline.yml")),
        BadInputCase(
            name: "aliases that explode",
            edit: { text in
                var yaml = text + "x0: &x0 [a, a, a, a, a, a, a, a, a, a]\n"
                for level in 1...8 { yaml += "x\(level): &x\(level) [" + Array(repeating: "*x\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
                return yaml
            }, expected: .failure(.usage, "more than 100000 YAML nodes")),
        BadInputCase(
            name: "an output path that leaves the project", edit: replacing("directory: out", with: "directory: ../../etc/passwd"),
            expected: .failure(.usage, "leaves the project folder", file: "pipeline.yml", line: 11)),
        BadInputCase(
            name: "a flag on a column the data lacks", edit: replacing("column: vol", with: "column: volunteers_q"),
            expected: .failure(.usage, "volunteers_q")),
    ]
}
