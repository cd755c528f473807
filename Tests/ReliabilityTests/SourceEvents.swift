import EventLog
import EventModel
import Foundation
import Synchronization

/// ManualClock is a wall clock a test sets by hand (a node whose clock is wrong).
final class ManualClock: WallClock {
    private let millis: Mutex<Int64>
    init(_ start: Int64) { millis = Mutex(start) }
    func nowMillis() -> Int64 { millis.withLock { $0 } }
    func advance(by delta: Int64) { millis.withLock { $0 += delta } }
    func set(_ value: Int64) { millis.withLock { $0 = value } }
}

/// The real wall clock in milliseconds.
func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

/// A node's log made in-process, to write events quickly (thousands in one transaction) and to
/// give them any clock; its events are then offered to real nodes as a peer would.
struct SourceLog {
    let log: EventLog
    let directory: String

    init(node: String, municipality: Int, clock: any WallClock = SystemClock()) throws {
        directory = Paths.temporary(node)
        let identity = NodeIdentity(node: NodeID(node)!, municipality: MunicipalityCode(municipality)!)
        log = try EventLog.create(directory: directory, identity: identity, validator: AcceptAnyContent(), clock: clock)
    }

    /// Appends `count` valid `meeting.scheduled` events in batches; meetings and dates vary so the
    /// views have something to fold.
    @discardableResult
    func appendMeetings(_ count: Int, prefix: String, batch: Int = 500) throws -> [Event] {
        var made: [Event] = []
        let host = log.identity.municipality.description
        for start in stride(from: 0, to: count, by: batch) {
            let events = try (start..<min(count, start + batch)).map { index in
                let meeting = "\(prefix)-\(index % 97)"
                return try NewEvent(
                    channel: .region, stream: StreamID("meeting/\(meeting)")!, type: EventType("meeting.scheduled")!,
                    author: Author("test.writer")!,
                    payload: [
                        "meeting": .string(meeting), "date": .string("2025-\(String(format: "%02d", 1 + index % 12))-1\(index % 10)"),
                        "host": .number(JSONNumber(Int64(host)!)), "place": .string("Sal \(index % 7)"),
                    ])
            }
            made += try log.append(events)
        }
        return made
    }

    /// Every event of the region channel, in chain order.
    func allEvents() throws -> [Event] {
        var events: [Event] = []
        var vector = VersionVector()
        while true {
            let page = try log.events(after: vector, channels: [.region], maxCount: 5_000)
            events += page.events
            for event in page.events { vector[ChainKey(channel: event.channel, origin: event.origin)] = ChainHead(seq: event.seq, hash: event.hash) }
            if !page.hasMore || page.events.isEmpty { return events }
        }
    }

    func destroy() {
        log.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// A push body for `events`, as a peer sends it.
func pushBody(_ events: some Sequence<Event>) -> [UInt8] {
    CanonicalJSON.encode(["events": .array(events.map(\.wireObject))])
}
