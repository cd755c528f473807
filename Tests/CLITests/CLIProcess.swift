import Foundation
import ProcessSupport
import Synchronization

/// CLIProcess runs the built `samverkan` binary as a real process, as an operator would.
struct CLIProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// The built executable: next to the test bundle under `swift test`, else in .build/debug.
    static let executable: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            Bundle.main.bundleURL,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug")
                .standardized,
        ]
        for folder in candidates {
            let url = folder.appendingPathComponent("samverkan")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return candidates[0].appendingPathComponent("samverkan")
    }()

    /// Runs `samverkan arguments…` to completion (killed after `timeout` seconds).
    static func run(_ arguments: [String], stdin: String? = nil, timeout: TimeInterval = 60) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SAMVERKAN_AUTHOR"] = "test.operator"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        let collected = Collector(out: out, err: err)
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        let status = ChildExit.wait(for: process, timeout: timeout)
        let (stdout, stderr) = collected.finish()
        return Result(status: status, stdout: stdout, stderr: stderr)
    }
}

typealias Collector = OutputCollector

func makeTemporaryDirectory(_ name: String) -> String {
    NSTemporaryDirectory() + "samverkan-cli-\(name)-\(UUID().uuidString)"
}
