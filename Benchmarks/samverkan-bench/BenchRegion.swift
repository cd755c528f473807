import EventModel
import Foundation

/// BenchRegion makes the bench's nodes a secured region with the `samverkan` CLI, the way administrators do (and
/// the CLI tests): a root key for the workload's municipality (`municipality keygen`), a genesis (`region create`),
/// each node made with `init --genesis` and every node's enrolment (`enrol`) appended on every node.
///
/// The bench cannot import the executable target's functions (`DemoRegion` uses those), so it runs the commands.
struct BenchRegion {
    /// One secured node: its data directory and the origin `init` printed.
    struct Member {
        let directory: String
        let origin: String
    }

    let members: [Member]

    /// Makes the region's keys and genesis in `folder` and one enrolled node per `(directory, node id)`.
    init(cli: CLIRunner, folder: String, nodes: [(directory: String, node: String)]) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let code = String(Workload.municipality.rawValue)
        let rootKey = folder + "/root-\(code).key"
        let genesis = folder + "/genesis.json"
        try cli.run(["municipality", "keygen", "--out", rootKey])
        try cli.run(["region", "create", "--root", "\(code)=\(rootKey).pub", "--out", genesis])
        var members: [Member] = []
        var enrolments: [(origin: String, payload: String)] = []
        for (directory, node) in nodes {
            let created = try JSONParser.parse(
                try cli.run([
                    "init", "--data", directory, "--node", node, "--municipality", code, "--genesis", genesis,
                ]))
            guard let key = created["publicKey"]?.stringValue, let origin = created["origin"]?.stringValue else {
                throw BenchError("init --genesis printed no publicKey or origin for \(node)")
            }
            members.append(Member(directory: directory, origin: origin))
            let payload = try cli.run([
                "enrol", "--genesis", genesis, "--root-key", rootKey, "--node-key", key, "--origin", origin,
                "--municipality", code,
            ])
            enrolments.append((origin, payload))
        }
        // Every node knows every other before they first meet.
        for member in members {
            for enrolment in enrolments {
                try cli.run(
                    [
                        "append", "--data", member.directory, "--channel", "region", "--stream",
                        "trust/\(enrolment.origin)", "--type", "trust.node_enrolled",
                    ], stdin: enrolment.payload)
            }
        }
        self.members = members
    }
}
