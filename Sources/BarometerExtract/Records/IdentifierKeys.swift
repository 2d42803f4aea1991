/// The ids of a chunk's rows, in row order, held as plain numbers where they are numbers.
///
/// An array of `IdentifierKey` costs 16 bytes and a reference count per row, copied one by
/// one when chunks are joined; here a numeric id below 2^31 (the common case) is four bytes,
/// so a join of ten million ids is one copy of 40 MB. Any other id (a larger number, text, or
/// a missing id) is kept as its key beside, its row holding its place there with the top bit
/// set.
struct IdentifierKeys {
    private var rows: [UInt32] = []
    private var others: [IdentifierKey] = []
    /// Marks a row whose key is in `others`; the bits below are its index.
    private static let elsewhere: UInt32 = 1 << 31

    var count: Int { rows.count }

    mutating func reserveCapacity(_ count: Int) {
        rows.reserveCapacity(count)
    }

    /// Appends the id written in `field`.
    mutating func append(_ field: UnsafeBufferPointer<UInt8>) {
        let key = IdentifierKey(field)
        if let number = key.number, number < Int64(Self.elsewhere) {
            rows.append(UInt32(number))
        } else {
            rows.append(Self.elsewhere | UInt32(others.count))
            others.append(key)
        }
    }

    /// Appends `next`'s ids after these.
    mutating func append(contentsOf next: IdentifierKeys) {
        if next.others.isEmpty {
            rows += next.rows
        } else {
            let shift = UInt32(others.count)
            rows += next.rows.lazy.map { $0 >= Self.elsewhere ? $0 + shift : $0 }
            others += next.others
        }
    }

    subscript(row: Int) -> IdentifierKey {
        let value = rows[row]
        return value < Self.elsewhere ? IdentifierKey(number: Int64(value)) : others[Int(value - Self.elsewhere)]
    }
}
