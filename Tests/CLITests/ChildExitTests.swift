import Foundation
import ProcessSupport
import Testing

/// The tests' own wait for child processes: exit statuses, signals and the timeout as `Process` reports them.
@Suite struct ChildExitTests {
    func start(_ script: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        try process.run()
        return process
    }

    @Test func exitStatusSignalAndTimeout() throws {
        #expect(ChildExit.wait(for: try start("exit 3")) == 3)
        #expect(ChildExit.wait(for: try start("kill -KILL $$")) == SIGKILL)
        let started = Date()
        let sleeper = try start("sleep 30")
        #expect(ChildExit.wait(for: sleeper, timeout: 0.3) == SIGKILL)
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(!ChildExit.isZombie(sleeper.processIdentifier))
    }
}
