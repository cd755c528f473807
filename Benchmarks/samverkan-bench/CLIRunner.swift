import Foundation

/// CLIRunner runs one-shot `samverkan` commands (not `serve`) as child processes, as an administrator would.
struct CLIRunner {
    let executable: String

    /// Runs `samverkan ARGUMENTS`, writing `stdin` to it, and returns its stdout; throws with its stderr unless it
    /// exits 0.
    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        // The payloads are a few hundred bytes, well under a pipe's buffer, so writing before reading cannot block.
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let command = arguments.prefix(2).joined(separator: " ")
            let message = String(decoding: stderr, as: UTF8.self)
            throw BenchError("samverkan \(command) exited with \(process.terminationStatus): \(message)")
        }
        return String(decoding: stdout, as: UTF8.self)
    }
}
