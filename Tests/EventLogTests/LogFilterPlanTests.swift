@testable import EventLog
import EventModel
import Testing

/// `events(matching:)` must read from `after` on, not the whole log: secured nodes ask it for new trust events
/// after every ingest and before every request.
@Suite struct LogFilterPlanTests {
    func plan(_ filter: LogFilter, in log: EventLog) throws -> [String] {
        // The plan does not depend on the values: each parameter is bound to the same placeholder text.
        let count = [filter.channel != nil, filter.origin != nil, filter.stream != nil, filter.type != nil]
            .filter { $0 }.count
        var arguments: [any DatabaseValueConvertible] = [Int64(0)]
        for _ in 0..<count { arguments.append("x") }
        arguments.append(10)
        var plan: [String] = []
        try log.database.makeStatement("EXPLAIN QUERY PLAN " + EventLog.matchingSQL(filter)).forEachRow(arguments) {
            plan.append($0.text(3))
        }
        return plan
    }

    @Test func aChannelAndTypeFilterReadsTheRowidRangeWithoutSorting() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        _ = try log.append((0..<20).map { try note("n\($0)") })
        let plan = try plan(LogFilter(channel: .region, type: EventType("trust.node_enrolled")!), in: log)
        #expect(plan.contains { $0.contains("USING INTEGER PRIMARY KEY") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
        let found = try log.events(matching: LogFilter(channel: .region, type: EventType("test.note")!), after: 15)
        #expect(found.map(\.insertionID) == [16, 17, 18, 19, 20])
    }

    @Test func aStreamFilterStillUsesItsIndex() throws {
        let (log, directory) = try makeTemporaryLog()
        defer { cleanUp(directory) }
        _ = try log.append((0..<20).map { try note("n\($0)", stream: "note/\($0 % 4)") })
        let plan = try plan(LogFilter(channel: .region, stream: StreamID("note/1")!), in: log)
        #expect(plan.contains { $0.contains("events_by_stream") }, "\(plan)")
        let found = try log.events(matching: LogFilter(channel: .region, stream: StreamID("note/1")!))
        #expect(found.count == 5)
    }
}
