import BarometerCore
import Testing

@testable import BarometerExtract

@Suite struct TripleSReaderTests {
    let reader = TripleSReader()

    // MARK: Triple-S 2.0, fixed width, ISO-8859-1

    @Test func readsFixedWidthMetadata() throws {
        let metadata = try reader.readMetadata(path: Fixture.path("TripleS/barometer.sss"))
        #expect(metadata.version == "2.0")
        #expect(metadata.surveyName == "IB-2025")
        #expect(metadata.title == "Innovationsbarometeret Testbølge")
        #expect(metadata.declaredEncoding == "ISO-8859-1")
        #expect(metadata.record == TripleSRecordLayout(ident: "A", format: .fixed, skip: 0))
        #expect(metadata.serialVariable == "RESPID")
        #expect(metadata.weightVariable == "vaegt")
        #expect(metadata.variables.map(\.name) == [
            "RESPID", "sector", "kilder", "barrierer", "andet", "ansatte", "implementeret", "effekt", "dato", "tid",
            "vaegt",
        ])
        #expect(metadata.variables.map(\.type) == [
            .quantity, .single, .multiple, .multiple, .character, .quantity, .logical, .single, .date, .time, .quantity,
        ])
        #expect(metadata["kilder"]?.multipleForm == .bitstring(length: 5))
        #expect(metadata["barrierer"]?.multipleForm == .spread(subfields: 3, width: 2))
        #expect(metadata["effekt"]?.isLiteral == true)
        #expect(metadata["effekt"]?.filter == "implementeret")
        #expect(metadata["vaegt"]?.decimals == 4)
        #expect(metadata["vaegt"]?.range == TripleSVariable.ValueRange(from: "0.0000", to: "99.9999"))
        #expect(metadata["andet"]?.start == 17)
        #expect(metadata["andet"]?.finish == 36)
        #expect(metadata["sector"]?.location == BarometerCore.SourceLocation(file: Fixture.path("TripleS/barometer.sss"), line: 19, column: 7))
    }

    @Test func readsFixedWidthData() throws {
        let result = try reader.read(metadataPath: Fixture.path("TripleS/barometer.sss"))
        let data = result.dataset
        #expect(result.rowsRead == 4)
        #expect(result.rejects.isEmpty)
        #expect(data.sourceFile == Fixture.path("TripleS/barometer.asc"))
        #expect(data.sourceLines == [1, 2, 3, 4])
        #expect(data.columnNames == [
            "RESPID", "sector", "kilder_1", "kilder_2", "kilder_3", "kilder_5", "barrierer_1", "barrierer_2",
            "barrierer_3", "barrierer_12", "andet", "ansatte", "implementeret", "effekt", "dato", "tid", "vaegt",
        ])
        #expect(data["RESPID"]?.integers == [1, 2, 3, 4])
        #expect(data["sector"]?.integers == [1, 3, 0, 2])
        #expect(data["kilder_1"]?.integers == [1, 0, nil, 1])
        #expect(data["kilder_2"]?.integers == [1, 0, nil, 0])
        #expect(data["kilder_3"]?.integers == [0, 0, nil, 1])
        #expect(data["kilder_5"]?.integers == [1, 0, nil, 0])
        #expect(data["barrierer_1"]?.integers == [1, 0, nil, 0])
        #expect(data["barrierer_2"]?.integers == [1, 0, nil, 0])
        #expect(data["barrierer_3"]?.integers == [0, 0, nil, 1])
        #expect(data["barrierer_12"]?.integers == [1, 0, nil, 0])
        #expect(data["andet"]?.texts == ["Kantine i Århus", "", "Ingen; søger midler", "Ønsker mere tid"])
        #expect(data["ansatte"]?.integers == [250, 99999, 12, 7])
        #expect(data["implementeret"]?.integers == [1, 0, nil, 1])
        #expect(data["effekt"]?.texts == ["A", "", "", "C"])
        #expect(data["effekt"]?.isText == true)
        #expect(data["dato"]?.texts == ["20250312", "20250401", "", "20251130"])
        #expect(data["tid"]?.texts == ["093000", "141500", "", "235959"])
        #expect(data["vaegt"]?.reals == [1.25, 0.8, 10, 0.5])
    }

    @Test func buildsTheCodebook() throws {
        let codebook = try reader.read(metadataPath: Fixture.path("TripleS/barometer.sss")).dataset.codebook
        #expect(codebook.variables.count == 17)
        #expect(
            codebook["sector"]
                == Variable(
                    name: "sector", kind: .single, label: "Sektor",
                    valueLabels: [
                        ValueLabel(code: "0", label: "Uoplyst"), ValueLabel(code: "1", label: "Kommune"),
                        ValueLabel(code: "2", label: "Region"), ValueLabel(code: "3", label: "Stat"),
                    ]))
        #expect(
            codebook["kilder_5"]
                == Variable(
                    name: "kilder_5", kind: .multipleOption, label: "Idékilder – Private virksomheder",
                    question: "kilder",
                    valueLabels: [ValueLabel(code: "0", label: "Not selected"), ValueLabel(code: "1", label: "Selected")]))
        #expect(codebook["barrierer_12"]?.label == "Barrierer – Andet")
        #expect(
            codebook["ansatte"]
                == Variable(
                    name: "ansatte", kind: .quantity, label: "Antal ansatte",
                    valueLabels: [ValueLabel(code: "99999", label: "Ved ikke")]))
        #expect(
            codebook["implementeret"]
                == Variable(
                    name: "implementeret", kind: .single, label: "Innovationen er implementeret",
                    valueLabels: [ValueLabel(code: "0", label: "No"), ValueLabel(code: "1", label: "Yes")]))
        #expect(codebook["effekt"]?.valueLabels.map(\.code) == ["A", "B", "C"])
        #expect(codebook["effekt"]?.label(for: "B") == "Større effektivitet")
        #expect(codebook["andet"]?.kind == .text)
        #expect(codebook["dato"]?.kind == .other)
        #expect(codebook["tid"]?.kind == .other)
        #expect(codebook["vaegt"] == Variable(name: "vaegt", kind: .quantity, label: "Vægt"))
    }

    // MARK: Triple-S 2.0, CSV

    @Test func readsCSVDataFromAnotherMachinesHref() throws {
        let result = try reader.read(metadataPath: Fixture.path("TripleS/barometer-csv.sss"))
        let data = result.dataset
        #expect(data.sourceFile == Fixture.path("TripleS/barometer-data.csv"))
        #expect(result.rowsRead == 4)
        #expect(result.rejects.isEmpty)
        // The header is line 1; record 103 spans lines 4 and 5.
        #expect(data.sourceLines == [2, 3, 4, 6])
        #expect(data["RESPID"]?.integers == [101, 102, 103, 104])
        #expect(data["sector"]?.integers == [1, 3, 2, nil])
        #expect(data["kilder_1"]?.integers == [1, 0, 0, nil])
        #expect(data["kilder_2"]?.integers == [1, 0, 1, nil])
        #expect(data["kilder_3"]?.integers == [0, 0, 0, nil])
        #expect(data["kilder_4"]?.integers == [0, 0, 1, nil])
        #expect(data["kilder_5"]?.integers == [1, 0, 0, nil])
        #expect(data["barrierer_1"]?.integers == [1, 0, 0, nil])
        #expect(data["barrierer_2"]?.integers == [0, 0, 1, nil])
        #expect(data["barrierer_12"]?.integers == [1, 0, 0, nil])
        #expect(data["andet"]?.texts == ["", "Mangel på \"tid\", især", "To linjer:\r\nførste og anden", ""])
        #expect(data["budget"]?.reals == [2.5, 0.75, 12, nil])
        #expect(data["vaegt"]?.reals == [1.25, 0.8, 1, 2.5])
        #expect(data["effekt"]?.texts == ["A", "B", "", ""])
        let metadata = try reader.readMetadata(path: Fixture.path("TripleS/barometer-csv.sss"))
        #expect(
            metadata.record
                == TripleSRecordLayout(
                    ident: "RESP", format: .csv, skip: 1, href: "C:\\Eksport\\IB 2025\\barometer-data.csv",
                    dataFileEncoding: "UTF-8"))
        #expect(metadata.codebook["kilder_4"]?.label == "Idékilder – Andre offentlige")
    }

    // MARK: Triple-S 1.2

    @Test func readsVersion12() throws {
        let result = try reader.read(metadataPath: Fixture.path("TripleS/legacy-1.2.sss"))
        let data = result.dataset
        #expect(result.rowsRead == 3)
        #expect(data.sourceFile == Fixture.path("TripleS/legacy-1.2.dat"))
        #expect(data.columnNames == ["Q1", "Q2_1", "Q2_2", "Q2_9", "Q3"])
        #expect(data["Q1"]?.integers == [1, 3, 2])
        #expect(data["Q2_1"]?.integers == [0, 1, nil])
        #expect(data["Q2_2"]?.integers == [0, 1, nil])
        #expect(data["Q2_9"]?.integers == [1, 0, nil])
        #expect(data["Q3"]?.reals == [12.5, 100, 0])
        #expect(data.codebook["Q1"]?.label == "Number of new services")
        #expect(data.codebook["Q2_9"]?.label == "Channels – Other")
        let metadata = try reader.readMetadata(path: Fixture.path("TripleS/legacy-1.2.sss"))
        #expect(metadata.version == "1.2")
        #expect(metadata.title == "Old export")
        #expect(metadata["Q2"]?.multipleForm == .spread(subfields: 2, width: 1))
        #expect(metadata["Q3"]?.decimals == 1)
    }

    // MARK: Rejected records

    @Test func rejectsFixedWidthRecordsThatDoNotFit() throws {
        let path = Fixture.path("TripleS/rejects.asc")
        let result = try reader.read(metadataPath: Fixture.path("TripleS/rejects.sss"))
        func at(_ line: Int, _ column: Int) -> BarometerCore.SourceLocation { BarometerCore.SourceLocation(file: path, line: line, column: column) }
        #expect(result.rejects == [
            RejectedRow(location: at(2, 4), variable: "q1", reason: "code 7 is not in the value list of q1", raw: "0027110123113"),
            RejectedRow(
                location: at(3, 6), variable: "q2", reason: "q2 is a bitstring of 0 and 1 but has \"1x0\"",
                raw: "00311x0123113"),
            RejectedRow(
                location: at(4, 7), variable: "q2", reason: "character 3 of q2 is set but 3 is not in its value list",
                raw: "0041001123113"),
            RejectedRow(
                location: at(5, 8), variable: "q3", reason: "q3 is a quantity but \"1a3\" is not a number",
                raw: "00511001a3113"),
            RejectedRow(
                location: at(6, 11), variable: "q4", reason: "q4 is logical but \"2\" is not 0 or 1", raw: "0061100045213"),
            RejectedRow(location: at(7, 13), variable: "q5", reason: "code 4 is not in the value list of q5", raw: "00711000450 4"),
            RejectedRow(
                location: at(8, 12), variable: "q5", reason: "the record has 12 characters; q5 needs positions 12–13",
                raw: "008110004502"),
        ])
        #expect(result.rowsRead == 9)
        #expect(result.rowsRead == result.dataset.rowCount + result.rejects.count)
        let data = result.dataset
        #expect(data.sourceLines == [1, 9])
        #expect(data["id"]?.integers == [1, 9])
        #expect(data["q1"]?.integers == [2, 3])
        #expect(data["q2_1"]?.integers == [1, 0])
        #expect(data["q2_2"]?.integers == [1, 1])
        #expect(data["q3"]?.integers == [123, 12])
        #expect(data["q4"]?.integers == [1, 1])
        #expect(data["q5_1"]?.integers == [1, 1])
        #expect(data["q5_2"]?.integers == [0, 1])
        #expect(data["q5_3"]?.integers == [1, 0])
    }

    @Test func rejectsCSVRecordsAtTheirFieldNumber() throws {
        let path = Fixture.path("TripleS/rejects-csv.csv")
        let result = try reader.read(metadataPath: Fixture.path("TripleS/rejects-csv.sss"))
        func at(_ line: Int, _ field: Int) -> BarometerCore.SourceLocation { BarometerCore.SourceLocation(file: path, line: line, column: field) }
        #expect(result.rejects == [
            RejectedRow(location: at(2, 3), variable: "q1", reason: "code 5 is not in the value list of q1", raw: "2,Odense,5,1.0"),
            RejectedRow(
                location: at(3, 4), variable: "q2", reason: "the record has 3 fields; q2 is field 4", raw: "3,\"Køge\",2"),
            RejectedRow(
                location: at(4, 4), variable: "q2", reason: "q2 is a quantity but \"n/a\" is not a number",
                raw: "4,Vejle,2,\"n/a\""),
        ])
        #expect(result.rowsRead == 5)
        #expect(result.rowsRead == result.dataset.rowCount + result.rejects.count)
        #expect(result.dataset.sourceLines == [1, 5])
        #expect(result.dataset["name"]?.texts == ["Aarhus, Kommune", "Ribe \"gamle\""])
        #expect(result.dataset["q2"]?.reals == [2.5, 10])
    }

    // MARK: Metadata errors

    @Test func singleWithoutValuesIsAnError() {
        let path = Fixture.path("TripleS/error-single-without-values.sss")
        let error = barometerError { _ = try reader.readMetadata(path: path) }
        #expect(error?.kind == .badData)
        #expect(error?.location == BarometerCore.SourceLocation(file: path, line: 14, column: 9))
        #expect(error?.message == "variable q2: a single variable needs <values> with <value> codes")
    }

    @Test func duplicateVariableNameIsAnError() {
        let path = Fixture.path("TripleS/error-duplicate-name.sss")
        let error = barometerError { _ = try reader.readMetadata(path: path) }
        #expect(error?.kind == .badData)
        #expect(error?.location == BarometerCore.SourceLocation(file: path, line: 7, column: 93))
        #expect(error?.message == "variable name q1 is used twice; first at line 5")
    }

    @Test func positionPastTheRecordsEndIsAnError() {
        let path = Fixture.path("TripleS/error-position-past-end.sss")
        let error = barometerError { _ = try reader.read(metadataPath: path) }
        #expect(error?.kind == .badData)
        #expect(error?.location == BarometerCore.SourceLocation(file: path, line: 14, column: 7))
        #expect(
            error?.message == "variable employees: position 5–9 is past the end of every record in "
                + "\(Fixture.path("TripleS/error-position-past-end.asc")) (the longest has 8 characters)")
    }

    @Test func locatesErrorsInUTF16Metadata() {
        // Line 14 starts with a comment holding "ø <variable>" before the real tag.
        let path = Fixture.path("TripleS/error-utf16.sss")
        let error = barometerError { _ = try reader.readMetadata(path: path) }
        #expect(error?.location == BarometerCore.SourceLocation(file: path, line: 14, column: 29))
        #expect(error?.message == "variable q2: a single variable needs <values> with <value> codes")
    }

    @Test func notWellFormedMetadataIsAnError() throws {
        let error = barometerError { _ = try reader.readMetadata(path: Fixture.path("not-well-formed.xml")) }
        #expect(error?.kind == .badData)
        #expect(error?.location?.line == 4)
    }

    // MARK: Files and encodings

    @Test func readsAWindows1252DataFile() throws {
        let result = try reader.read(metadataPath: Fixture.path("TripleS/cp1252.sss"))
        #expect(result.dataset["note"]?.texts == ["€ “citat”", "Æblegrød"])
        #expect(result.dataset["q1"]?.integers == [2, 1])
    }

    @Test func readsTheDataFileGiven() throws {
        // An explicit data path wins over href and sibling names.
        let result = try reader.read(
            metadataPath: Fixture.path("TripleS/barometer.sss"), dataPath: Fixture.path("TripleS/barometer.asc"))
        #expect(result.dataset.rowCount == 4)
    }

    @Test func missingDataFileIsMissingInput() {
        let error = barometerError {
            _ = try reader.read(
                metadataPath: Fixture.path("TripleS/barometer.sss"), dataPath: Fixture.path("TripleS/nothing.asc"))
        }
        #expect(error?.kind == .missingInput)
        let missingMetadata = barometerError { _ = try reader.read(metadataPath: Fixture.path("TripleS/nothing.sss")) }
        #expect(missingMetadata?.kind == .missingInput)
    }
}
