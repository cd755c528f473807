import EventLog
import EventModel
import Foundation
import Synchronization
import Testing

@Suite struct GroupCommitterTests {
    @Test func concurrentAppendsAreAllStoredInOneChainWithoutGaps() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let queue = DatabaseQueue(label: "test.group", resource: log)
        let committer = GroupCommitter(queue: queue, maximumBatch: 7) { $0 }
        let stored = Mutex<[Event]>([])
        let group = DispatchGroup()
        for thread in 0..<8 {
            group.enter()
            Thread {
                for index in 0..<25 {
                    let event = try! note("t\(thread) n\(index)", stream: "note/\(thread)")
                    let answer = try! committer.append(event)
                    stored.withLock { $0.append(answer.event) }
                }
                group.leave()
            }.start()
        }
        group.wait()
        let events = stored.withLock { $0 }.sorted { $0.seq < $1.seq }
        #expect(events.map(\.seq) == Array(1...200))
        let held = try queue.sync { try $0.changes(after: 0, limit: 1_000) }
        #expect(held.map(\.event) == events)
        #expect(try queue.sync { try $0.streamVersion(StreamID("note/3")!) } == 25)
    }

    /// Many callers, small groups, some invalid events: every caller gets its own answer (none waits
    /// forever for a lead that nobody holds), and exactly the valid events are stored, once each.
    @Test func manyCallersWithInvalidEventsAllGetTheirOwnAnswer() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let queue = DatabaseQueue(label: "test.group", resource: log)
        let committer = GroupCommitter(queue: queue, maximumBatch: 5) { $0 }
        let answers = Mutex<(stored: [String], refused: [String])>(([], []))
        let group = DispatchGroup()
        for thread in 0..<48 {
            group.enter()
            Thread {
                defer { group.leave() }
                for index in 0..<20 {
                    let text = "t\(thread) n\(index)"
                    let invalid = (thread + index) % 7 == 0
                    let event = try! note(text, type: invalid ? "test.unknown" : "test.note")
                    do {
                        let answer = try committer.append(event)
                        #expect(answer.event.payload["text"]?.stringValue == text)
                        answers.withLock { $0.stored.append(text) }
                    } catch {
                        answers.withLock { $0.refused.append(text) }
                    }
                }
            }.start()
        }
        #expect(group.wait(timeout: .now() + 120) == .success, "a caller never got its answer")
        let (stored, refused) = answers.withLock { $0 }
        #expect(stored.count + refused.count == 960)
        var invalid = 0
        for thread in 0..<48 { for index in 0..<20 where (thread + index) % 7 == 0 { invalid += 1 } }
        #expect(refused.count == invalid)
        let held = try queue.sync { try $0.changes(after: 0, limit: 2_000) }
        #expect(held.map(\.event.seq) == Array(1...Int64(stored.count)))
        #expect(Set(held.compactMap { $0.event.payload["text"]?.stringValue }) == Set(stored))
    }

    @Test func anInvalidEventFailsOnlyItsOwnCaller() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        let results = try log.appendEach([
            try note("one"), try note("", type: "test.unknown"), try note("three", expectedVersion: 5), try note("four"),
        ])
        #expect(results.count == 4)
        #expect((try? results[0].get())?.seq == 1)
        #expect((try? results[1].get()) == nil)
        #expect((try? results[2].get()) == nil)
        #expect((try? results[3].get())?.seq == 2)
        let queue = DatabaseQueue(label: "test.group", resource: log)
        let committer = GroupCommitter(queue: queue) { $0 }
        #expect(throws: EventLogError.self) { try committer.append(try note("x", expectedVersion: 0)) }
        #expect(try committer.append(try note("five")).event.seq == 3)
    }
}
