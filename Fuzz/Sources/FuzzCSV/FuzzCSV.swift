import BarometerExtract
import FuzzSupport

/// The CSV reader in every dialect: the first byte of the input picks one, the rest is the file.
@_cdecl("FuzzCSV_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start = data.map(UnsafeRawPointer.init) else { return 0 }
    guard count > 0 else { return 0 }
    let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    let dialects = [
        CSVDialect(),
        CSVDialect(delimiter: .byte(UInt8(ascii: ";")), encoding: .windows1252, decimal: .comma),
        CSVDialect(delimiter: .byte(UInt8(ascii: ",")), encoding: .utf8, decimal: .point),
        CSVDialect(delimiter: .byte(9), encoding: .utf16, decimal: .auto),
        CSVDialect(encoding: .latin1, header: false),
    ]
    let dialect = dialects[Int(bytes[0]) % dialects.count]
    _ = try? CSVReader(dialect: dialect).read(
        bytes: Array(bytes.dropFirst()), sourceName: "fuzz.csv", options: ExtractOptions(idColumn: bytes[0] & 8 == 0 ? nil : "id"))
    return 0
}
