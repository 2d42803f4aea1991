import BarometerCore

/// The data rows of a stage artifact's CSV, rendered row by row straight into the file's
/// buffer.
///
/// Every column's storage is opened once for the whole write (`withRows`), so the per-cell
/// loop reads plain pointers: no reference counting, no uniqueness checks, and no copy of the
/// cells between rendering and the buffer.
struct DatasetCSVRows: ~Copyable {
    /// One column's cells as the loop reads them.
    private enum Cells {
        case byte(UnsafeBufferPointer<UInt8>)
        case integer(UnsafeBufferPointer<Int32>)
        case real(UnsafeBufferPointer<Double>)
        case text(bytes: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<Int>)

        /// The bits of the cell at `row` (its end, for text): only for loading it early.
        @inline(__always)
        func bits(at row: Int) -> UInt64 {
            switch self {
            case .byte(let values): UInt64(values[row])
            case .integer(let values): UInt64(truncatingIfNeeded: values[row])
            case .real(let values): values[row].bitPattern
            case .text(_, let ends): UInt64(truncatingIfNeeded: ends[row])
            }
        }
    }

    private let cells: [Cells]
    private let rowCount: Int
    /// The most bytes a row's integer and real cells take, with every comma and the line feed.
    private let fixedWidth: Int
    /// The ends of the text columns, whose cells' widths vary by row.
    private let textEnds: [UnsafeBufferPointer<Int>]
    private var recent: RecentReals
    /// A byte code's cell followed by its comma, little-endian in the low 32 bits, with its
    /// length above them: "7," or "254,", and "," for missing (255).
    private let byteCells: UnsafeMutablePointer<UInt64>

    private init(cells: [Cells], rowCount: Int) {
        self.cells = cells
        self.rowCount = rowCount
        fixedWidth = max(1, cells.count) + cells.reduce(0) { width, cells in
            switch cells {
            case .byte: width + 3  // "254"
            case .integer: width + 11  // "-2147483647"
            case .real: width + RecentReals.width  // room for a whole slot (see `RecentReals.append`)
            case .text: width
            }
        }
        textEnds = cells.compactMap { cells in
            guard case .text(_, let ends) = cells else { return nil }
            return ends
        }
        recent = RecentReals(columns: cells.count)
        byteCells = .allocate(capacity: 256)
        for code in 0...255 {
            let text = Array((code == Int(IntegerColumn.missingByte) ? "," : "\(code),").utf8)
            byteCells[code] = text.enumerated().reduce(UInt64(text.count) << 32) { $0 | UInt64($1.element) << (8 * $1.offset) }
        }
    }

    deinit {
        byteCells.deallocate()
    }

    /// Calls `body` with the rows of `columns`, valid during the call only.
    static func withRows<Result>(of columns: [Column], _ body: (inout DatasetCSVRows) throws -> Result) rethrows -> Result {
        try withCells(of: columns, opened: []) { cells in
            var rows = DatasetCSVRows(cells: cells, rowCount: columns.first?.count ?? 0)
            return try body(&rows)
        }
    }

    /// Opens the columns' storage one after the other, nested, so all stay open together.
    private static func withCells<Result>(of columns: [Column], opened: [Cells], _ body: ([Cells]) throws -> Result) rethrows
        -> Result
    {
        guard opened.count < columns.count else { return try body(opened) }
        switch columns[opened.count].values {
        case .integer(let values):
            return try values.withStorage { storage in
                switch storage {
                case .bytes(let bytes): try withCells(of: columns, opened: opened + [.byte(bytes)], body)
                case .wide(let codes): try withCells(of: columns, opened: opened + [.integer(codes)], body)
                }
            }
        case .real(let values):
            return try values.withUnsafeBufferPointer { try withCells(of: columns, opened: opened + [.real($0)], body) }
        case .text(let texts):
            return try texts.bytes.withUnsafeBufferPointer { bytes in
                try texts.ends.withUnsafeBufferPointer { ends in
                    try withCells(of: columns, opened: opened + [.text(bytes: bytes, ends: ends)], body)
                }
            }
        }
    }

    /// Whether a cell holding `byte` must be quoted.
    static func needsQuotes(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 10 || byte == 13
    }

