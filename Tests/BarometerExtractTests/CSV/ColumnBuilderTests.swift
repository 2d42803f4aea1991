import BarometerCore
import Testing

@testable import BarometerExtract

@Suite struct ColumnBuilderTests {
    func textBytes(of builder: ColumnBuilder) throws -> TextColumn {
        guard case .text(let texts) = builder.values else { throw Failure.notText }
        return texts
    }

    enum Failure: Error { case notText }

    /// Long answers would outgrow the room a text column starts with (32 bytes a row) and be
    /// copied whole; the first rows' length sets the room for all the rows reserved.
    @Test func roomForTextFollowsTheFirstRows() throws {
        let rows = 20_000
        let answer = [UInt8](repeating: UInt8(ascii: "a"), count: 100)
        var builder = ColumnBuilder(name: "beskrivelse", kind: .text, allowedCodes: nil, capacity: rows)
        #expect(try textBytes(of: builder).bytes.capacity < answer.count * rows)
        for _ in 0..<ColumnBuilder.sampledRows { answer.withUnsafeBytes { builder.appendText($0) } }
        #expect(try textBytes(of: builder).bytes.capacity >= answer.count * rows)
        for _ in ColumnBuilder.sampledRows..<rows { answer.withUnsafeBytes { builder.appendText($0) } }
        let texts = try textBytes(of: builder)
        #expect(texts.count == rows)
        #expect(texts.bytes.count == answer.count * rows)
        #expect(texts[rows - 1] == String(repeating: "a", count: 100))
    }

    /// Short answers keep the room they started with.
    @Test func shortAnswersKeepTheirRoom() throws {
        var builder = ColumnBuilder(name: "kommentar", kind: .text, allowedCodes: nil, capacity: 5_000)
        let room = try textBytes(of: builder).bytes.capacity
        for _ in 0..<2 * ColumnBuilder.sampledRows { Array("kort".utf8).withUnsafeBytes { builder.appendText($0) } }
        #expect(try textBytes(of: builder).bytes.capacity == room)
    }
}
