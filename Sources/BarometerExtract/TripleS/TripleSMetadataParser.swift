import BarometerCore

/// Turns a Triple-S metadata document (versions 1.2 and 2.0) into `TripleSMetadata`.
///
/// Strict where a mistake would misread data (a `single` without values, a bitstring code
/// outside its field, a duplicate name: `.badData` at the `<variable>` tag), lenient where
/// exporters differ harmlessly (record idents longer than a letter, extension attributes,
/// a `<range>` directly under `<variable>` as some 1.2 writers put it, empty `<size>`).
struct TripleSMetadataParser {
    let path: String

    func parse(bytes: [UInt8]) throws -> TripleSMetadata {
        let (root, encoding) = try XMLTreeElement.parse(bytes: bytes, path: path)
        guard root.name == "sss" else {
            throw BarometerError(
                .badData, "expected a Triple-S document (root element <sss>), found <\(root.name)>",
                at: root.location)
        }
        guard let survey = root.element(named: "survey") else {
            throw BarometerError(.badData, "<sss> has no <survey> element", at: root.location)
        }
        let records = survey.elements(named: "record")
        guard let record = records.first else {
            throw BarometerError(.badData, "<survey> has no <record> element", at: survey.location)
        }
        guard records.count == 1 else {
            throw BarometerError(
                .badData, "the survey has \(records.count) <record> elements; hierarchical data is not supported",
                at: records[1].location)
        }
        let language = defaultLanguage(root: root)
        let layout = try recordLayout(record)

        var variables: [TripleSVariable] = []
        var codebook = Codebook()
        var firstSeen: [String: SourceLocation] = [:]
        for element in record.elements(named: "variable") {
            let variable = try self.variable(element, format: layout.format, language: language)
            for column in variable.columnNames {
                if let first = firstSeen[column] {
                    let what = column == variable.name ? "variable name \(column)" : "column \(column) (an option of \(variable.name))"
                    throw BarometerError(
                        .badData, "\(what) is used twice; first at line \(first.line ?? 0)", at: variable.location)
                }
                firstSeen[column] = variable.location
            }
            variables.append(variable)
            for entry in codebookEntries(variable) { codebook.add(entry) }
        }
        guard !variables.isEmpty else {
            throw BarometerError(.badData, "<record> has no <variable> elements", at: record.location)
        }
        var metadata = TripleSMetadata(
            path: path, version: root.attribute("version"),
            surveyName: survey.element(named: "name").map { XMLWhitespace.collapsed($0.allText) },
            title: survey.element(named: "title").map { XMLWhitespace.collapsed($0.allText) },
            declaredEncoding: encoding, record: layout, variables: variables, codebook: codebook)
        metadata.conformance = XMLDTDValidator(dtd: TripleSDTD.text).findings(in: bytes, path: path).map {
            ExtractWarning(location: SourceLocation(file: path, line: $0.line), message: "not as the Triple-S DTD has it: \($0.message)")
        }
        return metadata
    }

    // MARK: Record

    private func recordLayout(_ record: XMLTreeElement) throws -> TripleSRecordLayout {
        var layout = TripleSRecordLayout(
            ident: record.attribute("ident"), href: record.attribute("href"),
            dataFileEncoding: record.attribute("data-file-encoding"))
        switch record.attribute("format").map({ XMLWhitespace.trimmed($0).lowercased() }) {
        case nil, "fixed": layout.format = .fixed
        case "csv": layout.format = .csv
        case let other?:
            throw BarometerError(
                .badData, "record format \"\(other)\" is not supported: expected fixed or csv", at: record.location)
        }
        if let skip = record.attribute("skip") {
            guard let count = Int(XMLWhitespace.trimmed(skip)), count >= 0 else {
                throw BarometerError(.badData, "record skip=\"\(skip)\" is not a count of records", at: record.location)
            }
            layout.skip = count
        }
        return layout
    }

    /// The language texts are taken in: the first of `<sss languages>`, else the first
    /// language any `<text>` names (nil when texts carry no `xml:lang`).
    private func defaultLanguage(root: XMLTreeElement) -> String? {
        if let listed = root.attribute("languages")?.split(whereSeparator: { $0 == " " || $0 == "\t" }).first {
            return String(listed)
        }
        func firstLanguage(_ element: XMLTreeElement) -> String? {
            if element.name == "text", let language = element.attribute("xml:lang") { return language }
            for child in element.elements {
                if let language = firstLanguage(child) { return language }
            }
            return nil
        }
        return firstLanguage(root)
    }

