import Foundation
import Testing

@testable import Barometer

/// Pipeline-file fingerprints ignore layout and see every change of meaning, per key.
@Suite struct PipelineKeyDigestsTests {
    static let original = """
        name: demo
        weighting: { method: expansion, frame: frame.csv, stratum: stratum }
        estimates:
          breakdowns: [sektor, region]
        """

    static func entries(_ yaml: String, _ keys: [String]) throws -> [String: String] {
        let digests = try PipelineKeyDigests(bytes: Array(yaml.utf8), path: "demo.yml")
        return Dictionary(uniqueKeysWithValues: digests.entries(for: keys).map { ($0.name, $0.sha256) })
    }

    @Test func whitespaceCommentsQuotingAndKeyOrderDoNotCount() throws {
        let reformatted = """
            # a comment
            estimates:
                breakdowns:
                  - sektor
                  - "region"
            weighting:
              stratum: stratum   # why
              frame: 'frame.csv'
              method: expansion
            name: demo
            """
        let keys = ["name", "weighting", "estimates"]
        #expect(try Self.entries(Self.original, keys) == Self.entries(reformatted, keys))
    }

    @Test func aChangedSubKeyIsNamed() throws {
        let changed = Self.original.replacingOccurrences(of: "stratum: stratum", with: "stratum: size")
        let before = StageFingerprint(inputs: [], pipeline: try PipelineKeyDigests(bytes: Array(Self.original.utf8), path: "a")
            .entries(for: ["weighting", "estimates"]))
        let after = StageFingerprint(inputs: [], pipeline: try PipelineKeyDigests(bytes: Array(changed.utf8), path: "a")
            .entries(for: ["weighting", "estimates"]))
        #expect(before.changes(comparedWith: after) == ["pipeline key weighting.stratum changed"])
        #expect(before.sha256 != after.sha256)
        #expect(try Self.entries(Self.original, ["output"]) == ["output": "absent"])
    }
}
