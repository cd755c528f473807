import EventLog
import EventModel
import Foundation
import Testing

/// The same events ingested in different orders (each origin's order kept) give the same log state.
@Suite struct EventLogConvergenceTests {
    @Test(arguments: [1 as UInt64, 2, 3, 4, 5])
    func randomInterleavingsConverge(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var chains: [[Event]] = []
        for (node, code) in [("krs-a", 287), ("kas-b", 231), ("nrp-c", 545), ("mlx-d", 475)] {
            let (source, directory) = try makeTemporaryLog(node: node, municipality: code)
            defer { cleanUp(directory) }
            let count = Int.random(in: 5...40, using: &random)
            chains.append(try source.append((0..<count).map { try note("\(node) \($0)", stream: "s/\(node)/\($0 % 3)") }))
        }
        func interleave(_ random: inout SplitMix64) -> [Event] {
            var cursors = chains.map { $0[...] }
            var order: [Event] = []
            while cursors.contains(where: { !$0.isEmpty }) {
                let candidates = cursors.indices.filter { !cursors[$0].isEmpty }
                let pick = candidates.randomElement(using: &random)!
                order.append(cursors[pick].removeFirst())
            }
            return order
        }
        var states: [(VersionVector, Set<Event>)] = []
        for _ in 0..<2 {
            let (log, directory) = try makeTemporaryLog(node: "receiver", municipality: 280)
            defer { cleanUp(directory) }
            var order = interleave(&random)
            while !order.isEmpty {
                let size = Int.random(in: 1...7, using: &random)
                let batch = Array(order.prefix(size))
                order.removeFirst(batch.count)
                #expect(try log.ingest(batch).allSatisfy { $0 == .appended })
            }
            let stored = try log.events(after: VersionVector(), channels: [.region], maxCount: 10_000).events
            states.append((try log.vector(), Set(stored)))
            #expect(try log.verify().isSound)
        }
        #expect(states[0].0 == states[1].0)
        #expect(states[0].1 == states[1].1)
        #expect(states[0].1.count == chains.map(\.count).reduce(0, +))
    }
}
