import BarometerCore
import Foundation
import BarometerExtract
import Testing

@testable import Barometer

@Suite struct SampleGeneratorTests {
    static let followUps =
        (1...10).map { "igangsat_\($0)" }
        + ["fremmet_borgere", "fremmet_frivillige", "fremmet_virksomheder", "fremmet_politikere"]
        + (1...9).map { "samarbejde_\($0)" } + (1...7).map { "vaerdi_\($0)" }
        + ["udgift", "beskrivelse"]

    // MARK: Determinism

    @Test func sameConfigurationGivesIdenticalBytes() throws {
        let configuration = SampleConfiguration(seed: 42, respondents: 300)
        let first = try SampleBundle(configuration)
        let second = try SampleBundle(configuration)
        #expect(first.files == second.files)

        let other = try SampleBundle(SampleConfiguration(seed: 43, respondents: 300))
        #expect(other.files["dataset.csv"] != first.files["dataset.csv"])
        #expect(other.files["structure.csv"] == first.files["structure.csv"])
        #expect(other.files["frame.csv"] == first.files["frame.csv"])
    }

    /// Pins the reference draw, so a platform or compiler that changes a single byte fails here.
    @Test func referenceDrawIsPinned() {
        let bundle = SampleBundle.reference
        #expect(bundle.files["dataset.csv"]!.count == 273_594)
        #expect(fnv1a(bundle.files["dataset.csv"]!) == 12_135_746_421_257_967_368)
        #expect(
            bundle.rows[0] == "1;1;1;11;1;2;1;1;1;2;0;1;0;0;0;0;0;0;0;0;9;9;8;2;0;0;0;0;0;0;0;0;1;0;0;0;0;0;0;0;0,11;"
                .split(separator: ";", omittingEmptySubsequences: false).map(String.init))
    }

    // MARK: Design

    @Test func strataCountsAndFrameMatchTheDesign() {
        let bundle = SampleBundle.reference
        #expect(bundle.rows.count == 2271)
        #expect(bundle.values("id") == (1...2271).map(String.init))
        var counts: [String: Int] = [:]
        for stratum in bundle.values("stratum") { counts[stratum, default: 0] += 1 }
        #expect(
            counts == [
                "11": 170, "12": 190, "13": 180, "21": 120, "22": 170, "23": 160,
                "31": 600, "32": 480, "33": 201,
            ])
        let stratum = bundle.values("stratum")
        let sektor = bundle.values("sektor")
        let stoerrelse = bundle.values("stoerrelse")
        #expect(
            stratum.indices.allSatisfy {
                Int(stratum[$0])! == Int(sektor[$0])! * 10 + Int(stoerrelse[$0])!
            })
        #expect(
            bundle.frame == [
                ["stratum", "sektor", "stoerrelse", "N"],
                ["11", "1", "1", "1200"], ["12", "1", "2", "700"], ["13", "1", "3", "350"],
                ["21", "2", "1", "600"], ["22", "2", "2", "500"], ["23", "2", "3", "300"],
                ["31", "3", "1", "6500"], ["32", "3", "2", "3200"], ["33", "3", "3", "650"],
            ])
        #expect(
            bundle.regionMargins == [
                ["region", "N"], ["1", "4222"], ["2", "2091"], ["3", "2945"], ["4", "3107"],
                ["5", "1635"],
            ])
    }

    @Test func otherSizesWriteExactlyThatManyRowsAndAConsistentFrame() throws {
        let bundle = try SampleBundle(SampleConfiguration(seed: 7, respondents: 1000))
        #expect(bundle.rows.count == 1000)
        var counts: [String: Int] = [:]
        for stratum in bundle.values("stratum") { counts[stratum, default: 0] += 1 }
        #expect(
            bundle.frame.dropFirst().map { counts[$0[0]]! } == [
                75, 84, 79, 53, 75, 70, 264, 211, 89,
            ])
        let frameTotal = bundle.frame.dropFirst().reduce(0) { $0 + Int($1[3])! }
        let marginTotal = bundle.regionMargins.dropFirst().reduce(0) { $0 + Int($1[1])! }
        #expect(frameTotal == 6163)
        #expect(marginTotal == frameTotal)
    }

    // MARK: Content

    @Test func aboutFourInFiveWorkplacesInnovate() {
        let bundle = SampleBundle.reference
        let innovative = innovativeRows(bundle)
        #expect(innovative.count == 1878)
        #expect((1837...1917).contains(innovative.count))
        // Larger workplaces innovate more often.
        let size = bundle.values("stoerrelse")
        let rate = { (band: String) -> Double in
            let rows = size.indices.filter { size[$0] == band }
            return Double(rows.filter { innovative.contains($0) }.count) / Double(rows.count)
        }
        #expect(rate("1") < rate("2") && rate("2") < rate("3"))
    }

    @Test func weightedVolunteerShareIsNearThePublishedSixteenPercent() {
        let bundle = SampleBundle.reference
        let share = weightedShare(bundle) { row, c in
            row[c("igangsat_4")] == "1" || ["1", "2"].contains(row[c("fremmet_frivillige")])
                || row[c("samarbejde_4")] == "1"
        }
        #expect((0.14...0.18).contains(share))
        #expect(abs(share - 0.158672) < 1e-6)
    }

    @Test func weightedCitizenShareIsBetweenFortyAndFiftyPercent() {
        let bundle = SampleBundle.reference
        let share = weightedShare(bundle) { row, c in
            row[c("igangsat_3")] == "1" || ["1", "2"].contains(row[c("fremmet_borgere")])
                || row[c("samarbejde_3")] == "1"
        }
        #expect((0.40...0.50).contains(share))
    }

    /// vaerdi_4 (better citizen involvement) is ticked clearly more often where volunteers had a
    /// positive role: a two-proportion z-test from the written file.
    @Test func valueItemDependsOnTheVolunteerRole() {
        let bundle = SampleBundle.reference
        var ticked = (with: 0, without: 0)
        var total = (with: 0, without: 0)
        for index in innovativeRows(bundle) {
            let row = bundle.rows[index]
            let c = bundle.column
            let positive =
                row[c("igangsat_4")] == "1" || ["1", "2"].contains(row[c("fremmet_frivillige")])
                || row[c("samarbejde_4")] == "1"
            let tick = row[c("vaerdi_4")] == "1" ? 1 : 0
            if positive {
                ticked.with += tick
                total.with += 1
            } else {
                ticked.without += tick
                total.without += 1
            }
        }
        #expect(total == (with: 252, without: 1626))
        let p1 = Double(ticked.with) / Double(total.with)
        let p0 = Double(ticked.without) / Double(total.without)
        let pooled = Double(ticked.with + ticked.without) / Double(total.with + total.without)
        let z =
            (p1 - p0)
            / (pooled * (1 - pooled) * (1 / Double(total.with) + 1 / Double(total.without)))
            .squareRoot()
        #expect(p1 > 0.35 && p0 < 0.30)
        #expect(z > 3)
    }

    @Test func nonInnovativeWorkplacesHaveNoFollowUpAnswers() {
        let bundle = SampleBundle.reference
        let innovative = innovativeRows(bundle)
        let columns = Self.followUps.map(bundle.column)
        for (index, row) in bundle.rows.enumerated() where !innovative.contains(index) {
            #expect(columns.allSatisfy { row[$0].isEmpty }, "row \(index + 2)")
        }
        let answered = Self.followUps.filter { $0 != "udgift" && $0 != "beskrivelse" }.map(
            bundle.column)
        for index in innovative {
            #expect(answered.allSatisfy { !bundle.rows[index][$0].isEmpty }, "row \(index + 2)")
        }
    }

    @Test func multiSelectAnswersFollowTheirRules() {
        let bundle = SampleBundle.reference
        for index in innovativeRows(bundle) {
            let row = bundle.rows[index]
            func ticked(_ question: String, _ count: Int) -> [Int] {
                (1...count).filter { row[bundle.column("\(question)_\($0)")] == "1" }
            }
            for question in [("igangsat", 10), ("samarbejde", 9), ("vaerdi", 7)] {
                #expect(
                    (1...question.1).allSatisfy {
                        ["0", "1"].contains(row[bundle.column("\(question.0)_\($0)")])
                    })
            }
            let igangsat = ticked("igangsat", 10)
            #expect((1...3).contains(igangsat.count), "row \(index + 2): \(igangsat)")
            #expect(!igangsat.contains(10) || igangsat == [10])
            let samarbejde = ticked("samarbejde", 9)
            #expect(!samarbejde.isEmpty)
            #expect(!samarbejde.contains(8) || samarbejde == [8])
            #expect(!samarbejde.contains(9) || samarbejde == [9])
            let vaerdi = ticked("vaerdi", 7)
            #expect(!vaerdi.contains(7) || vaerdi == [7])
        }
    }

    @Test func singleAnswersUseOnlyLabelledCodes() {
        let bundle = SampleBundle.reference
        let labels = SampleBundle.parse(bundle.files["labels.csv"]!, decode: Windows1252.decode)
        var codes: [String: Set<String>] = [:]
        for label in labels { codes[label[0], default: []].insert(label[1]) }
        for name in [
            "sektor", "stoerrelse", "region", "arbejdsplads", "inno_1", "inno_4",
            "fremmet_frivillige",
        ] {
            #expect(
                bundle.values(name).allSatisfy { $0.isEmpty || codes[name]!.contains($0) },
                "\(name)")
        }
    }

    @Test func udgiftHasTwoDecimalsAfterAComma() {
        let bundle = SampleBundle.reference
        let given = bundle.values("udgift").filter { !$0.isEmpty }
        #expect(given.count == 1603)
        #expect(given.allSatisfy { $0.wholeMatch(of: /[0-9]+,[0-9]{2}/) != nil })
    }

    @Test func descriptionsSurviveQuotingAndLineBreaks() {
        let bundle = SampleBundle.reference
        #expect(bundle.rows.allSatisfy { $0.count == 42 })
        let given = bundle.values("beskrivelse").filter { !$0.isEmpty }
        #expect(given.allSatisfy(SampleDescriptions.texts.contains))
        #expect(given.contains { $0.contains("\n") })
        #expect(given.contains { $0.contains(";") })
        #expect(given.contains { $0.contains("\"") })
        #expect(given.contains { $0.contains("–") })
    }

    // MARK: Metadata and encoding

    @Test func structureDescribesEveryColumnInOrder() {
        let bundle = SampleBundle.reference
        let structure = SampleBundle.parse(
            bundle.files["structure.csv"]!, decode: Windows1252.decode)
        #expect(
            structure[0] == [
                "questionName", "variableName", "questionType", "subType", "questionText",
                "choiceValue",
                "choiceText",
            ])
        #expect(structure.dropFirst().map { $0[1] } == bundle.header)
        #expect(structure[1] == ["id", "id", "Background", "Numeric", "Respondent-id", "", ""])
        #expect(
            structure.contains([
                "igangsat", "igangsat_4", "Closed", "Multiple",
                "Hvem satte den seneste innovation i gang? (højst 3 svar)", "4",
                "Frivillige foreninger",
            ]))
        #expect(
            structure.contains([
                "inno", "inno_1", "Closed", "Single",
                "Har arbejdspladsen i perioden 2018-2019 indført nye eller væsentligt "
                    + "forbedrede ... - produkter",
                "", "",
            ]))
        #expect(
            structure.contains([
                "udgift", "udgift", "Open", "Numeric",
                "Hvad kostede den seneste innovation omtrent? (mio. kr.)", "", "",
            ]))
    }

    @Test func danishLettersAreWrittenAsWindows1252() {
        let bundle = SampleBundle.reference
        let labels = bundle.files["labels.csv"]!
        // "region;2;Sjælland\n" with æ as the single byte 0xE6, and no UTF-8 anywhere.
        let sjaelland: [UInt8] = Array("region;2;Sj".utf8) + [0xE6] + Array("lland\n".utf8)
        #expect(labels.firstRange(of: sjaelland) != nil)
        #expect(labels.firstRange(of: Array("æ".utf8)) == nil)
        let decoded = SampleBundle.parse(labels, decode: Windows1252.decode)
        #expect(decoded.contains(["arbejdsplads", "4", "Ældre og social"]))
        #expect(decoded.contains(["vaerdi_2", "1", "Valgt"]))
        #expect(decoded.first == ["sektor", "1", "Stat"])
        for name in ["dataset.csv", "structure.csv", "labels.csv"] {
            #expect(!bundle.files[name]!.contains(0x0D), "\(name) has CR")
            #expect(bundle.files[name]!.last == 0x0A)
        }
    }

    // MARK: Errors

    @Test func rejectsImpossibleConfigurations() {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "barometer-never"
        ).path
        #expect(throws: BarometerError.self) {
            try SampleGenerator(SampleConfiguration(respondents: 0)).write(to: directory)
        }
        do {
            try SampleGenerator(SampleConfiguration(wave: "2018 ✓")).write(to: directory)
            Issue.record("expected a usage error")
        } catch let error as BarometerError {
            #expect(error.kind == .usage)
        } catch { Issue.record("unexpected \(error)") }
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test func unwritableDirectoryIsCannotWrite() throws {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("barometer-sample-\(UUID().uuidString)").path
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        do {
            try SampleGenerator(SampleConfiguration(respondents: 10)).write(to: file + "/bundle")
            Issue.record("expected cannotWrite")
        } catch let error as BarometerError {
            #expect(error.kind == .cannotWrite)
            #expect(error.location?.file == file + "/bundle")
        }
    }

    // MARK: Helpers

    private func innovativeRows(_ bundle: SampleBundle) -> Set<Int> {
        let columns = (1...4).map { bundle.column("inno_\($0)") }
        return Set(
            bundle.rows.indices.filter { row in columns.contains { bundle.rows[row][$0] == "1" } })
    }

    /// Σ w·flag / Σ w over innovative workplaces, w = N_h / n_h.
    private func weightedShare(
        _ bundle: SampleBundle, _ flag: ([String], (String) -> Int) -> Bool
    ) -> Double {
        let weights = bundle.weights()
        var numerator = 0.0
        var denominator = 0.0
        for index in innovativeRows(bundle).sorted() {
            denominator += weights[index]
            if flag(bundle.rows[index], bundle.column) { numerator += weights[index] }
        }
        return numerator / denominator
    }

    private func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}
