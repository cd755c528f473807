import EventModel
import Foundation
import Security

#if canImport(Glibc)
    import Glibc
#endif

/// SecurityRegion is a test region made with the CLI, as administrators would: root keys per
/// municipality (`municipality keygen`), a genesis (`region create`), nodes made with `init --genesis`
/// and enrolled by `enrol` piped to `append … --type trust.node_enrolled` on every node.
final class SecurityRegion {
    let folder = makeTemporaryDirectory("region")
    let codes: [Int]
    var genesisPath: String { folder + "/genesis.json" }
    private(set) var nodes: [SecureNode] = []

    init(codes: [Int]) throws {
        self.codes = codes
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var roots: [String] = []
        for code in codes {
            try SecurityRegion.run(["municipality", "keygen", "--out", rootKey(code)])
            roots += ["--root", "\(code)=\(rootKey(code)).pub"]
        }
        try SecurityRegion.run(["region", "create"] + roots + ["--out", genesisPath])
    }

    func rootKey(_ code: Int) -> String { folder + "/root-\(code).key" }

    var genesis: RegionGenesis { get throws { try RegionGenesis(contentsOfFile: genesisPath) } }

    /// Makes a secured node (not yet enrolled).
    func node(_ name: String, municipality: Int) throws -> SecureNode {
        let node = SecureNode(name: name, municipality: municipality)
        let created = try SecurityRegion.run([
            "init", "--data", node.data, "--node", name, "--municipality", String(municipality), "--genesis",
            genesisPath,
        ])
        guard let key = try JSONParser.parse(created)["publicKey"]?.stringValue else {
            throw NodeProcessError.failed("init --genesis printed no publicKey: \(created)")
        }
        node.publicKey = key
        nodes.append(node)
        return node
    }

    /// Signs the enrolment of `node` with its municipality's root and appends it on each of `on`.
    func enrol(_ node: SecureNode, on targets: [SecureNode]) throws {
        let payload = try SecurityRegion.run([
            "enrol", "--genesis", genesisPath, "--root-key", rootKey(node.municipality), "--node-key", node.publicKey,
            "--origin", node.origin, "--municipality", String(node.municipality),
        ])
        for target in targets {
            try SecurityRegion.run(
                [
                    "append", "--data", target.data, "--channel", "region", "--stream", "trust/\(node.origin)", "--type",
                    "trust.node_enrolled",
                ], stdin: payload)
        }
    }

    /// Enrols every node on every node, so any topology authenticates from the start.
    func enrolAll() throws {
        for node in nodes { try enrol(node, on: nodes) }
    }

    func destroy() {
        for node in nodes { node.destroy() }
        try? FileManager.default.removeItem(atPath: folder)
    }

    @discardableResult
    static func run(_ arguments: [String], stdin: String? = nil) throws -> String {
        let result = try CLIProcess.run(arguments, stdin: stdin)
        guard result.status == 0 else {
            throw NodeProcessError.failed("samverkan \(arguments.prefix(2).joined(separator: " ")): \(result.stderr)")
        }
        return result.stdout
    }
}

/// SecureNode is a `samverkan serve` process of a secured node; it keeps the node's stderr for the tests.
final class SecureNode {
    let name: String
    let municipality: Int
    let data: String
    var publicKey = ""
    private(set) var url = ""
    private var process: Process?
    private var collector: Collector?
    private(set) var stderrLog = ""

    init(name: String, municipality: Int) {
        self.name = name
        self.municipality = municipality
        self.data = makeTemporaryDirectory(name)
    }

    var origin: String { "\(name).1" }

    func start(peers: [String] = []) throws {
        let started = try ServeLauncher.start(data: data, peers: peers)
        (process, collector, url) = (started.process, started.collector, started.url)
    }

    func stop() {
        guard let process else { return }
        stderrLog += ServeLauncher.stop(process, collector)
        self.process = nil
    }

    func destroy() {
        stop()
        try? FileManager.default.removeItem(atPath: data)
    }

    /// Appends `count` meeting events with the CLI.
    func append(count: Int = 1, meeting: String) throws {
        try SecurityRegion.run([
            "append", "--data", data, "--channel", "region", "--stream", "meeting/\(meeting)", "--type",
            "meeting.scheduled", "--payload",
            #"{"meeting":"\#(meeting)","date":"2025-03-12","host":287,"place":"Stadshuset"}"#, "--repeat", String(count),
        ])
    }

    /// The node's vector, read from its file with the CLI.
    func vector() throws -> VersionVector {
        try VersionVector(json: JSONParser.parse(try SecurityRegion.run(["vector", "--data", data])))
    }

    /// The seq this node holds of `origin`'s region chain.
    func regionSeq(of origin: String) throws -> Int64 {
        try vector()[ChainKey(channel: .region, origin: Origin(origin)!)].seq
    }

    /// The node's key, read from its data directory (tests play the node, or a relay misusing its key).
    var key: SigningKey { get throws { try NodeKey.load(from: data) } }

    /// A request to `target` signed with this node's key; `skewMillis` moves the signing clock.
    func call(
        _ method: String, _ path: String, to target: SecureNode, body: JSONValue? = nil, skewMillis: Int64 = 0,
        region: RegionID
    ) throws -> HTTPCall.Answer {
        let bytes = body.map { CanonicalJSON.encode($0) } ?? []
        let signature = RequestSignature.sign(
            method: method, path: path, body: bytes, origin: Origin(origin)!, region: region, key: try key,
            nowMillis: Int64(Date().timeIntervalSince1970 * 1000) + skewMillis)
        return try HTTPCall.run(
            method: method, url: target.url + path, body: body == nil ? nil : Data(bytes),
            headers: ["Samverkan-Signature": signature.headerValue, "Content-Type": "application/json"])
    }
}
