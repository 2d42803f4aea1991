/// The ids of a chunk's rows, in row order, held as plain numbers where they are numbers.
///
/// An array of `IdentifierKey` costs 16 bytes and a reference count per row, copied one by
/// one when chunks are joined; here a numeric id (the common case) is its `Int64`, so a join
/// of ten million ids is one copy of 80 MB. Any other id (or a missing one) is kept as its key
/// beside, its row holding `-1 - position` there.
struct IdentifierKeys {
    private var numbers: [Int64] = []
    private var others: [IdentifierKey] = []

    var count: Int { numbers.count }

    mutating func reserveCapacity(_ count: Int) {
        numbers.reserveCapacity(count)
    }

    /// Appends the id written in `field`.
    mutating func append(_ field: UnsafeBufferPointer<UInt8>) {
        let key = IdentifierKey(field)
        if let number = key.number {
            numbers.append(number)
        } else {
            numbers.append(-1 - Int64(others.count))
            others.append(key)
        }
    }

    /// Appends `next`'s ids after these.
    mutating func append(contentsOf next: IdentifierKeys) {
        if next.others.isEmpty {
            numbers += next.numbers
        } else {
            let shift = Int64(others.count)
            numbers += next.numbers.lazy.map { $0 < 0 ? $0 - shift : $0 }
            others += next.others
        }
    }

    subscript(row: Int) -> IdentifierKey {
        let number = numbers[row]
        return number >= 0 ? IdentifierKey(number: number) : others[Int(-1 - number)]
    }
}
