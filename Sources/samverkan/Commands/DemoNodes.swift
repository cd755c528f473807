import EventModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// DemoNode is one `samverkan serve` child of `samverkan demo`: its data directory, its process and its URL.
final class DemoNode {
    /// Who the node is: municipality, node id, and the municipality's name in user names (`handlaggare.narpes`).
    struct Member: Sendable {
        let code: MunicipalityCode
        let node: String
        let userSuffix: String

        /// The node's prefix in file names, e.g. `nrp` for `nrp-server`.
        var prefix: String { String(node.prefix { $0 != "-" }) }
    }

    /// The five municipalities and their servers, in the order they start; the last peers with all the others.
    static let members: [Member] = [
        Member(code: MunicipalityCode(475)!, node: "mlx-server", userSuffix: "malax"),
        Member(code: MunicipalityCode(280)!, node: "kor-server", userSuffix: "korsnas"),
        Member(code: MunicipalityCode(545)!, node: "nrp-server", userSuffix: "narpes"),
        Member(code: MunicipalityCode(231)!, node: "kas-server", userSuffix: "kasko"),
        Member(code: MunicipalityCode(287)!, node: "krs-server", userSuffix: "kristinestad"),
    ]

    let member: Member
    let data: String
    let logFile: String
    private(set) var url = ""
    private var process: Process?

    init(member: Member, base: String) {
        self.member = member
        data = (base as NSString).appendingPathComponent(member.node)
        logFile = (base as NSString).appendingPathComponent("logs/\(member.node).log")
    }

    /// The process id while it runs.
    var processID: Int32? { process.flatMap { $0.isRunning ? $0.processIdentifier : nil } }

    /// The running binary: the demo starts its nodes with the very `samverkan` it is.
    static let executable: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()

    /// Starts `serve` on 127.0.0.1 port 0 (or `port`) with `peers`, and waits for its first stdout line, the URL.
    func start(peers: [String], port: Int = 0) throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments =
            ["serve", "--data", data, "--listen", "127.0.0.1:\(port)"] + peers.flatMap { ["--peer", $0] }
        // Output goes to files, not pipes: nobody reads a pipe while the demo waits for Ctrl-C, and a full pipe
        // would block the node.
        let outPath = logFile + ".out"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        if !FileManager.default.fileExists(atPath: logFile) {
            _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        err.seekToEndOfFile()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? out.close()
        try? err.close()
        self.process = process
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first, line.hasPrefix("http://"), text.contains("\n") {
                url = String(line)
                return
            }
            guard process.isRunning else { break }
            usleep(10_000)
        }
        stop()
        let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
        throw CLIError(code: .storage, message: "\(member.node) did not start: \(log.suffix(300))")
    }

    /// SIGTERM, then waits up to `grace` seconds for a clean shutdown; SIGKILL when it does not end.
    func stop(grace: Double = 10) {
        terminate()
        waitForExit(until: Date().addingTimeInterval(grace))
    }

    /// Asks the node to shut down (SIGTERM) without waiting, so several nodes stop side by side.
    func terminate() {
        if let process, process.isRunning { kill(process.processIdentifier, SIGTERM) }
    }

    /// Waits for the node to end until `deadline`, then SIGKILLs it.
    func waitForExit(until deadline: Date) {
        guard let process else { return }
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        self.process = nil
    }

    /// The port the node listens on, from its URL.
    var port: Int { Int(url.split(separator: ":").last ?? "") ?? 0 }
}
