import Barometer
import FuzzSupport

/// The pipeline file loader: YAML parsing, strict keys, path normalisation.
@_cdecl("FuzzPipelineYAML_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start = data.map(UnsafeRawPointer.init) else { return 0 }
    let path = FuzzInput.write(FuzzInput(start, count).part(0), as: "pipeline.yml")
    _ = try? PipelineLoader().load(path: path)
    return 0
}
