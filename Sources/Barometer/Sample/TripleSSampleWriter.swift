import BarometerCore
import Foundation

/// Writes the synthetic wave as a Triple-S 2.0 export: `barometer.sss` (XML metadata, UTF-8)
/// and `barometer.csv` (comma-separated data with a header row).
///
/// The same questionnaire and respondents as the SurveyXact bundle, in Triple-S's own shapes:
/// each multi-select question is one `multiple` variable written as a bitstring (bit k is code
/// k), which readers turn back into the `<question>_<code>` columns of the bundle; `udgift`
/// is a quantity with two decimals and a decimal point; the id is the serial variable.
struct TripleSSampleWriter {
    let configuration: SampleConfiguration

    func write(to directory: String) throws {
        let design = SampleDesign(respondents: configuration.respondents)
        let questionnaire = SampleQuestionnaire(wave: configuration.wave)
        let folder = directory.hasSuffix("/") ? directory : directory + "/"
        var metadata = try BufferedFileWriter(path: folder + "barometer.sss")
        metadata.append(utf8: metadataText(questionnaire, design))
        try metadata.close()
        try writeData(questionnaire, design, to: folder + "barometer.csv")
    }

    /// A Triple-S variable: its name, the XML of its body, in data-field order.
    private struct Variable {
        var name: String
        var type: String
        var use: String?
        var label: String
        var values: String
    }

    private func variables(_ questionnaire: SampleQuestionnaire, _ design: SampleDesign) -> [Variable] {
        var variables: [Variable] = []
        var entries = questionnaire.entries[...]
        while let entry = entries.first {
            switch (entry.questionType, entry.subType) {
            case ("Closed", "Multiple"):
                let options = entries.prefix { $0.questionName == entry.questionName && $0.subType == "Multiple" }
                let values = options.map { "<value code=\"\($0.choiceValue)\">\(Self.escaped($0.choiceText))</value>" }
                variables.append(Variable(name: entry.questionName, type: "multiple", label: entry.questionText, values: values.joined()))
                entries = entries.dropFirst(options.count)
                continue
            case ("Closed", "Single"):
                let values = entry.labels.map { "<value code=\"\($0.code)\">\(Self.escaped($0.label))</value>" }
                variables.append(Variable(name: entry.variableName, type: "single", label: entry.questionText, values: values.joined()))
            case ("Open", "String"):
                variables.append(Variable(name: entry.variableName, type: "character", label: entry.questionText, values: ""))
            default:
                let range =
                    switch entry.variableName {
                    case "id": "<range from=\"1\" to=\"\(max(1, design.respondentTotal))\"/>"
                    case "stratum": "<range from=\"11\" to=\"33\"/>"
                    default: "<range from=\"0.00\" to=\"9999.99\"/>"
                    }
                variables.append(
                    Variable(
                        name: entry.variableName, type: "quantity", use: entry.variableName == "id" ? "serial" : nil,
                        label: entry.questionText, values: range))
            }
            entries = entries.dropFirst()
        }
        return variables
    }

    private func metadataText(_ questionnaire: SampleQuestionnaire, _ design: SampleDesign) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <sss version="2.0">
              <origin>Barometer sample generator (synthetic data)</origin>
              <survey>
                <name>barometer-\(Self.escaped(configuration.wave))</name>
                <title>Innovationsbarometeret \(Self.escaped(configuration.wave)) (syntetisk)</title>
                <record ident="A" format="csv" skip="1" href="barometer.csv">

            """
        for (index, variable) in variables(questionnaire, design).enumerated() {
            let use = variable.use.map { " use=\"\($0)\"" } ?? ""
            xml += "      <variable ident=\"\(index + 1)\" type=\"\(variable.type)\"\(use)>\n"
            xml += "        <name>\(Self.escaped(variable.name))</name>\n"
            xml += "        <label>\(Self.escaped(variable.label))</label>\n"
            xml += "        <position start=\"\(index + 1)\"/>\n"
            if variable.type == "character" { xml += "        <size>500</size>\n" }
            if !variable.values.isEmpty { xml += "        <values>\(variable.values)</values>\n" }
            xml += "      </variable>\n"
        }
        xml += "    </record>\n  </survey>\n</sss>\n"
        return xml
    }

    private func writeData(_ questionnaire: SampleQuestionnaire, _ design: SampleDesign, to path: String) throws {
        try SampleRowFormat.tripleS.write(
            header: variables(questionnaire, design).map(\.name), seed: configuration.seed, design: design,
            descriptions: SampleDescriptions.texts.map { CSVField.escaped(Array($0.utf8), separator: UInt8(ascii: ",")) },
            to: path)
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