    /// Appends every row, each ended by a line feed.
    mutating func write(to out: inout BufferedFileWriter) {
        var touched: UInt64 = 0
        cells.withUnsafeBufferPointer { cells in
            for row in 0..<rowCount {
                // A row reads one cell of every column: dozens of streams, more than the
                // hardware prefetcher follows. Loading the cells a few rows ahead, all at once,
                // puts their cache misses in flight together instead of one after another.
                if row & 7 == 0 {
                    let ahead = min(row + 16, rowCount - 1)
                    for cell in cells { touched &+= cell.bits(at: ahead) }
                }
                var width = fixedWidth
                for ends in textEnds { width += 2 * (ends[row] - (row == 0 ? 0 : ends[row - 1])) + 2 }
                out.append(upTo: width) { target in
                    // Every cell is followed by a comma; the last one becomes the line feed.
                    var position = 0
                    for column in cells.indices {
                        switch cells[column] {
                        case .byte(let values):
                            // The cell and its comma, at most four bytes, in one store.
                            let entry = byteCells[Int(values[row])]
                            UnsafeMutableRawPointer(target + position).storeBytes(
                                of: UInt32(truncatingIfNeeded: entry), as: UInt32.self)
                            position += Int(entry >> 32)
                            continue
                        case .integer(let values):
                            let value = values[row]
                            if UInt32(bitPattern: value) < 10 {
                                target[position] = 0x30 &+ UInt8(truncatingIfNeeded: value)
                                position += 1
                            } else if value != Column.missingCode {
                                position = Self.decimal(Int(value), to: target, at: position)
                            }
                        case .real(let values):
                            position = recent.append(values[row], column: column, to: target, at: position)
                        case .text(let bytes, let ends):
                            let range = (row == 0 ? 0 : ends[row - 1])..<ends[row]
                            position = Self.text(UnsafeBufferPointer(rebasing: bytes[range]), to: target, at: position)
                        }
                        target[position] = UInt8(ascii: ",")
                        position += 1
                    }
                    // A table without columns still has its rows' line feeds.
                    if position == 0 { position = 1 }
                    target[position - 1] = 10
                    return position
                }
            }
        }
        // Used, so the loads ahead are not optimised away.
        if touched == 1 { out.append(utf8: "") }
    }

    /// Writes `value` in decimal at `position`; returns the position after it.
    @inline(__always)
    fileprivate static func decimal(_ value: Int, to target: UnsafeMutablePointer<UInt8>, at position: Int) -> Int {
        var position = position
        if value < 0 {
            target[position] = UInt8(ascii: "-")
            position += 1
        }
        var rest = value.magnitude
        if rest < 10 {
            target[position] = 0x30 &+ UInt8(truncatingIfNeeded: rest)
            return position + 1
        }
        var digits = 1
        var probe = rest / 10
        while probe > 0 {
            digits += 1
            probe /= 10
        }
        var index = position + digits
        while index > position {
            index -= 1
            target[index] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
        return position + digits
    }

    /// Writes a text cell at `position`, quoted when it holds a comma, a quote or a line break.
    private static func text(_ text: UnsafeBufferPointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, at position: Int) -> Int {
        var position = position
        guard text.contains(where: needsQuotes) else {
            if let base = text.baseAddress { (target + position).update(from: base, count: text.count) }
            return position + text.count
        }
        let quote = UInt8(ascii: "\"")
        target[position] = quote
        position += 1
        for byte in text {
            if byte == quote {
                target[position] = quote
                position += 1
            }
            target[position] = byte
            position += 1
        }
        target[position] = quote
        return position + 1
    }

    /// The text of recently written reals, by column and value: empty for NaN, whole numbers
    /// as integers, others in their shortest round-trip form.
    ///
    /// Weights and calibration columns repeat a few hundred distinct values over millions of
    /// rows; formatting each once instead of once per cell makes them as cheap to write as
    /// integers.
    private struct RecentReals: ~Copyable {
        // Direct-mapped: room for four times the distinct values a calibrated weight column
        // usually has, so that two frequent values rarely share a slot.
        private static let slots = 1024
        /// Bytes per slot, more than the longest text ("-2.2250738585072014e-308").
        static let width = 32
        private let keys: UnsafeMutablePointer<UInt64>
        private let lengths: UnsafeMutablePointer<UInt8>
        private let texts: UnsafeMutablePointer<UInt8>

        init(columns: Int) {
            let count = max(1, columns) * Self.slots
            // Every slot starts as NaN, whose text is empty.
            keys = .allocate(capacity: count)
            keys.initialize(repeating: Double.nan.bitPattern, count: count)
            lengths = .allocate(capacity: count)
            lengths.initialize(repeating: 0, count: count)
            texts = .allocate(capacity: count * Self.width)
            texts.initialize(repeating: 0, count: count * Self.width)
        }

        deinit {
            keys.deallocate()
            lengths.deallocate()
            texts.deallocate()
        }

        /// Writes the text of `value`, a cell of `column`, at `position`; returns the position
        /// after it.
        @inline(__always)
        func append(_ value: Double, column: Int, to target: UnsafeMutablePointer<UInt8>, at position: Int) -> Int {
            let key = value.bitPattern
            let slot = column * Self.slots + Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 54)
            let text = texts + slot * Self.width
            if keys[slot] != key {
                let length: Int
                if value.isNaN {
                    length = 0
                } else if value == value.rounded(), abs(value) < 1e15 {
                    length = DatasetCSVRows.decimal(Int(value), to: text, at: 0)
                } else {
                    var description = value.description
                    length = description.withUTF8 { utf8 in
                        text.update(from: utf8.baseAddress!, count: utf8.count)
                        return utf8.count
                    }
                }
                keys[slot] = key
                lengths[slot] = UInt8(length)
            }
            // The whole slot in two stores, not a copy call per cell: the row's room holds a
            // slot per real cell, and what lies past the text is overwritten or dropped.
            let (source, destination) = (UnsafeRawPointer(text), UnsafeMutableRawPointer(target + position))
            destination.storeBytes(of: source.loadUnaligned(as: SIMD16<UInt8>.self), as: SIMD16<UInt8>.self)
            destination.storeBytes(
                of: source.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt8>.self), toByteOffset: 16, as: SIMD16<UInt8>.self)
            return position + Int(lengths[slot])
        }
    }
}
