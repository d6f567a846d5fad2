// swift-tools-version:6.1
import PackageDescription

// Rows cross from GaizaoModel (RowCells) through GaizaoIngest into GaizaoStore (RowInserter) a million times a month:
// without cross-module optimisation their generic methods run unspecialised (ingest was 2–3× slower after the split).
let crossModule: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "gaizao",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gaizao", targets: ["gaizao"]),
        .library(name: "GaizaoCore", targets: ["GaizaoModel", "GaizaoPipeline", "GaizaoStore", "GaizaoIngest", "GaizaoValidate",
                                               "GaizaoCompute", "GaizaoReport", "GaizaoRun"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),   // LogHandler.log(event:)
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
    ],
    targets: [
        // C libraries from Debian, reached only through the two small wrappers below.
        .systemLibrary(name: "Clibcsv", providers: [.apt(["libcsv-dev"])]),
        .systemLibrary(name: "Cxlsxwriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .target(name: "CSVStream", dependencies: ["Clibcsv"]),
        // Workbooks as towns send them: the zip through ZIPFoundation, each XML part streamed through libexpat.
        .systemLibrary(name: "Cexpat", providers: [.apt(["libexpat1-dev"])]),
        .systemLibrary(name: "Cfreexl", pkgConfig: "freexl", providers: [.apt(["libfreexl-dev"])]),   // BIFF8 .xls / .et
        .systemLibrary(name: "Clibxml2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),  // HTML "伪 .xls"
        .target(name: "SheetStream", dependencies: ["CSVStream", "Cexpat", "Cfreexl", "Clibxml2", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                // Exclusivity is checked at every access to the parser's state, thirty million times a sheet; the
                // state is touched by one thread (SheetJob) and never through overlapping inout accesses.
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        // Lets XLSXWriter choose the deflate level libxlsxwriter cannot be told (see its header).
        .target(name: "CZipSpeed", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "XLSXWriter", dependencies: ["Cxlsxwriter", "CZipSpeed"]),
        // The stages over a model and a store, each depending only downward (docs/architecture.md):
        //   GaizaoModel → GaizaoPipeline → GaizaoStore → GaizaoIngest | GaizaoValidate | GaizaoCompute | GaizaoReport
        //   → GaizaoRun → gaizao (the CLI).
        // Plain values: periods, the pipeline model, issues, figures, rows, names. No I/O, no SQL.
        .target(name: "GaizaoModel", dependencies: ["CSVStream"], swiftSettings: crossModule),
        // Reading and checking pipeline files (YAML, targets CSV).
        .target(name: "GaizaoPipeline", dependencies: ["GaizaoModel", "CSVStream", .product(name: "Yams", package: "Yams")]),
        // The SQLite warehouse: the boundary between stages.
        .target(
            name: "GaizaoStore",
            dependencies: [
                "GaizaoModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),   // RowInserter binds rows directly
                .product(name: "Crypto", package: "swift-crypto"),     // row versions are told apart by SHA-256
            ],
            swiftSettings: crossModule),
        .target(
            name: "GaizaoIngest",
            dependencies: ["GaizaoModel", "GaizaoStore", "CSVStream", "SheetStream", "XLSXWriter",
                           .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "GaizaoValidate", dependencies: ["GaizaoModel", "GaizaoStore"]),
        .target(name: "GaizaoCompute", dependencies: ["GaizaoModel", "GaizaoStore"]),
        .target(name: "GaizaoReport", dependencies: ["GaizaoModel", "GaizaoStore", "XLSXWriter",
                                                    .product(name: "ZIPFoundation", package: "ZIPFoundation"),   // 通报.docx
                                                    .product(name: "Crypto", package: "swift-crypto")]),         // 上报表 digests
        // One month's orchestration: the lock, the stages in order, the manifest.
        .target(
            name: "GaizaoRun",
            dependencies: [
                "GaizaoModel", "GaizaoPipeline", "GaizaoStore", "GaizaoIngest", "GaizaoValidate", "GaizaoCompute", "GaizaoReport",
                "CSVStream", .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .executableTarget(
            name: "gaizao",
            dependencies: [
                "GaizaoModel", "GaizaoPipeline", "GaizaoStore", "GaizaoIngest", "GaizaoValidate", "GaizaoCompute", "GaizaoReport", "GaizaoRun",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // `make fuzz` builds this with -sanitize=fuzzer -DFUZZING; a normal build replays corpus files.
        .executableTarget(name: "gaizao-fuzz", dependencies: ["GaizaoModel", "GaizaoPipeline", "GaizaoIngest"]),
        // SPEC §6 written out again, apart from the engine (it depends on nothing): the property test's oracle.
        .target(name: "SpecReference", path: "Tests/SpecReference"),
        .testTarget(
            name: "GaizaoCoreTests",
            dependencies: [
                "GaizaoModel", "GaizaoPipeline", "GaizaoStore", "GaizaoIngest", "GaizaoValidate", "GaizaoCompute", "GaizaoReport",
                "GaizaoRun", "CSVStream", "SheetStream", "XLSXWriter", "SpecReference",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
