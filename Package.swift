// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Samverkan",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "samverkan", targets: ["samverkan"]),
        .executable(name: "samverkan-bench", targets: ["samverkan-bench"]),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "EventModel", dependencies: ["CCrypto"]),
        .target(name: "EventLog", dependencies: ["EventModel", "CSQLite"]),
        .target(name: "Domain", dependencies: ["EventModel"], resources: [.copy("Resources")]),
        .target(name: "HTTP"),
        .target(name: "Replication", dependencies: ["EventModel"]),
        .target(name: "Projections", dependencies: ["EventModel", "EventLog", "Domain"]),
        .target(name: "Security", dependencies: ["EventModel", "CCrypto"]),
        .target(name: "Web", dependencies: ["EventModel", "Domain", "Projections", "HTTP"]),
        .target(name: "Privacy", dependencies: ["EventModel", "EventLog", "Security", "CCrypto"]),
        .target(
            name: "Node",
            dependencies: [
                "EventModel", "EventLog", "Domain", "HTTP", "Replication", "Projections", "Security", "Web", "Privacy",
            ]),
        .executableTarget(
            name: "samverkan",
            dependencies: [
                "EventModel", "EventLog", "Domain", "HTTP", "Replication", "Projections", "Security", "Web", "Privacy",
                "Node",
            ]),
        .executableTarget(
            name: "samverkan-bench",
            dependencies: ["EventModel", "EventLog", "CSQLite", "Domain", "Projections", "Replication", "Node"],
            path: "Benchmarks/samverkan-bench"),
        .executableTarget(name: "FuzzHTTPParser", dependencies: ["HTTP"], path: "Fuzz/FuzzHTTPParser"),
        .executableTarget(
            name: "FuzzEventBatch", dependencies: ["EventModel", "Replication", "Domain"], path: "Fuzz/FuzzEventBatch"),
        .executableTarget(
            name: "FuzzWebForm", dependencies: ["Web", "Domain", "EventModel", "HTTP"], path: "Fuzz/FuzzWebForm"),
        .testTarget(name: "EventModelTests", dependencies: ["EventModel"]),
        .testTarget(name: "EventLogTests", dependencies: ["EventLog", "EventModel"], exclude: ["Fixtures"]),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "EventModel"]),
        .testTarget(name: "ProjectionsTests", dependencies: ["Projections", "EventLog", "Domain", "EventModel"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP"]),
        .testTarget(name: "ReplicationTests", dependencies: ["Replication", "EventModel"]),
        .testTarget(name: "SecurityTests", dependencies: ["Security", "EventModel"]),
        .testTarget(name: "PrivacyTests", dependencies: ["Privacy", "EventLog", "EventModel", "Security"]),
        .testTarget(
            name: "WebTests", dependencies: ["Web", "Domain", "Projections", "EventModel", "HTTP"], exclude: ["Golden"]),
        .target(name: "ProcessSupport", path: "Tests/ProcessSupport"),
        .testTarget(
            name: "CLITests", dependencies: ["samverkan", "EventLog", "EventModel", "Replication", "Privacy", "ProcessSupport"]),
        .testTarget(
            name: "ReliabilityTests", dependencies: ["samverkan", "EventLog", "EventModel", "HTTP", "Replication", "ProcessSupport"]),
    ]
)
