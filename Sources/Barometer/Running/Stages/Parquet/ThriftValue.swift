/// A value in Thrift's compact protocol, the encoding of Parquet's metadata: the file's footer
/// and each page's header.
///
/// Parquet's metadata is a handful of small structures written once per file or page, so they
/// are built and read as a tree rather than through generated code. A struct's fields are
/// kept by id, in ascending order, as the compact protocol writes them; fields a reader does
/// not know (statistics, encryption) are decoded like any other and ignored.
enum ThriftValue: Equatable {
    case bool(Bool)
    /// A byte, `i16`, `i32` or `i64`; `type` says which, for writing.
    case integer(Int64, IntegerType)
    case double(Double)
    case binary([UInt8])
    case list(elementType: UInt8, [ThriftValue])
    case structure([(id: Int16, value: ThriftValue)])

    enum IntegerType: UInt8 { case byte = 3, i16 = 4, i32 = 5, i64 = 6 }

    static func == (lhs: ThriftValue, rhs: ThriftValue) -> Bool {
        switch (lhs, rhs) {
        case (.bool(let a), .bool(let b)): a == b
        case (.integer(let a, let t), .integer(let b, let u)): a == b && t == u
        case (.double(let a), .double(let b)): a.bitPattern == b.bitPattern
        case (.binary(let a), .binary(let b)): a == b
        case (.list(let t, let a), .list(let u, let b)): t == u && a == b
        case (.structure(let a), .structure(let b)): a.map(\.id) == b.map(\.id) && a.map(\.value) == b.map(\.value)
        default: false
        }
    }

    static func i32(_ value: Int32) -> ThriftValue { .integer(Int64(value), .i32) }
    static func i64(_ value: Int) -> ThriftValue { .integer(Int64(value), .i64) }
    static func string(_ value: String) -> ThriftValue { .binary(Array(value.utf8)) }
    static func list(_ values: [ThriftValue]) -> ThriftValue { .list(elementType: values.first?.typeCode ?? 12, values) }

    /// A struct of the fields that are present (`nil` values are optional fields left out).
    static func structure(_ fields: KeyValuePairs<Int16, ThriftValue?>) -> ThriftValue {
        .structure(fields.compactMap { id, value in value.map { (id, $0) } })
    }

    // MARK: Reading fields

    /// The struct field `id`, or nil when absent or not a struct.
    subscript(id: Int16) -> ThriftValue? {
        guard case .structure(let fields) = self else { return nil }
        return fields.first { $0.id == id }?.value
    }

    var integer: Int64? {
        if case .integer(let value, _) = self { return value }
        return nil
    }

    var bytes: [UInt8]? {
        if case .binary(let value) = self { return value }
        return nil
    }

    var elements: [ThriftValue]? {
        if case .list(_, let values) = self { return values }
        return nil
    }

    // MARK: Encoding

    /// The compact protocol's type code, as a field header or a list header carries it.
    private var typeCode: UInt8 {
        switch self {
        case .bool(let value): value ? 1 : 2
        case .integer(_, let type): type.rawValue
        case .double: 7
        case .binary: 8
        case .list: 9
        case .structure: 12
        }
    }

    /// Appends the compact encoding of this value (a struct ends with its stop byte).
    func encode(into out: inout [UInt8]) {
        switch self {
        case .bool(let value): out.append(value ? 1 : 0)  // only inside a list; a field's header holds it
        case .integer(let value, .byte): out.append(UInt8(truncatingIfNeeded: value))
        case .integer(let value, _): Self.appendVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)), to: &out)
        case .double(let value): withUnsafeBytes(of: value.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        case .binary(let bytes):
            Self.appendVarint(UInt64(bytes.count), to: &out)
            out.append(contentsOf: bytes)
        case .list(let elementType, let values):
            if values.count < 15 {
                out.append(UInt8(values.count) << 4 | elementType)
            } else {
                out.append(0xF0 | elementType)
                Self.appendVarint(UInt64(values.count), to: &out)
            }
            for value in values { value.encode(into: &out) }
        case .structure(let fields):
            var last: Int16 = 0
            for (id, value) in fields {
                let delta = Int(id) - Int(last)
                if delta > 0, delta <= 15 {
                    out.append(UInt8(delta) << 4 | value.typeCode)
                } else {
                    out.append(value.typeCode)
                    ThriftValue.integer(Int64(id), .i16).encode(into: &out)
                }
                if case .bool = value {} else { value.encode(into: &out) }
                last = id
            }
            out.append(0)
        }
    }

    var encoded: [UInt8] {
        var out: [UInt8] = []
        encode(into: &out)
        return out
    }

    private static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }

    // MARK: Decoding

    /// Decodes the struct that starts at `cursor`, leaving the cursor after its stop byte.
    static func decodeStructure(from cursor: inout ByteCursor) throws -> ThriftValue {
        try decode(type: 12, from: &cursor, depth: 0)
    }

    /// Deeper nesting than Parquet's metadata has is damage, not data.
    private static let maximumDepth = 32

    private static func decode(type: UInt8, from cursor: inout ByteCursor, depth: Int) throws -> ThriftValue {
        guard depth < maximumDepth else { throw cursor.damaged("metadata nested too deeply") }
        switch type {
        case 1, 2: return .bool(type == 1)
        case 3: return .integer(Int64(Int8(bitPattern: try cursor.byte())), .byte)
        case 4, 5, 6:
            let raw = try cursor.varint()
            return .integer(Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1), IntegerType(rawValue: type)!)
        case 7: return .double(Double(bitPattern: UInt64(littleEndian: try cursor.load(UInt64.self))))
        case 8:
            let count = try cursor.varint()
            return .binary(Array(try cursor.bytes(count: Int(clamping: count))))
        case 9, 10:
            let header = try cursor.byte()
            let elementType = header & 0x0F
            let count = header >> 4 == 15 ? Int(clamping: try cursor.varint()) : Int(header >> 4)
            guard count <= cursor.remaining else { throw cursor.damaged("a list longer than the metadata") }
            var values: [ThriftValue] = []
            values.reserveCapacity(count)
            for _ in 0..<count {
                if elementType == 1 || elementType == 2 {
                    values.append(.bool(try cursor.byte() == 1))
                } else {
                    values.append(try decode(type: elementType, from: &cursor, depth: depth + 1))
                }
            }
            return .list(elementType: elementType, values)
        case 12:
            var fields: [(id: Int16, value: ThriftValue)] = []
            var last: Int16 = 0
            while true {
                let header = try cursor.byte()
                if header == 0 { return .structure(fields) }
                let fieldType = header & 0x0F
                let delta = header >> 4
                let id: Int16
                if delta == 0 {
                    guard case .integer(let raw, _) = try decode(type: 4, from: &cursor, depth: depth + 1),
                        let value = Int16(exactly: raw)
                    else { throw cursor.damaged("a bad field id") }
                    id = value
                } else {
                    id = last &+ Int16(delta)
                }
                fields.append((id, try decode(type: fieldType, from: &cursor, depth: depth + 1)))
                last = id
            }
        default:
            throw cursor.damaged("an unknown metadata type \(type)")
        }
    }
}
