import BarometerCore
import BarometerExtract
import Foundation

/// Writes a synthetic Innovation Barometer wave as a SurveyXact export bundle, with the
/// population figures needed to weight it.
///
/// The directory gets, overwriting what is there:
/// - `dataset.csv`, `structure.csv`, `labels.csv`: as SurveyXact writes them (semicolons,
///   Windows-1252, LF line endings, RFC 4180 quoting where needed, `labels.csv` without header);
///   `udgift` has a decimal comma, and a non-innovative workplace has every follow-up empty.
/// - `frame.csv` (UTF-8): `stratum;sektor;stoerrelse;N`, the population count of each stratum.
/// - `margins-region.csv` (UTF-8): `region;N`, population counts by region code, summing to
///   the frame total, for raking.
///
/// Rows stream through a fixed buffer, so memory does not grow with the number of respondents.
public struct SampleGenerator: Sendable {
    public let configuration: SampleConfiguration

    public init(_ configuration: SampleConfiguration) {
        self.configuration = configuration
    }

    /// Writes the bundle into `directory`, creating it if needed.
    ///
    /// - Throws: `BarometerError(.usage)` for fewer than one respondent or a wave with
    ///   characters Windows-1252 lacks; `BarometerError(.cannotWrite)` when a file cannot be
    ///   created or written.
    public func write(to directory: String) throws {
        guard configuration.respondents >= 1 else {
            throw BarometerError(
                .usage, "sample needs at least 1 respondent, got \(configuration.respondents)")
        }
        guard Windows1252.encode(configuration.wave) != nil else {
            throw BarometerError(
                .usage,
                "wave '\(configuration.wave)' has characters that Windows-1252 cannot represent")
        }
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BarometerError(
                .cannotWrite, "cannot create the output directory: \(error.localizedDescription)",
                at: SourceLocation(file: directory))
        }

        let design = SampleDesign(respondents: configuration.respondents)
        let questionnaire = SampleQuestionnaire(wave: configuration.wave)
        let folder = directory.hasSuffix("/") ? directory : directory + "/"
        try writeStructure(questionnaire, to: folder + "structure.csv")
        try writeLabels(questionnaire, to: folder + "labels.csv")
        try writeFrame(design, to: folder + "frame.csv")
        try writeRegionMargins(design, to: folder + "margins-region.csv")
        try writeDataset(questionnaire, design, to: folder + "dataset.csv")
    }

    /// Writes the same respondents as a Triple-S 2.0 export (`barometer.sss` and
    /// `barometer.csv`) into `directory`, creating it if needed.
    public func writeTripleS(to directory: String) throws {
        guard configuration.respondents >= 1 else {
            throw BarometerError(.usage, "sample needs at least 1 respondent, got \(configuration.respondents)")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BarometerError(
                .cannotWrite, "cannot create the output directory: \(error.localizedDescription)",
                at: SourceLocation(file: directory))
        }
        try TripleSSampleWriter(configuration: configuration).write(to: directory)
    }

    // MARK: Files

    private func writeStructure(_ questionnaire: SampleQuestionnaire, to path: String) throws {
        var lines = [
            [
                "questionName", "variableName", "questionType", "subType", "questionText",
                "choiceValue", "choiceText",
            ]
        ]
        for entry in questionnaire.entries {
            lines.append([
                entry.questionName, entry.variableName, entry.questionType, entry.subType,
                entry.questionText, entry.choiceValue, entry.choiceText,
            ])
        }
        try writeTable(lines, to: path)
    }

    private func writeLabels(_ questionnaire: SampleQuestionnaire, to path: String) throws {
        var lines: [[String]] = []
        for entry in questionnaire.entries {
            for label in entry.labels {
                lines.append([entry.variableName, label.code, label.label])
            }
        }
        try writeTable(lines, to: path)
    }

    private func writeFrame(_ design: SampleDesign, to path: String) throws {
        let lines = design.strata.map { stratum in
            [stratum.code, stratum.sektor, stratum.stoerrelse, stratum.population].map(String.init)
        }
        try writeTable([["stratum", "sektor", "stoerrelse", "N"]] + lines, to: path, as: .utf8)
    }

    private func writeRegionMargins(_ design: SampleDesign, to path: String) throws {
        let lines = design.regionMargins.enumerated().map {
            [String($0.offset + 1), String($0.element)]
        }
        try writeTable([["region", "N"]] + lines, to: path, as: .utf8)
    }

    private enum Encoding { case windows1252, utf8 }

    /// The small files: every field encoded and quoted as needed, LF after every line.
    private func writeTable(
        _ lines: [[String]], to path: String, as encoding: Encoding = .windows1252
    ) throws {
        var writer = try BufferedFileWriter(path: path)
        for line in lines {
            for (index, field) in line.enumerated() {
                if index > 0 { writer.append(UInt8(ascii: ";")) }
                // Every text here is ours and encodable; the wave was checked up front.
                let bytes = encoding == .utf8 ? Array(field.utf8) : Windows1252.encode(field)!
                writer.append(CSVField.escaped(bytes))
            }
            writer.append(0x0A)
        }
        try writer.close()
    }

    private func writeDataset(
        _ questionnaire: SampleQuestionnaire, _ design: SampleDesign, to path: String
    ) throws {
        try SampleRowFormat.surveyXact.write(
            header: questionnaire.columnNames, seed: configuration.seed, design: design,
            descriptions: SampleDescriptions.texts.map { CSVField.escaped(Windows1252.encode($0)!) }, to: path)
    }
}
