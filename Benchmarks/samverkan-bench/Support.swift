import Domain
import EventLog
import EventModel
import Foundation

/// Stopwatch adds up the time of the measured sections only: wall clock, and the CPU time of the calling thread.
///
/// The machines are shared: under load the wall clock of a section depends on what else runs, while the
/// thread's CPU time counts only its own work (plus cache effects), so single-threaded scenarios report both.
struct Stopwatch {
    private(set) var seconds = 0.0
    private(set) var cpuSeconds = 0.0
    private let clock = ContinuousClock()

    mutating func time<T>(_ body: () throws -> T) rethrows -> T {
        let start = clock.now
        let cpuStart = Self.threadCPUSeconds()
        defer {
            seconds += Self.seconds(clock.now - start)
            cpuSeconds += Self.threadCPUSeconds() - cpuStart
        }
        return try body()
    }

    /// CPU time used by the calling thread so far.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    static func measure(_ body: () throws -> Void) rethrows -> Double {
        var watch = Stopwatch()
        try watch.time(body)
        return watch.seconds
    }
}

/// Scratch makes and removes the bench's directories.
final class Scratch {
    let root: String

    init(options: Options, scenario: String) throws {
        root = "\(options.directory)/samverkan-bench-\(getpid())-\(scenario)"
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ name: String) -> String { "\(root)/\(name)" }

    /// A fresh node directory with an empty log; also the baseline's schema, made by the same migrations.
    func newLog(_ name: String, node: String = "bench-a") throws -> EventLog {
        let identity = NodeIdentity(node: NodeID(node)!, municipality: Workload.municipality)
        return try EventLog.create(directory: path(name), identity: identity, validator: DomainCatalog.standard)
    }

    /// A fresh database with the log's schema, for a baseline, opened raw.
    func newRaw(_ name: String, synchronous: String = "FULL") throws -> RawDatabase {
        let log = try newLog(name, node: "bench-raw")
        log.close()
        return RawDatabase(path: logPath(name), synchronous: synchronous)
    }

    func logPath(_ name: String) -> String { "\(path(name))/\(EventLog.fileName)" }
}

/// Peak resident memory of this process in MB, from the kernel.
func peakRSSMegabytes(pid: Int32? = nil) -> Double {
    let file = pid.map { "/proc/\($0)/status" } ?? "/proc/self/status"
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let digits = line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
        return digits / 1024
    }
    return 0
}

/// Writes a progress line to stderr so long runs show life without disturbing `--json`.
func progress(_ text: String) {
    FileHandle.standardError.write(Data("[bench] \(text)\n".utf8))
}
