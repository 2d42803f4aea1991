import Testing

@testable import Barometer

/// Thrift's compact protocol, byte for byte as its specification gives it.
@Suite struct ThriftValueTests {
    static func decode(_ bytes: [UInt8]) throws -> ThriftValue {
        try bytes.withUnsafeBufferPointer { buffer in
            var cursor = ByteCursor(buffer, from: 0)
            let value = try ThriftValue.decodeStructure(from: &cursor)
            #expect(cursor.remaining == 0)
            return value
        }
    }

    @Test func fieldsAreDeltasOfTheirIdsOrTheIdItself() throws {
        // Field 1, i32 -2 (zigzag 3); field 17 (a jump of 16) as type then id, i64 300 (zigzag
        // 600 = 0xD8 0x04); field 18, a string; field 19, bool true in its header; stop.
        let value = ThriftValue.structure([1: .i32(-2), 17: .i64(300), 18: .string("ab"), 19: .bool(true)])
        let bytes: [UInt8] = [0x15, 0x03, 0x06, 0x22, 0xD8, 0x04, 0x18, 0x02, 0x61, 0x62, 0x11, 0x00]
        #expect(value.encoded == bytes)
        #expect(try Self.decode(bytes) == value)
    }

    @Test func listsOfFifteenOrMoreCarryTheirSizeApart() throws {
        let short = ThriftValue.list((0..<3).map { ThriftValue.i32(Int32($0)) })
        let long = ThriftValue.list((0..<15).map { ThriftValue.i32(Int32($0)) })
        let value = ThriftValue.structure([1: short, 2: long, 3: .structure([1: .structure([])])])
        let bytes = value.encoded
        #expect(Array(bytes.prefix(5)) == [0x19, 0x35, 0x00, 0x02, 0x04])
        #expect(Array(bytes[5..<8]) == [0x19, 0xF5, 0x0F])
        #expect(try Self.decode(bytes) == value)
        #expect(try Self.decode(bytes)[2]?.elements?.count == 15)
    }

    @Test func truncatedOrNonsenseMetadataIsDamage() {
        #expect(throws: ParquetDamage.self) { try Self.decode([0x15]) }
        #expect(throws: ParquetDamage.self) { try Self.decode([0x1D, 0x00]) }  // type 13 does not exist
        #expect(throws: ParquetDamage.self) { try Self.decode([0x19, 0xF5, 0xFF, 0xFF, 0x03]) }  // a list longer than the bytes
        #expect(throws: ParquetDamage.self) { try Self.decode([UInt8](repeating: 0x1C, count: 64)) }  // nested past any real metadata
    }
}
