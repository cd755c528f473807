import Dispatch
import EventModel
import Foundation
import Synchronization
import Testing
@testable import EventLog

/// A group's callers are woken as a tree; every one of them must get its own answer, whatever the size.
@Suite struct CommitTicketTests {
    @Test(arguments: [1, 2, 3, 4, 7, 8, 20, 33])
    func everyCallerOfAGroupIsWokenWithItsOwnAnswer(size: Int) throws {
        let tickets = try (0..<size).map { CommitTicket(try note("n\($0)")) }
        let answered = Mutex<[Int: String]>([:])
        let callers = DispatchGroup()
        for (index, ticket) in tickets.enumerated() {
            callers.enter()
            Thread {
                defer { callers.leave() }
                if let (event, _) = try? ticket.answer() {
                    answered.withLock { $0[index] = event.payload["text"]?.stringValue }
                }
            }.start()
        }
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let stored = try log.appendEach(tickets.map(\.event))
        for (ticket, result) in zip(tickets, stored) { ticket.result = result.map { ($0, 0) }.mapError { $0 as any Error } }
        CommitTicket.wakeAll(tickets)
        #expect(callers.wait(timeout: .now() + 30) == .success, "a caller was never woken")
        #expect(answered.withLock { $0 } == Dictionary(uniqueKeysWithValues: (0..<size).map { ($0, "n\($0)") }))
    }
}
