import BarometerCore
import Foundation
import Testing

@testable import BarometerExtract

/// A small SurveyXact bundle in the tool's real shape (`Fixtures/surveyxact/`): `;`,
/// Windows-1252, structure rows ending in an empty field, labels without a header row.
@Suite struct SurveyXactBundleReaderTests {
    static let bundle = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/surveyxact").path

    @Test func theCodebookComesFromStructureAndLabels() throws {
        let result = try SurveyXactBundleReader().read(directory: Self.bundle, options: ExtractOptions(idColumn: "id"))
        let codebook = result.dataset.codebook
        #expect(codebook["region"]?.kind == .single)
        #expect(codebook["region"]?.label == "Hvilken region?")
        #expect(codebook["region"]?.valueLabels == [ValueLabel(code: "1", label: "Sjælland"), ValueLabel(code: "2", label: "Østjylland")])
        #expect(codebook["vaerdi_2"]?.kind == .multipleOption)
        #expect(codebook["vaerdi_2"]?.question == "vaerdi")
        #expect(codebook["vaerdi_2"]?.label == "Hvilken værdi? – Effektivitet")
        #expect(codebook["note"]?.kind == .text)
        #expect(codebook["id"]?.kind == .quantity)
    }

    @Test func theDataIsTypedByTheCodebookAndValidatedAgainstIt() throws {
        let result = try SurveyXactBundleReader().read(directory: Self.bundle, options: ExtractOptions(idColumn: "id"))
        #expect(result.rowsRead == 4)
        #expect(result.dataset.rowCount == 3)
        #expect(result.dataset["note"]?.text(at: 1) == "Bedre; hurtigere \"service\"")
        #expect(result.dataset["note"]?.text(at: 2) == "")
        guard case .integer(let region) = result.dataset["region"]?.values else {
            Issue.record("region is not integer")
            return
        }
        #expect(region == [1, 2, Column.missingCode])
        let reject = try #require(result.rejects.first)
        #expect(reject.location == SourceLocation(file: Self.bundle + "/dataset.csv", line: 5, column: 2))
        #expect(reject.reason == "code 3 is not in the codebook of region (1, 2)")
        #expect(reject.raw == "4;3;0;1;ø")
    }
}