    // MARK: Variables

    private func variable(
        _ element: XMLTreeElement, format: TripleSRecordLayout.Format, language: String?
    ) throws -> TripleSVariable {
        let ident = element.attribute("ident")
        guard let name = element.element(named: "name").map({ XMLWhitespace.trimmed($0.allText) }), !name.isEmpty
        else {
            throw BarometerError(
                .badData, "variable\(ident.map { " ident=\"\($0)\"" } ?? "") has no <name>", at: element.location)
        }
        func failure(_ message: String) -> BarometerError {
            BarometerError(.badData, "variable \(name): \(message)", at: element.location)
        }

        guard let typeText = element.attribute("type") else { throw failure("no type attribute") }
        guard let type = TripleSVariable.VariableType(rawValue: XMLWhitespace.trimmed(typeText).lowercased()) else {
            throw failure(
                "type \"\(typeText)\" is not a Triple-S type (single, multiple, quantity, character, logical, date, time)")
        }
        var use: TripleSVariable.Use? = nil
        if let useText = element.attribute("use").map(XMLWhitespace.trimmed), !useText.isEmpty {
            guard let known = TripleSVariable.Use(rawValue: useText.lowercased()) else {
                throw failure("use \"\(useText)\" is not serial or weight")
            }
            use = known
        }
        let isLiteral = element.attribute("format").map { XMLWhitespace.trimmed($0).lowercased() == "literal" } ?? false

        // Position.
        guard let position = element.element(named: "position") else { throw failure("no <position>") }
        guard let startText = position.attribute("start"), let start = Int(XMLWhitespace.trimmed(startText)), start >= 1
        else {
            throw failure("<position> needs start=\"n\" with n ≥ 1")
        }
        var finish = start
        if format == .fixed, let finishText = position.attribute("finish") {
            guard let value = Int(XMLWhitespace.trimmed(finishText)), value >= start else {
                throw failure("<position> finish=\"\(finishText)\" is before start=\"\(start)\"")
            }
            finish = value
        }

        // Values and range.
        let valuesElement = element.element(named: "values")
        var values: [ValueLabel] = []
        var seenCodes: Set<String> = []
        for value in valuesElement?.elements(named: "value") ?? [] {
            guard let rawCode = value.attribute("code") else {
                throw failure("a <value> has no code attribute (line \(value.location.line ?? 0))")
            }
            let code = XMLWhitespace.trimmed(rawCode)
            let key = isLiteral ? code : (Int(code).map(String.init) ?? code)
            guard seenCodes.insert(key).inserted else { throw failure("code \(code) is listed twice") }
            values.append(ValueLabel(code: code, label: text(of: value, language: language) ?? ""))
        }
        var range: TripleSVariable.ValueRange? = nil
        if let rangeElement = valuesElement?.element(named: "range") ?? element.element(named: "range") {
            range = TripleSVariable.ValueRange(
                from: XMLWhitespace.trimmed(rangeElement.attribute("from") ?? ""),
                to: XMLWhitespace.trimmed(rangeElement.attribute("to") ?? ""))
        }
        let decimals = range.map { max(decimalPlaces($0.from), decimalPlaces($0.to)) } ?? 0

        // Type-specific rules.
        var multipleForm: TripleSVariable.MultipleForm? = nil
        switch type {
        case .single, .multiple:
            guard !values.isEmpty else { throw failure("a \(type.rawValue) variable needs <values> with <value> codes") }
            if !isLiteral, let bad = values.first(where: { Int32($0.code) == nil }) {
                throw failure("code \"\(bad.code)\" is not a whole number (literal codes need format=\"literal\")")
            }
            if type == .multiple {
                multipleForm = try self.multipleForm(
                    element, values: values, isLiteral: isLiteral, start: start, finish: finish, format: format,
                    failure: failure)
            }
        case .quantity:
            if let range, !range.from.isEmpty, Double(range.from) == nil || Double(range.to) == nil {
                throw failure("<range from=\"\(range.from)\" to=\"\(range.to)\"> is not numeric")
            }
        case .character, .logical, .date, .time:
            break
        }

