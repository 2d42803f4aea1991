import BarometerExtract
import FuzzSupport

/// A SurveyXact bundle: dataset, structure and labels, in that order, separated by `--8<--` lines.
@_cdecl("FuzzSurveyXact_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start = data.map(UnsafeRawPointer.init) else { return 0 }
    let input = FuzzInput(start, count)
    FuzzInput.write(input.part(0), as: "dataset.csv")
    FuzzInput.write(input.part(1), as: "structure.csv")
    FuzzInput.write(input.part(2), as: "labels.csv")
    _ = try? SurveyXactBundleReader().read(directory: FuzzInput.folder, options: ExtractOptions(idColumn: "id"))
    return 0
}
