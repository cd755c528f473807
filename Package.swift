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
        .target(name: "Node", dependencies: ["EventModel", "EventLog", "Domain", "HTTP", "Replication", "Projections"]),
        .executableTarget(
            name: "samverkan",
            dependencies: ["EventModel", "EventLog", "Domain", "HTTP", "Replication", "Projections", "Node"]),
        .executableTarget(
            name: "samverkan-bench", dependencies: ["EventModel", "EventLog", "CSQLite"],
            path: "Benchmarks/samverkan-bench"),
        .testTarget(name: "EventModelTests", dependencies: ["EventModel"]),
        .testTarget(name: "EventLogTests", dependencies: ["EventLog", "EventModel"]),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "EventModel"]),
        .testTarget(name: "ProjectionsTests", dependencies: ["Projections", "EventLog", "Domain", "EventModel"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP"]),
        .testTarget(name: "ReplicationTests", dependencies: ["Replication", "EventModel"]),
        .testTarget(name: "CLITests", dependencies: ["samverkan", "EventLog", "EventModel", "Replication"]),
    ]
)