        return TripleSVariable(
            name: name, ident: ident, type: type, use: use, label: text(of: element.element(named: "label"), language: language),
            start: start, finish: finish, isLiteral: isLiteral, values: values, range: range, decimals: decimals,
            multipleForm: multipleForm,
            filter: element.element(named: "filter").map { XMLWhitespace.collapsed($0.allText) },
            location: element.location)
    }

    private func multipleForm(
        _ element: XMLTreeElement, values: [ValueLabel], isLiteral: Bool, start: Int, finish: Int,
        format: TripleSRecordLayout.Format, failure: (String) -> BarometerError
    ) throws -> TripleSVariable.MultipleForm {
        let fieldWidth = finish - start + 1
        if let spread = element.element(named: "spread") {
            guard let subfieldsText = spread.attribute("subfields"), let subfields = Int(XMLWhitespace.trimmed(subfieldsText)),
                subfields >= 1
            else {
                throw failure("<spread> needs subfields=\"n\" with n ≥ 1")
            }
            var width = values.map { code in
                isLiteral ? code.code.count : String(abs(Int(code.code) ?? 0)).count
            }.max() ?? 1
            if let widthText = spread.attribute("width") {
                guard let declared = Int(XMLWhitespace.trimmed(widthText)), declared >= 1 else {
                    throw failure("<spread> width=\"\(widthText)\" is not a positive number")
                }
                width = declared
            }
            if format == .fixed, subfields * width > fieldWidth {
                throw failure(
                    "<spread> needs \(subfields) × \(width) characters but <position> gives \(fieldWidth)")
            }
            return .spread(subfields: subfields, width: width)
        }
        guard !isLiteral else { throw failure("a literal multiple needs <spread>: bitstring options are numbered") }
        let maxCode = values.compactMap { Int($0.code) }.max() ?? 0
        let length = format == .fixed ? fieldWidth : maxCode
        if let bad = values.first(where: { (Int($0.code) ?? 0) < 1 || (Int($0.code) ?? 0) > length }) {
            throw failure(
                "code \(bad.code) has no place in a \(length)-character bitstring (code n is character n)")
        }
        return .bitstring(length: length)
    }

    // MARK: Texts

    /// The text of a `<label>` or `<value>`: its own character data if it has any (the
    /// default the `<text>` children specialise), else the `<text>` in `language` without a
    /// mode, else the first in `language`, else the first.
    private func text(of element: XMLTreeElement?, language: String?) -> String? {
        guard let element else { return nil }
        let texts = element.elements(named: "text")
        let direct = XMLWhitespace.collapsed(texts.isEmpty ? element.allText : element.directText)
        if !direct.isEmpty || texts.isEmpty { return direct.isEmpty ? nil : direct }
        let inLanguage = texts.filter { text in
            guard let language else { return true }
            return (text.attribute("xml:lang") ?? language) == language
        }
        let chosen =
            inLanguage.first { $0.attribute("mode") == nil } ?? inLanguage.first ?? texts.first { $0.attribute("mode") == nil }
            ?? texts[0]
        let result = XMLWhitespace.collapsed(chosen.allText)
        return result.isEmpty ? nil : result
    }

    private func decimalPlaces(_ number: String) -> Int {
        guard let dot = number.firstIndex(of: ".") else { return 0 }
        return number[number.index(after: dot)...].prefix { $0.isASCII && $0.isNumber }.count
    }

    // MARK: Codebook

    /// The codebook entries of `variable`'s columns.
    private func codebookEntries(_ variable: TripleSVariable) -> [Variable] {
        switch variable.type {
        case .single:
            return [Variable(name: variable.name, kind: .single, label: variable.label, valueLabels: variable.values)]
        case .multiple:
            return variable.options.map { option in
                let label = variable.label.map { "\($0) – \(option.label)" } ?? option.label
                return Variable(
                    name: "\(variable.name)_\(option.code)", kind: .multipleOption, label: label,
                    question: variable.name, valueLabels: TripleSReader.optionLabels)
            }
        case .quantity:
            return [Variable(name: variable.name, kind: .quantity, label: variable.label, valueLabels: variable.values)]
        case .logical:
            return [
                Variable(name: variable.name, kind: .single, label: variable.label, valueLabels: TripleSReader.logicalLabels)
            ]
        case .character:
            return [Variable(name: variable.name, kind: .text, label: variable.label)]
        case .date, .time:
            return [Variable(name: variable.name, kind: .other, label: variable.label)]
        }
    }
}
