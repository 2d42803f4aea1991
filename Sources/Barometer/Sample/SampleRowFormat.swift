/// How one respondent is written as a data line, in the bundle's or Triple-S's conventions.
///
/// SurveyXact: `;`-separated, a 0/1 column per multi-select option, decimal comma. Triple-S
/// CSV: `,`-separated, one bitstring field per multi-select question, decimal point. Follow-up
/// items of a non-innovative workplace are empty in both.
struct SampleRowFormat {
    var separator: UInt8
    var decimalMark: UInt8
    /// One field per question (a bitstring) rather than one per option.
    var bitstrings: Bool

    static let surveyXact = SampleRowFormat(separator: UInt8(ascii: ";"), decimalMark: UInt8(ascii: ","), bitstrings: false)
    static let tripleS = SampleRowFormat(separator: UInt8(ascii: ","), decimalMark: UInt8(ascii: "."), bitstrings: true)

    /// Writes the header line and every respondent of the draw, streaming through a buffer.
    func write(header: [String], seed: UInt64, design: SampleDesign, descriptions: [[UInt8]], to path: String) throws {
        var writer = try BufferedFileWriter(path: path)
        writer.append(utf8: header.joined(separator: String(UnicodeScalar(separator))))
        writer.append(0x0A)
        var rows = 0
        for respondent in SampleRespondents(seed: seed, design: design) {
            append(respondent, descriptions: descriptions, to: &writer)
            rows += 1
            if rows & 0xFFFF == 0 { try writer.checkForError() }
        }
        try writer.close()
    }

    /// The hot path: bytes only, nothing kept per row.
    func append(_ r: SampleRespondent, descriptions: [[UInt8]], to writer: inout BufferedFileWriter) {
        @inline(__always) func code(_ value: Int) {
            writer.append(separator)
            if value != 0 { writer.append(decimal: value) }
        }
        let asked = r.isInnovative
        @inline(__always) func options(_ bits: UInt16, count: Int) {
            if bitstrings { writer.append(separator) }
            for k in 0..<count {
                if !bitstrings { writer.append(separator) }
                if asked { writer.append(bits & (1 << k) != 0 ? 0x31 : 0x30) }
            }
        }
        writer.append(decimal: r.id)
        code(r.sektor)
        code(r.stoerrelse)
        code(r.stratum)
        code(r.region)
        code(r.arbejdsplads)
        for k in 0..<4 { code(Int(r.inno[k])) }
        options(r.igangsat, count: 10)
        for k in 0..<4 { code(Int(r.fremmet[k])) }
        options(r.samarbejde, count: 9)
        options(r.vaerdi, count: 7)
        writer.append(separator)
        if let udgift = r.udgift {
            writer.append(decimal: udgift / 100)
            writer.append(decimalMark)
            writer.append(0x30 &+ UInt8(udgift % 100 / 10))
            writer.append(0x30 &+ UInt8(udgift % 10))
        }
        writer.append(separator)
        if let beskrivelse = r.beskrivelse { writer.append(descriptions[beskrivelse]) }
        writer.append(0x0A)
    }
}
