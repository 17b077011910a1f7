// swift-tools-version:6.0
import PackageDescription

// Layers, imports only go down:
//   CLibGit2, CYaml, CGraphviz (system libraries)
//   ArkitektModel (pure values)  <- ArkitektGit (libgit2), ArkitektLoading (libyaml), ArkitektGraph (Graphviz)
//   ArkitektRules <- ArkitektHistory <- ArkitektReporting <- ArkitektSite <- ArkitektKit <- ArkitektServer <- arkitekt (executable)
let package = Package(
    name: "arkitekt",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "arkitekt", targets: ["arkitekt"]),
        .library(name: "ArkitektKit", targets: ["ArkitektKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        .systemLibrary(
            name: "CYaml",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"]), .brew(["graphviz"])]
        ),
        .target(name: "ArkitektModel"),
        .target(name: "ArkitektGraph", dependencies: ["CGraphviz", "ArkitektModel"]),
        .target(name: "ArkitektGit", dependencies: ["CLibGit2", "ArkitektModel"]),
        .target(name: "ArkitektLoading", dependencies: ["CYaml", "ArkitektModel"]),
        .target(name: "ArkitektRules", dependencies: ["ArkitektModel", "ArkitektLoading"]),
        .target(name: "ArkitektHistory", dependencies: ["ArkitektModel", "ArkitektGit", "ArkitektLoading", "ArkitektRules"]),
        .target(name: "ArkitektReporting", dependencies: ["ArkitektModel", "ArkitektRules", "ArkitektHistory"]),
        .target(name: "ArkitektInterop", dependencies: ["ArkitektModel"]),
        .target(name: "ArkitektSite", dependencies: ["ArkitektModel", "ArkitektRules", "ArkitektHistory", "ArkitektReporting", "ArkitektGraph"]),
        .target(
            name: "ArkitektKit",
            dependencies: ["ArkitektModel", "ArkitektGit", "ArkitektLoading", "ArkitektRules", "ArkitektHistory", "ArkitektReporting", "ArkitektGraph", "ArkitektSite", "ArkitektInterop"]
        ),
        // The language server: JSON-RPC over stdio, calling the kit on the editor's buffers.
        .target(name: "ArkitektServer", dependencies: ["ArkitektKit", "ArkitektLoading", "ArkitektModel"]),
        .executableTarget(
            name: "arkitekt",
            dependencies: [
                "ArkitektKit",
                "ArkitektServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Shared helpers for the tests only (temporary directories, fixture repositories built
        // with the git command line as an independent oracle). Not part of any product.
        .target(name: "ArkitektTestSupport", path: "Tests/Support"),
        .testTarget(name: "ArkitektGitTests", dependencies: ["ArkitektGit", "ArkitektTestSupport"]),
        .testTarget(name: "ArkitektLoadingTests", dependencies: ["ArkitektLoading", "ArkitektTestSupport"]),
        .testTarget(name: "ArkitektRulesTests", dependencies: ["ArkitektRules", "ArkitektKit", "ArkitektTestSupport"]),
        .testTarget(name: "ArkitektKitTests", dependencies: ["ArkitektKit", "ArkitektGraph", "ArkitektInterop", "ArkitektLoading", "ArkitektTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "ArkitektHistoryTests", dependencies: ["ArkitektHistory", "ArkitektKit", "ArkitektRules", "ArkitektLoading", "ArkitektGit", "ArkitektTestSupport"]),
        .testTarget(name: "ArkitektCITests", dependencies: ["ArkitektKit", "ArkitektReporting", "ArkitektTestSupport"]),
        .testTarget(name: "ArkitektReliabilityTests", dependencies: ["ArkitektKit", "ArkitektLoading", "ArkitektGit", "ArkitektTestSupport"],
                    exclude: ["FuzzRegressions"]),
    ]
)
