import Foundation
import ProcessSupport

#if canImport(Glibc)
    import Glibc
#endif

/// ServeLauncher starts and stops one `samverkan serve` process for the test node types, so the
/// waiting for its URL and the SIGTERM-then-SIGKILL stop are written once.
enum ServeLauncher {
    /// Starts `serve` on a free port of 127.0.0.1 and waits (up to 20 s) for the URL it prints first.
    static func start(data: String, peers: [String]) throws -> (process: Process, collector: Collector, url: String) {
        let process = Process()
        process.executableURL = CLIProcess.executable
        process.arguments = ["serve", "--data", data, "--listen", "127.0.0.1:0"] + peers.flatMap { ["--peer", $0] }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let collector = Collector(out: out, err: err)
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let line = collector.stdoutSoFar.split(separator: "\n").first, line.hasPrefix("http://") {
                return (process, collector, String(line))
            }
            guard process.isRunning else { break }
            usleep(10_000)
        }
        let stderr = stop(process, collector)
        throw NodeProcessError.failed("serve --data \(data) did not start: \(stderr.suffix(500))")
    }

    /// SIGTERM, then waits; SIGKILL when it does not end within 10 s. Returns what it wrote to stderr.
    @discardableResult
    static func stop(_ process: Process, _ collector: Collector?) -> String {
        if process.isRunning { process.terminate() }
        ChildExit.wait(for: process, timeout: 10)
        return collector?.finish().1 ?? ""
    }
}
