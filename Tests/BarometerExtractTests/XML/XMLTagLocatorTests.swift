import Testing

@testable import BarometerExtract

@Suite struct XMLTagLocatorTests {
    @Test func countsCharactersAndSkipsMarkupThatIsNotATag() {
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [ <!ENTITY e \"<v>\"> ]>\n<r><!-- <v> --><![CDATA[<v>]]>æ<v/>\n  <v>\n</r>"
        var locator = XMLTagLocator(bytes: Array(text.utf8), declaredEncoding: nil)
        #expect(locator.column(ofStartTag: "r", line: 3) == 1)
        #expect(locator.column(ofStartTag: "v", line: 3) == 32)
        #expect(locator.column(ofStartTag: "v", line: 4) == 3)
    }

    @Test func singleByteEncodingsCountBytes() {
        let bytes: [UInt8] = Array("<r>".utf8) + [0xE6, 0xF8] + Array("<v/></r>".utf8)
        var locator = XMLTagLocator(bytes: bytes, declaredEncoding: "ISO-8859-1")
        #expect(locator.column(ofStartTag: "r", line: 1) == 1)
        #expect(locator.column(ofStartTag: "v", line: 1) == 6)
    }

    @Test func aTagOnALaterLineIsNotFound() {
        var locator = XMLTagLocator(bytes: Array("<r>\n<v/>".utf8), declaredEncoding: nil)
        #expect(locator.column(ofStartTag: "v", line: 1) == nil)
        #expect(locator.column(ofStartTag: "r", line: 1) == 1)
        #expect(locator.column(ofStartTag: "v", line: 2) == 1)
    }
}
