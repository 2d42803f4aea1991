import Testing

@testable import BarometerCore

@Suite struct SHA256Tests {
    // FIPS 180-4 example vectors, and one spanning several blocks with an odd split.
    @Test func knownDigests() {
        #expect(SHA256.hex(of: [UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func incrementalUpdatesEqualOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var hasher = SHA256()
        hasher.update(bytes[0..<7])
        hasher.update(bytes[7..<130])
        hasher.update(bytes[130...])
        #expect(hasher.finalizeHex() == SHA256.hex(of: bytes))
        // sha256sum of the same 1000 bytes, computed outside Swift.
        #expect(SHA256.hex(of: bytes) == "945acdf575d6a2430bf4d6163e1d03b4b0b896fcef107c8b24bf7ff07a621fa3")
    }

    /// The processor's SHA instructions and the portable rounds agree on every length around
    /// block boundaries and on a long input (where the machine has the instructions).
    @Test func bothPathsAgree() {
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 7) }
        for length in Array(0...200) + [4_095, 4_096, 65_537, 100_000] {
            var fast = SHA256()
            var portable = SHA256()
            portable.accelerated = false
            fast.update(bytes[..<length])
            portable.update(bytes[..<length])
            #expect(fast.finalizeHex() == portable.finalizeHex(), "length \(length)")
        }
    }
}
