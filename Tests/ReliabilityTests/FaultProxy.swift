import Foundation
import ProcessSupport

#if canImport(Glibc)
    import Glibc
#endif

/// FaultProxy drives scripts/faultproxy.py: one process holding a listening port per link, whose
/// faults (partition, seeded chaos, heal) are switched by commands on its stdin.
final class FaultProxy {
    private let process = Process()
    private let input = Pipe()
    private let collector: Collector
    private(set) var ports: [String: Int] = [:]

    /// Starts the proxy with `links` (name → the port it forwards to).
    init(seed: UInt64, links: [String: Int]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Paths.scripts.appendingPathComponent("faultproxy.py").path, "--seed", String(seed)]
            + links.sorted { $0.key < $1.key }.flatMap { ["--link", "\($0.key)=\($0.value)"] }
        process.standardInput = input
        collector = Collector(process)
        try process.run()
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline, process.isRunning, !collector.stdoutSoFar.contains("ready") { usleep(10_000) }
        for line in collector.stdoutSoFar.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 2, let port = Int(words[1]) { ports[String(words[0])] = port }
        }
        guard ports.count == links.count else {
            stop()
            throw Failure("the fault proxy did not start: \(collector.finish().1.suffix(400))")
        }
    }

    /// Sends one command (`down NAME`, `up all`, `chaos all`, `target NAME PORT`) and waits for its "ok".
    func send(_ command: String) {
        let before = collector.stdoutSoFar.components(separatedBy: "ok").count
        input.fileHandleForWriting.write(Data((command + "\n").utf8))
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, process.isRunning, collector.stdoutSoFar.components(separatedBy: "ok").count == before {
            usleep(2_000)
        }
    }

    /// Stops the proxy (end of stdin), killing it if it lingers; returns its fault counters.
    @discardableResult
    func stop() -> String {
        try? input.fileHandleForWriting.close()
        ChildExit.wait(for: process, timeout: 5)
        return collector.finish().1.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
