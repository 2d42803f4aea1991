// swift-tools-version: 6.0
import PackageDescription

/// libFuzzer targets for every reader of untrusted input. Built only by `Fuzz/run.sh`, with
/// `-sanitize=fuzzer,address`: libFuzzer supplies `main`, so a plain `swift build` here does
/// not link.
let package = Package(
    name: "BarometerFuzz",
    dependencies: [.package(name: "Barometer", path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport", .product(name: "BarometerExtract", package: "Barometer")]),
        .executableTarget(
            name: "FuzzSurveyXact", dependencies: ["FuzzSupport", .product(name: "BarometerExtract", package: "Barometer")]),
        .executableTarget(name: "FuzzTripleS", dependencies: ["FuzzSupport", .product(name: "BarometerExtract", package: "Barometer")]),
        .executableTarget(
            name: "FuzzSpreadsheetML", dependencies: ["FuzzSupport", .product(name: "BarometerExtract", package: "Barometer")]),
        .executableTarget(name: "FuzzPipelineYAML", dependencies: ["FuzzSupport", .product(name: "Barometer", package: "Barometer")]),
    ]
)
