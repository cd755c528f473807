import Foundation

/// NodeProcess is one `samverkan serve` child process on 127.0.0.1; `stop()` ends it.
final class NodeProcess {
    let process = Process()
    let url: String
    let port: Int

    /// The `samverkan` executable next to this one, or the one given with `--samverkan`.
    static func executable(_ options: Options) -> String? {
        if let given = options.samverkan { return given }
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let sibling = own.deletingLastPathComponent().appendingPathComponent("samverkan").path
        return FileManager.default.isExecutableFile(atPath: sibling) ? sibling : nil
    }

    /// Starts `samverkan serve --data DIRECTORY` on a free port, with `peers`, and waits until it listens.
    init(executable: String, directory: String, peers: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--data", directory, "--listen", "127.0.0.1:0"] + peers.flatMap { ["--peer", $0] }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line: [UInt8] = []
        let handle = output.fileHandleForReading
        while !line.contains(10) {
            let chunk = handle.availableData
            if chunk.isEmpty {
                process.waitUntilExit()
                throw BenchError("samverkan serve --data \(directory) exited with \(process.terminationStatus)")
            }
            line += chunk
        }
        url = String(decoding: line.prefix { $0 != 10 }, as: UTF8.self)
        guard let colon = url.lastIndex(of: ":"), let port = Int(url[url.index(after: colon)...]) else {
            process.terminate()
            throw BenchError("unexpected first line from serve: \(url)")
        }
        self.port = port
    }

    /// Peak resident memory so far, in MB.
    var peakRSS: Double { peakRSSMegabytes(pid: process.processIdentifier) }

    /// Sends SIGTERM and waits for the exit.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }
}
