import BarometerCore
import Foundation
import Testing

@testable import BarometerLoad

@Suite struct TableWriterTests {
    func table() -> Table {
        var table = Table(columns: ["name", "value", "n", "ok"])
        table.append([.text("plain"), .number(0.1 + 0.2), .integer(3), .boolean(true)])
        table.append([.text("with, comma \"quoted\"\nand newline"), .real(.nan), .integer(-1), .missing])
        return table
    }

    @Test func csvQuotesOnlyWhereNeeded() {
        let text = String(decoding: CSVTableWriter().bytes(of: table()), as: UTF8.self)
        #expect(
            text == """
                name,value,n,ok
                plain,0.30000000000000004,3,true
                "with, comma ""quoted""
                and newline",,-1,

                """)
    }

    @Test func csvNeutralizesTextThatASpreadsheetWouldRun() {
        var table = Table(columns: ["label", "value"])
        for text in ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tcmd", "\rcmd", "safe = fine", ""] {
            table.append([.text(text), .number(-3)])
        }
        let text = String(decoding: CSVTableWriter().bytes(of: table), as: UTF8.self)
        #expect(
            text == """
                label,value
                "'=HYPERLINK(""http://x"")",-3
                '+1,-3
                '-2,-3
                '@SUM(A1),-3
                '\tcmd,-3
                "'\rcmd",-3
                safe = fine,-3
                ,-3

                """)
        // Tables for tools rather than spreadsheets keep the text as it was; so does JSON.
        let raw = String(decoding: CSVTableWriter(neutralizesFormulas: false).bytes(of: table), as: UTF8.self)
        #expect(raw.contains("\n+1,-3\n"))
        #expect(table.json.serialized().contains("\"=HYPERLINK(\\\"http://x\\\")\""))
    }

    @Test func jsonKeepsColumnOrderAndNumbers() {
        #expect(
            table().json.serialized() == """
                [
                  {
                    "name": "plain",
                    "value": 0.30000000000000004,
                    "n": 3,
                    "ok": true
                  },
                  {
                    "name": "with, comma \\"quoted\\"\\nand newline",
                    "value": null,
                    "n": -1,
                    "ok": null
                  }
                ]

                """)
    }

    @Test func jsonEscapesMarkupAndControlCharacters() {
        #expect(JSONValue.string("</script>\u{1}").serialized() == "\"\\u003c/script\\u003e\\u0001\"\n")
    }

    @Test func outputSetPublishesAllFilesAndLeavesNoTemporaries() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var outputs = OutputSet(directory: directory)
        outputs.add("a.csv", text: "x\n1\n")
        outputs.add("b.json", text: "{}\n")
        let published = try outputs.publish(run: "20260101T000000.000Z")
        #expect(published == directory + "/runs/20260101T000000.000Z")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["a.csv", "b.json", "latest", "runs"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: published).sorted() == ["a.csv", "b.json"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/latest") == "runs/20260101T000000.000Z")
        #expect(try String(contentsOfFile: directory + "/a.csv", encoding: .utf8) == "x\n1\n")
        #expect(outputs.sha256(of: "b.json") == "ca3d163bab055381827226140568f3bef7eaac187cebd76878e0b63e9e442356")
    }

    @Test func aFolderThatCannotBeCreatedFailsWithCannotWrite() throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-\(UUID())").path
        FileManager.default.createFile(atPath: blocker, contents: Data("a file, not a folder".utf8))
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        var outputs = OutputSet(directory: blocker + "/out")
        outputs.add("a.csv", text: "x\n")
        #expect {
            try outputs.publish(run: "r1")
        } throws: { error in
            let error = error as! BarometerError
            return error.kind == .cannotWrite && error.location?.file == blocker + "/out/runs"
        }
    }

    @Test func aNewRunReplacesLatestAtomicallyAndOldRunsArePruned() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (index, run) in ["r1", "r2", "r3"].enumerated() {
            var outputs = OutputSet(directory: directory)
            outputs.add("a.csv", text: "run \(index + 1)\n")
            try outputs.publish(run: run, keep: 2)
        }
        #expect(OutputSet.publishedRuns(in: directory) == ["r2", "r3"])
        #expect(try String(contentsOfFile: directory + "/a.csv", encoding: .utf8) == "run 3\n")
        #expect(try String(contentsOfFile: directory + "/runs/r2/a.csv", encoding: .utf8) == "run 2\n")
        // A run without a.csv removes its link rather than leaving it dangling.
        var fewer = OutputSet(directory: directory)
        fewer.add("b.csv", text: "only b\n")
        try fewer.publish(run: "r4", keep: 2)
        #expect(OutputSet.publishedRuns(in: directory) == ["r3", "r4"])
        #expect(!FileManager.default.fileExists(atPath: directory + "/a.csv"))
        #expect(try String(contentsOfFile: directory + "/b.csv", encoding: .utf8) == "only b\n")
    }

    @Test func leftoversOfAKilledRunAreRemovedAndDoNotCount() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var outputs = OutputSet(directory: directory)
        outputs.add("a.csv", text: "good\n")
        try outputs.publish(run: "r1")
        try FileManager.default.createDirectory(atPath: directory + "/runs/.staging-r2", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: directory + "/runs/.staging-r2/a.csv", contents: Data("half".utf8))
        #expect(OutputSet.publishedRuns(in: directory) == ["r1"])
        #expect(try String(contentsOfFile: directory + "/a.csv", encoding: .utf8) == "good\n")
        OutputSet.removeStaleStaging(in: directory)
        #expect(!FileManager.default.fileExists(atPath: directory + "/runs/.staging-r2"))
    }
}

import BarometerAggregate

@Suite struct EstimatesTableTests {
    @Test func aSuppressedCellKeepsItsCountsAndReasonButNoFigures() {
        var row = EstimateRow(
            indicator: "f", indicatorLabel: "F", group: "sektor", level: "3", levelLabel: "Kommune",
            estimate: MeanEstimate(estimate: 0.25, standardError: 0.1, degreesOfFreedom: 9, unweightedCount: 12, weightedCount: 80, designEffect: 1.2),
            interval: ClosedInterval(low: 0.1, high: 0.5), intervalMethod: .logit, confidenceLevel: 0.95)
        row.suppression = "fewer than 30 respondents"
        let text = String(decoding: CSVTableWriter().bytes(of: EstimatesTable.make(pipeline: "p", rows: [row])), as: UTF8.self)
        #expect(text.split(separator: "\n")[1] == "p,f,sektor,3,Kommune,,,,,12,80,F,9,logit,0.95,,,true,fewer than 30 respondents")
    }
}
