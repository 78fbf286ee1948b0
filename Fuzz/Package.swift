// swift-tools-version:6.0
// Coverage-guided fuzz targets (libFuzzer) for Flipbook's input readers, one executable each.
// Build and run them with ../scripts/fuzz.sh, which builds with `-Xswiftc -sanitize=fuzzer`:
// every Swift module is instrumented and libFuzzer is linked from the toolchain's compiler-rt.
// Each main.swift hands its per-input function to libFuzzer (FuzzSupport.runLibFuzzer).
import PackageDescription

let package = Package(
    name: "FlipbookFuzz",
    dependencies: [
        .package(name: "Flipbook", path: ".."),
    ],
    targets: [
        .systemLibrary(name: "FuzzZlib", path: "Sources/FuzzZlib"),
        // The independent decoders of the encoders' differential targets (Debian's libgif-dev, libwebp-dev).
        .systemLibrary(name: "FuzzGIFLib", path: "Sources/FuzzGIFLib"),
        .systemLibrary(name: "FuzzWebPDemux", path: "Sources/FuzzWebPDemux"),
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"]),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport", .product(name: "Flipbook", package: "Flipbook")]),
        .executableTarget(name: "FuzzIDX", dependencies: ["FuzzSupport", "FuzzZlib", .product(name: "Flipbook", package: "Flipbook")]),
        .executableTarget(name: "FuzzConfig", dependencies: ["FuzzSupport", .product(name: "Flipbook", package: "Flipbook")]),
        .executableTarget(name: "FuzzStore", dependencies: ["FuzzSupport", .product(name: "Flipbook", package: "Flipbook")]),
        .target(name: "FrameSequences", dependencies: [.product(name: "Encoding", package: "Flipbook")]),
        .executableTarget(name: "FuzzGIF", dependencies: [
            "FuzzSupport", "FrameSequences", "FuzzGIFLib", .product(name: "Encoding", package: "Flipbook"),
        ]),
        .executableTarget(name: "FuzzWebP", dependencies: [
            "FuzzSupport", "FrameSequences", "FuzzWebPDemux", .product(name: "Encoding", package: "Flipbook"),
        ]),
        .executableTarget(name: "FuzzCLI", dependencies: [
            "FuzzSupport", .product(name: "FlipbookCommandLine", package: "Flipbook"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
