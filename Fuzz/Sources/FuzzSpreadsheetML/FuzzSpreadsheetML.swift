import BarometerExtract
import FuzzSupport

/// A SpreadsheetML 2003 workbook.
@_cdecl("FuzzSpreadsheetML_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start = data.map(UnsafeRawPointer.init) else { return 0 }
    let path = FuzzInput.write(FuzzInput(start, count).part(0), as: "workbook.xml")
    _ = try? SpreadsheetMLReader().read(path: path)
    return 0
}
