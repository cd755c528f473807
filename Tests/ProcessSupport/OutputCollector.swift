import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Drains a child process's stdout and stderr on two reader threads until end of file.
///
/// Why not `readabilityHandler`: a handler that has already taken a chunk can still be appending it
/// after `finish()` cleared the handler and read "the rest", so a short reply (one chunk) was now and
/// then returned empty under load. Reading each pipe to EOF on its own thread and waiting for both
/// threads leaves no such window.
public final class OutputCollector: Sendable {
    private let buffers = Mutex<(Data, Data)>((Data(), Data()))
    private let drained = DispatchGroup()
    private let pipes: (Pipe, Pipe)  // kept so their descriptors stay open while the threads read

    /// Gives `process` fresh stdout and stderr pipes; call before `process.run()`.
    public convenience init(_ process: Process) {
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        self.init(out: out, err: err)
    }

    public init(out: Pipe, err: Pipe) {
        pipes = (out, err)
        drain(out.fileHandleForReading, isStdout: true)
        drain(err.fileHandleForReading, isStdout: false)
    }

    /// What has arrived on stdout so far (a serving node prints its port there).
    public var stdoutSoFar: String { buffers.withLock { String(decoding: $0.0, as: UTF8.self) } }

    /// Waits until both pipes reached end of file (the process and its children closed them), at
    /// most `timeout` seconds, and returns both streams.
    public func finish(timeout: Double = 30) -> (String, String) {
        _ = drained.wait(timeout: .now() + timeout)
        return buffers.withLock { (String(decoding: $0.0, as: UTF8.self), String(decoding: $0.1, as: UTF8.self)) }
    }

    private func drain(_ handle: FileHandle, isStdout: Bool) {
        drained.enter()
        let descriptor = handle.fileDescriptor
        let thread = Thread { [self] in
            defer { drained.leave() }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                buffers.withLock {
                    if isStdout { $0.0.append(contentsOf: chunk[0..<count]) } else { $0.1.append(contentsOf: chunk[0..<count]) }
                }
            }
        }
        thread.start()
    }
}
