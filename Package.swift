// swift-tools-version: 6.0
import PackageDescription

/// The pipeline reads left to right in this manifest: extract, transform, aggregate, load,
/// then `Barometer`, which runs a pipeline file end to end, and the thin `barometer` command.
let package = Package(
    name: "Barometer",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "barometer", targets: ["barometer"]),
        .library(name: "Barometer", targets: ["Barometer"]),
        // The stage libraries on their own, for embedding and for the fuzz targets in Fuzz/.
        .library(name: "BarometerExtract", targets: ["BarometerExtract"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // SHA-256 with the x86 SHA instructions, for input fingerprints (BarometerCore's SHA256).
        .target(name: "CSHA256"),
        // glibc's allocator told to keep freed memory for reuse (BarometerCore's FreedMemory).
        .target(name: "CHeap"),
        .target(name: "BarometerCore", dependencies: ["CSHA256", "CHeap"]),
        // The system libxml2 (apt: libxml2-dev), wrapped by BarometerExtract's XML readers.
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
        // Delimiters and line breaks found 64 bytes at a time with SSE2, for the CSV scanner.
        .target(name: "CByteMasks"),
        .target(name: "BarometerExtract", dependencies: ["BarometerCore", "CLibXML2", "CByteMasks"]),
        .target(name: "BarometerTransform", dependencies: ["BarometerCore"]),
        .target(name: "BarometerAggregate", dependencies: ["BarometerCore"]),
        .target(
            name: "BarometerLoad",
            dependencies: [
                "BarometerCore", "BarometerAggregate", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]),
        .target(
            name: "Barometer",
            dependencies: [
                "BarometerCore", "BarometerExtract", "BarometerTransform", "BarometerAggregate",
                "BarometerLoad",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "barometer",
            dependencies: [
                "Barometer", "BarometerCore", "BarometerLoad",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "BarometerCoreTests", dependencies: ["BarometerCore"]),
        .testTarget(
            name: "BarometerExtractTests", dependencies: ["BarometerExtract", "BarometerCore", "CByteMasks"],
            exclude: ["XML/Fixtures", "CSV/Fixtures"]),
        .testTarget(name: "BarometerTransformTests", dependencies: ["BarometerTransform", "BarometerCore"]),
        .testTarget(
            name: "BarometerAggregateTests", dependencies: ["BarometerAggregate", "BarometerTransform", "BarometerCore"],
            exclude: ["Fixtures", "Distributions/Fixtures"]),
        .testTarget(
            name: "BarometerLoadTests",
            dependencies: [
                "BarometerLoad", "BarometerCore", "BarometerAggregate", .product(name: "GRDB", package: "GRDB.swift"),
                // The sample pipelines' reports are checked end to end against their tables.
                "Barometer",
            ]),
        .testTarget(
            name: "BarometerTests",
            dependencies: [
                "Barometer", "BarometerCore", "BarometerExtract", "BarometerLoad",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Reference", "Running/Stages/Parquet/Fixtures"]),
        .testTarget(name: "barometerTests", dependencies: ["barometer", .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)
