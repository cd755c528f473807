import Foundation
import Glibc
import HTTP
import Testing

@Suite(.serialized) struct SignalTrapTests {
    @Test func deliversASignalToTheHandler() throws {
        let received = DispatchSemaphore(value: 0)
        let trap = SignalTrap(signals: [SIGUSR2]) { number in
            if number == SIGUSR2 { received.signal() }
        }
        defer { trap.cancel() }
        kill(getpid(), SIGUSR2)
        #expect(received.wait(timeout: .now() + 5) == .success)
    }

    @Test func shutsAServerDownOnSignal() throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        let trap = SignalTrap.shuttingDown(server, graceSeconds: 1, signals: [SIGUSR2])
        defer { trap.cancel() }
        kill(getpid(), SIGUSR2)
        let deadline = Date().addingTimeInterval(5)
        while !server.isShuttingDown, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(server.isShuttingDown)
    }
}
