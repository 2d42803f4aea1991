import BarometerExtract
import FuzzSupport

/// Triple-S: the metadata XML, then the data file (fixed width or CSV, as the metadata says).
@_cdecl("FuzzTripleS_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start = data.map(UnsafeRawPointer.init) else { return 0 }
    let input = FuzzInput(start, count)
    let metadata = FuzzInput.write(input.part(0), as: "survey.sss")
    let data = FuzzInput.write(input.part(1), as: "survey.asc")
    _ = try? TripleSReader().read(metadataPath: metadata, dataPath: data)
    return 0
}
