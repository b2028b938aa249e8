// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Mamori",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "mamori", targets: ["mamori"]),
        .executable(name: "mamori-agent", targets: ["mamori-agent"]),
        .executable(name: "mamori-bench", targets: ["mamori-bench"]),
        // For the micro-benchmarks' package (Benchmarks/): the libraries below the server.
        .library(name: "MamoriKit", targets: ["MamoriCore", "MamoriCatalog", "MamoriStore", "MamoriAgentKit", "MamoriDocuments"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        // The API description is built from the same types the API reads; no external references to load.
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", from: "6.4.0", traits: [])
    ],
    targets: [
        .target(name: "MamoriCore"),
        .target(
            name: "MamoriCatalog",
            dependencies: ["MamoriCore", "MamoriAgentKit", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources/nakano.yaml")]
        ),
        .target(
            name: "MamoriStore",
            dependencies: [
                "MamoriCore", "MamoriAgentKit",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation")
            ]
        ),
        .target(name: "CSpawn"),
        .target(
            name: "MamoriAgentKit",
            dependencies: [
                "MamoriCore", "CSpawn",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams")
            ],
            // Embedded, so that the agent is one file to deploy (no resource bundle beside it).
            resources: ["checks", "linux", "macos", "windows"].map { .embedInCode("Resources/rules/\($0).yaml") }
        ),
        .target(
            name: "MamoriDocuments",
            dependencies: [
                "MamoriCore", "MamoriStore", "MamoriAgentKit",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation")
            ]
        ),
        .target(
            name: "MamoriServer",
            dependencies: [
                "MamoriCore", "MamoriCatalog", "MamoriStore", "MamoriAgentKit", "MamoriDocuments",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                .product(name: "Yams", package: "Yams")
            ],
            resources: [.copy("Resources/static"), .copy("Resources/common-passwords.txt")]
        ),
        .executableTarget(
            name: "mamori",
            dependencies: [
                "MamoriCore", "MamoriCatalog", "MamoriStore", "MamoriAgentKit", "MamoriDocuments", "MamoriServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Configuration", package: "swift-configuration")
            ]
        ),
        // Benchmarks, outside the product's binary: wrk-driven web load, check-in steps, journal, documents, mail.
        .executableTarget(
            name: "mamori-bench",
            dependencies: [
                "MamoriCore", "MamoriCatalog", "MamoriStore", "MamoriAgentKit", "MamoriDocuments", "MamoriServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto")
            ]
        ),
        .executableTarget(
            name: "mamori-agent",
            dependencies: [
                "MamoriAgentKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]
        ),
        .testTarget(name: "MamoriCoreTests", dependencies: ["MamoriCore", "MamoriCatalog", "MamoriAgentKit"]),
        .target(name: "MamoriTestSupport", dependencies: ["MamoriStore", "MamoriAgentKit"], path: "Tests/MamoriTestSupport"),
        .testTarget(
            name: "MamoriStoreTests",
            dependencies: ["MamoriStore", "MamoriCatalog", "MamoriAgentKit", "MamoriTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "MamoriServerTests",
            dependencies: [
                "MamoriServer", "MamoriStore", "MamoriCatalog", "MamoriDocuments", "MamoriAgentKit", "MamoriTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"), .product(name: "Yams", package: "Yams"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
            ]
        ),
        .testTarget(
            name: "MamoriDocumentsTests",
            dependencies: [
                "MamoriDocuments", "MamoriStore", "MamoriCatalog", "MamoriAgentKit", "MamoriTestSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation")
            ],
            exclude: ["Baselines"]
        ),
        .testTarget(
            name: "MamoriAgentKitTests",
            dependencies: ["MamoriAgentKit", "MamoriTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "MamoriCatalogTests",
            dependencies: ["MamoriCatalog", "MamoriAgentKit"],
            resources: [.copy("Fixtures")]
        )
    ],
    swiftLanguageModes: [.v6]
)
