// swift-tools-version: 6.1
import PackageDescription

// Micro-benchmarks of Mamori's hot steps with package-benchmark (ordo-one/benchmark): instruction and allocation
// counts stay the same run after run on a shared machine where wall-clock times drift by ±20 %. A package of its own,
// so that building and testing Mamori never builds the benchmark harness.
//
//     swift package --package-path Benchmarks benchmark
let package = Package(
    name: "MamoriBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Mamori", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"])
    ],
    targets: [
        .executableTarget(
            name: "MamoriBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "MamoriKit", package: "Mamori")
            ],
            path: "Benchmarks/MamoriBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        )
    ],
    swiftLanguageModes: [.v6]
)
