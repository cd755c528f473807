import EventModel
import Foundation
import ProcessSupport
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every suite that starts processes runs inside this one, one at a time (2 cores, real ports).
@Suite(.serialized) enum ReliabilityProcessTests {}

/// The built `samverkan` binary (next to the test bundle, or `SAMVERKAN_BINARY`: the long modes run
/// a release build's nodes from a debug test bundle) and the repository's scripts folder.
enum Paths {
    static let samverkan: URL = {
        if let chosen = ProcessInfo.processInfo.environment["SAMVERKAN_BINARY"], !chosen.isEmpty {
            return URL(fileURLWithPath: chosen)
        }
        let folders = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL,
        ]
        let found = folders.map { $0.appendingPathComponent("samverkan") }
        return found.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? found[0]
    }()
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts")
        .standardized

    static func temporary(_ name: String) -> String { NSTemporaryDirectory() + "samverkan-rel-\(name)-\(UUID().uuidString)" }
}

/// Runs `samverkan arguments…` to completion; killed after `timeout` seconds so no test can hang.
@discardableResult
func samverkan(_ arguments: [String], timeout: Double = 60) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = Paths.samverkan
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(["SAMVERKAN_AUTHOR": "test.operator"]) { $1 }
    let collector = Collector(process)
    try process.run()
    let status = ChildExit.wait(for: process, timeout: timeout)
    let (out, err) = collector.finish()
    return (status, out, err)
}

typealias Collector = OutputCollector

/// A `samverkan serve` process on 127.0.0.1, made with `samverkan init`, stopped by the test.
final class Node {
    let name: String
    let data: String
    private(set) var process: Process?
    private var collector: Collector?
    private(set) var port = 0

    init(name: String, municipality: Int) throws {
        self.name = name
        data = Paths.temporary(name)
        let made = try samverkan(["init", "--data", data, "--node", name, "--municipality", String(municipality)])
        guard made.status == 0 else { throw Failure("init \(name): \(made.stderr)") }
    }

    /// Starts serving; on `port` when given (a restart keeps its address), else on a free one.
    func start(peers: [String] = [], port wanted: Int = 0) throws {
        let process = Process()
        process.executableURL = Paths.samverkan
        process.arguments = ["serve", "--data", data, "--listen", "127.0.0.1:\(wanted)"] + peers.flatMap { ["--peer", $0] }
        let collector = Collector(process)
        try process.run()
        (self.process, self.collector) = (process, collector)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, process.isRunning {
            if let line = collector.stdoutSoFar.split(separator: "\n").first, line.hasPrefix("http://"),
                let found = Int(line.split(separator: ":").last ?? "")
            {
                port = found
                return
            }
            usleep(10_000)
        }
        let (_, err) = collector.finish()
        stop()
        throw Failure("\(name) did not start: \(err.suffix(400))")
    }

    var url: String { "http://127.0.0.1:\(port)" }
    var isRunning: Bool { process?.isRunning ?? false }

    /// Why a node that should be serving is not: its exit and the end of its stderr (for a failure message).
    var exitReport: String {
        guard let process else { return "\(name) is not started" }
        if process.isRunning { return "\(name) is running (pid \(process.processIdentifier), port \(port))" }
        let how = process.terminationReason == .uncaughtSignal ? "signal" : "status"
        // Its request log says little; the warnings and a crash report (after the log) say why.
        let err = (collector?.finish(timeout: 2).1 ?? "").split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("{\"level\":\"info\"") }.joined(separator: "\n")
        return "\(name) exited unasked (\(how) \(process.terminationStatus)); stderr without info lines: \(err.prefix(4_000))"
    }

    /// SIGTERM, then SIGKILL after 10 s.
    func stop() { end(signal: SIGTERM) }

    /// SIGKILL, as a power cut would.
    func crash() { end(signal: SIGKILL) }

    private func end(signal: Int32) {
        guard let process else { return }
        if process.isRunning { kill(process.processIdentifier, signal) }
        ChildExit.wait(for: process, timeout: 10)
        _ = collector?.finish()
        self.process = nil
    }

    func destroy() {
        stop()
        try? FileManager.default.removeItem(atPath: data)
    }

    /// The regional vector, read from the file with the CLI (works whether or not the node serves).
    func regionalVector() throws -> VersionVector {
        let answer = try samverkan(["vector", "--data", data])
        guard answer.status == 0 else { throw Failure("vector of \(name): \(answer.stderr)") }
        return try VersionVector(json: JSONParser.parse(answer.stdout)).restricted(to: [.region])
    }

    /// The hashes of every event the node holds.
    func storedHashes() throws -> Set<String> {
        Set(try storedEvents().map(\.hash.hex))
    }

    /// Every event the node holds, of every channel.
    func storedEvents() throws -> [Event] {
        let answer = try samverkan(["log", "--data", data, "--json"])
        guard answer.status == 0 else { throw Failure("log of \(name): \(answer.stderr)") }
        return try answer.stdout.split(separator: "\n").map { try Event(wireJSON: Array($0.utf8)) }
    }

    /// The whole vector (every channel the file holds), read from the file with the CLI.
    func fullVector() throws -> VersionVector {
        let answer = try samverkan(["vector", "--data", data])
        guard answer.status == 0 else { throw Failure("vector of \(name): \(answer.stderr)") }
        return try VersionVector(json: JSONParser.parse(answer.stdout))
    }

    /// The digest of a view after catching up, as `samverkan digest` prints it.
    func digest(_ view: String) throws -> String {
        let answer = try samverkan(["digest", view, "--data", data])
        guard answer.status == 0 else { throw Failure("digest \(view) of \(name): \(answer.stderr)") }
        return answer.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `samverkan verify`; returns its report when it fails.
    func verify() throws -> String? {
        let answer = try samverkan(["verify", "--data", data])
        return answer.status == 0 ? nil : answer.stdout + answer.stderr
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ text: String) { description = text }
}

/// Polls `condition` every 100 ms until it holds or `timeout` seconds pass.
func eventually(timeout: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        usleep(100_000)
    }
    return try condition()
}

/// The seed of a harness: `SAMVERKAN_SEED` when set (to replay a failure), else `fallback`.
func harnessSeed(_ fallback: UInt64) -> UInt64 {
    ProcessInfo.processInfo.environment["SAMVERKAN_SEED"].flatMap { UInt64($0) } ?? fallback
}
