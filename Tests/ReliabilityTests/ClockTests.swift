import EventLog
import EventModel
import Foundation
import Testing

extension ReliabilityProcessTests {
    /// A peer whose clock is hours ahead, against a real serving node (its clock cannot be faked,
    /// so the wrong clock is the peer's: an in-process log with a manual clock).
    @Suite(.serialized) struct ClockProcessTests {
        @Test func eventsFromAClockHoursAheadAreDeferredAndNamedInTheStatus() throws {
            let node = try Node(name: "krs-server", municipality: 287)
            let ahead = try SourceLog(node: "kas-laptop", municipality: 231, clock: ManualClock(nowMillis() + 3 * 3_600_000))
            let behind = try SourceLog(node: "mlx-laptop", municipality: 475, clock: ManualClock(nowMillis() - 86_400_000))
            defer {
                node.destroy()
                ahead.destroy()
                behind.destroy()
            }
            try node.start()
            let vectorBefore = try http(node.port, "GET", "/v1/vector").json
            let early = try ahead.appendMeetings(3, prefix: "early")
            let answer = try http(node.port, "POST", "/v1/push", body: pushBody(early))
            let outcomes = answer.json["outcomes"]?.arrayValue ?? []
            #expect(answer.status == 200 && outcomes.first?["kind"]?.stringValue == "deferred")
            // The chain stops at its first event; nothing after it is looked at out of order.
            #expect(outcomes.dropFirst().allSatisfy { ["deferred", "refused"].contains($0["kind"]?.stringValue) })
            #expect(try http(node.port, "GET", "/v1/vector").json == vectorBefore, "nothing deferred is stored")
            let stops = try http(node.port, "GET", "/v1/status").json["stoppedChains"]?.arrayValue ?? []
            let stop = stops.first { $0["origin"]?.stringValue == "kas-laptop.1" }
            let reason = stop?["reason"]?.stringValue ?? ""
            // Known bug (EventLog+Ingest.swift, recordStop): the later events of the same batch overwrite the
            // chain's stop with "refused: gap", hiding the deferral's message. Until fixed, push one event alone.
            #expect(reason.contains("ahead"), "the operator is told the clock is ahead: \(stops)")
            _ = try http(node.port, "POST", "/v1/push", body: pushBody(early.prefix(1)))
            let alone = try http(node.port, "GET", "/v1/status").json["stoppedChains"]?.arrayValue?.first { $0["origin"]?.stringValue == "kas-laptop.1" }
            let message = alone?["reason"]?.stringValue ?? ""
            #expect(message.contains("ahead"), "the operator is told the clock is ahead: \(message)")
            let seconds = message.split(separator: " ").compactMap { Int($0) }.first ?? 0
            #expect((10_700...10_800).contains(seconds), "the drift in seconds is named: \(message)")
            // A clock a day behind is no reason to refuse: its events are accepted and ordered by their HLC.
            let late = try behind.appendMeetings(3, prefix: "late")
            let accepted = try http(node.port, "POST", "/v1/push", body: pushBody(late)).json["outcomes"]?.arrayValue ?? []
            #expect(accepted.count == 3 && accepted.allSatisfy { $0["kind"]?.stringValue == "appended" })
            let local = try http(node.port, "POST", "/v1/events", body: CanonicalJSON.encode([
                "channel": "region", "stream": "meeting/now", "type": "meeting.scheduled", "author": "anna.coordinator",
                "payload": ["meeting": "now", "date": "2025-03-12", "host": 287, "place": "Stadshuset"],
            ]))
            #expect(local.status == 201)
            #expect((local.json["hlc"]?.int64Value ?? 0) > late.last!.hlc.rawValue)
        }
    }
}

/// The clock rules at the log level, where the clock is injected.
@Suite struct ClockRuleTests {
    @Test func aDeferredChainIsAcceptedOnceTheEventIsWithinTheDrift() throws {
        let start = nowMillis()
        let clock = ManualClock(start)
        let target = try SourceLog(node: "krs-server", municipality: 287, clock: clock)
        let ahead = try SourceLog(node: "kas-laptop", municipality: 231, clock: ManualClock(start + 3 * 3_600_000))
        defer {
            target.destroy()
            ahead.destroy()
        }
        let events = try ahead.appendMeetings(4, prefix: "ahead")
        #expect(try target.log.ingest(events).first == .deferred(aheadMillis: 3 * 3_600_000))
        let firstReason = try target.log.chainStops().first?.reason ?? ""
        #expect(firstReason.contains("ahead"))
        _ = try target.log.ingest(Array(events.prefix(1)))
        let stop = try #require(try target.log.chainStops().first)
        #expect(stop.key.origin.description == "kas-laptop.1" && stop.reason.contains("10800 s ahead"), "\(stop)")
        // Still ahead by more than the allowed drift: still deferred.
        clock.advance(by: 3 * 3_600_000 - target.log.maximumDriftMillis - 1_000)
        #expect(try target.log.ingest(events).first.map { if case .deferred = $0 { true } else { false } } == true)
        // Within the drift now: accepted, and the stop is cleared.
        clock.advance(by: 2_000)
        #expect(try target.log.ingest(events) == Array(repeating: .appended, count: 4))
        #expect(try target.log.chainStops().isEmpty)
        // The log's clock moved past what it ingested: its next event orders after them.
        let next = try target.log.append(try NewEvent(
            channel: .region, stream: StreamID("meeting/after")!, type: EventType("meeting.scheduled")!,
            author: Author("anna")!, payload: ["meeting": "after"]))
        #expect(next.hlc > events.last!.hlc)
    }

    @Test func aClockThatJumpsBackNeverReordersTheLog() throws {
        let clock = ManualClock(nowMillis())
        let node = try SourceLog(node: "nrp-server", municipality: 545, clock: clock)
        defer { node.destroy() }
        var hlcs = try node.appendMeetings(5, prefix: "before").map(\.hlc)
        clock.advance(by: -2 * 3_600_000)  // NTP steps the clock back two hours
        hlcs += try node.appendMeetings(5, prefix: "after").map(\.hlc)
        clock.advance(by: -86_400_000)
        hlcs += try node.appendMeetings(5, prefix: "much-after").map(\.hlc)
        #expect(zip(hlcs, hlcs.dropFirst()).allSatisfy { $0 < $1 }, "HLCs strictly increase: \(hlcs)")
        #expect(try node.log.lastHLC() == hlcs.last)
        #expect(try node.log.verify().isSound)
    }
}
