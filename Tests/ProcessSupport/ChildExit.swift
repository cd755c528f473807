import Foundation

/// ChildExit waits for a child process to end without trusting `Process.waitUntilExit` alone.
///
/// swift-corelibs-foundation learns that a child ended when a socket the child holds reaches end of
/// file; that socket is not close-on-exec, so a child started at the same moment by another test can
/// hold it too, and once a test process sat for minutes beside its `<defunct>` child while
/// `waitUntilExit` never returned. So this polls, and a child that has been a zombie for a second is
/// reaped here with `waitpid`; Foundation's own later `waitpid` then finds nothing, which it tolerates.
public enum ChildExit {
    /// Waits until `process` has ended; SIGKILLs it once `timeout` seconds have passed. Returns what
    /// `Process.terminationStatus` would: the exit status, or the number of the signal that ended it.
    @discardableResult
    public static func wait(for process: Process, timeout: TimeInterval = 60) -> Int32 {
        let pid = process.processIdentifier
        let deadline = Date().addingTimeInterval(timeout)
        var zombieSince: Date?
        var killed = false
        while true {
            if !process.isRunning { return status(of: process) }
            if kill(pid, 0) == -1 && errno == ESRCH {
                // Reaped: Foundation marks the process ended just after its waitpid. If it never does, its
                // late waitpid took a reused number; there is nothing left to wait for.
                let settle = Date().addingTimeInterval(2)
                while process.isRunning && Date() < settle { usleep(1_000) }
                return process.isRunning ? -1 : status(of: process)
            }
            if isZombie(pid) {
                let since = zombieSince ?? Date()
                zombieSince = since
                if Date().timeIntervalSince(since) > 1 {
                    var raw: Int32 = 0
                    if waitpid(pid, &raw, WNOHANG) == pid { return decode(raw) }
                }
            }
            if !killed, Date() > deadline {
                kill(pid, SIGKILL)
                killed = true
            }
            usleep(5_000)
        }
    }

    private static func status(of process: Process) -> Int32 { process.terminationStatus }

    private static func decode(_ raw: Int32) -> Int32 {
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : signal
    }

    /// Whether `/proc/PID/stat` names the process a zombie (state `Z`): ended, not yet reaped.
    public static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        // "PID (name) S …": the state follows the last parenthesis, so a name with spaces cannot shift it.
        return stat[close...].dropFirst().trimmingCharacters(in: .whitespaces).first == "Z"
    }
}
