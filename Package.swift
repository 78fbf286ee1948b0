// swift-tools-version:6.0
// Flipbook: neural networks from scratch, trained and drawn as animated GIFs.
// docs/design.md maps the modules as they are; arrows point down this file.
import PackageDescription

let package = Package(
    name: "Flipbook",
    products: [
        .executable(name: "flipbook", targets: ["FlipbookCLI"]),
        .executable(name: "flipbook-bench", targets: ["FlipbookBench"]),
        .library(name: "Flipbook", targets: ["Flipbook"]),
        // The command's definitions, for the fuzzers in Fuzz/ (tests link the target directly).
        .library(name: "FlipbookCommandLine", targets: ["FlipbookCommandLine"]),
        // The encoders, for the fuzzers' differential targets.
        .library(name: "Encoding", targets: ["Encoding"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // System libraries (Debian packages installed by scripts/setup.sh).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CGD", path: "Sources/CGD"),
        .systemLibrary(name: "CWebP", path: "Sources/CWebP"),
        .systemLibrary(name: "CDeflate", path: "Sources/CDeflate"),
        // FFmpeg's libavcodec (libx264), libavformat, libswscale and libavutil: MP4Writer's H.264.
        .systemLibrary(name: "CAV", path: "Sources/CAV"),

        .target(name: "CKernels"),
        // The commit the executable was built from (scripts/install.sh defines it).
        .target(name: "CBuildInfo"),

        .target(name: "LinearAlgebra", dependencies: ["CBLAS", "CKernels"]),
        .target(name: "Neural", dependencies: ["LinearAlgebra", "CZlib"]),
        .target(name: "Datasets", dependencies: ["LinearAlgebra", "CZlib", .product(name: "CSV", package: "CSV.swift")]),
        .target(name: "FrameStore", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        // Encoding takes indexed frames and writes files (GIF, WebP, MP4, PNG, atomically); it imports no libgd.
        .target(name: "Encoding", dependencies: ["CDeflate", "CAV", "CKernels"]),
        .target(name: "Render", dependencies: ["CGD", "Encoding", "CKernels"]),
        .target(name: "Flipbook", dependencies: ["LinearAlgebra", "Neural", "Datasets", "FrameStore", "Encoding", "Render", "CKernels"]),
        .target(name: "FlipbookCommandLine", dependencies: [
            "Flipbook", "Neural", "Render", "CBuildInfo",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "FlipbookCLI", dependencies: ["FlipbookCommandLine"]),
        .executableTarget(name: "FlipbookBench", dependencies: [
            "Flipbook", "LinearAlgebra", "Neural", "Datasets", "Encoding", "Render", "CWebP",
        ]),

        // Helpers every test target shares (a temporary directory, approximate equality).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TestSupport"]),
        .testTarget(name: "NeuralTests", dependencies: ["Neural", "LinearAlgebra", "Datasets", "TestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "LinearAlgebra"]),
        .testTarget(name: "FrameStoreTests", dependencies: ["FrameStore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "FlipbookTests", dependencies: ["Flipbook", "FrameStore", "Neural", "Datasets", "FlipbookCLI",
                                                        "FlipbookCommandLine", "TestSupport",
                                                        .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "Encoding", "CGD", "TestSupport", "LinearAlgebra"]),
        .testTarget(name: "EncodingTests", dependencies: ["Encoding", "Render", "TestSupport", "LinearAlgebra"]),
        // Every view drawn by `flipbook render` and `compare` from hand-made stores, compared with
        // the committed pictures in Tests/PictureTests/References (read by path, not as resources).
        .testTarget(name: "PictureTests", dependencies: ["FlipbookCommandLine", "FrameStore", "CGD", "TestSupport",
                                                       .product(name: "ArgumentParser", package: "swift-argument-parser")],
                    exclude: ["References"]),
    ],
    swiftLanguageModes: [.v6]
)
