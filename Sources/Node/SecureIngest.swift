import EventLog
import EventModel
import Foundation
import Replication
import Security

/// SecureIngest is the secured node's side of replication: it verifies incoming chains against their
/// signed heads and the trust state before the log's ingest rules see them, and it serves pages that end
/// on signed heads (signing its own chains' heads lazily, just before they are served).
///
/// Both run inside the node's serial queue.
enum SecureIngest {
    /// Verifies each chain of a batch against `heads` and passes to the log only events up to a verified head.
    ///
    /// Events are named by their index in `values` throughout, and read through their `link`: copying each
    /// `Event` into groups and lists (four or five times) retained and released every field of it, 18 % of a
    /// catching-up secured node's time.
    ///
    /// The heads, the events and the stops are written in one transaction: a page costs one commit (one fsync)
    /// instead of one for every head, and a crash leaves all of a page or none of it. The trust fold (which
    /// changes memory) and publishing fork proofs (an own append) come after the commit, as before: a page that
    /// rolls back leaves no trust folded from it, and a proof that fails to publish cannot undo the page.
    static func ingest(offered values: [OfferedEvent], heads headValues: [JSONValue], log: EventLog, security: NodeSecurity)
        throws -> [IngestOutcome]
    {
        try security.refreshTrust(log)
        let page = try log.database.inTransaction {
            try store(offered: values, heads: headValues, log: log, security: security)
        }
        try noteStoredWithoutTrust(page.passed, page.results, before: page.before, log: log, security: security)
        try publish(page.proofs, log: log, security: security)
        try security.refreshTrust(log)
        return page.outcomes
    }

    /// What `store` wrote of a page, for the steps after its commit.
    private struct StoredPage {
        var outcomes: [IngestOutcome]
        /// The events passed to the log's ingest, its outcomes for them, and its last insertion id before.
        var passed: [OfferedEvent]
        var results: [IngestOutcome]
        var before: Int64
        var proofs: [ForkProof]
    }

    /// Verifies the page's chains and writes heads, events and stops; the caller holds the transaction.
    private static func store(
        offered values: [OfferedEvent], heads headValues: [JSONValue], log: EventLog, security: NodeSecurity
    ) throws -> StoredPage {
        let database = log.database
        var outcomes = [IngestOutcome?](repeating: nil, count: values.count)
        let heads = headValues.compactMap { try? SignedHead(json: $0) }
        // Trust events are self-authenticating (root signatures): fold the batch's first, so a node's
        // enrolment may arrive together with its first events.
        var candidate = security.trust
        let (order, groups, malformed) = OfferedEvent.chains(of: values)
        for index in values.indices where values[index].isTrustStatement {
            if case .success(let event) = values[index].decoded { candidate.apply(event) }
        }
        let verifier = HeadVerifier(trust: candidate)
        let vector = try log.vector()
        var accepted: [Int] = []
        // A delivered head that disagrees with a head held for the same place, both validly signed by
        // the origin, is a transferable fork proof, whatever the events beside it.
        var proofs: [ForkProof] = heads.compactMap { delivered in
            guard let held = try? SecurityTables.head(of: delivered.chain, at: delivered.head.seq, in: database),
                held.head.hash != delivered.head.hash, let proof = ForkProof(held, delivered),
                proof.verify(in: candidate)
            else { return nil }
            return proof
        }
        var verifiedHeads: [SignedHead] = []
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for key in order {
            let held = vector[key]
            var fresh: [Int] = []
            var steps: [HeadVerifier.Step] = []
            for index in groups[key]! {
                let link = values[index].link!
                if link.seq > held.seq {
                    fresh.append(index)
                    steps.append(HeadVerifier.Step(link: link, hasValidHash: values[index].hasValidHash))
                } else if try SecurityTables.storedHash(key, seq: link.seq, in: database) == link.hash {
                    accepted.append(index)  // a duplicate: the log answers it
                } else {
                    outcomes[index] = .refused(
                        .brokenChain(
                            "another event is held at \(ChainPosition(channel: key.channel, origin: key.origin, seq: link.seq)); "
                                + "a conflicting event counts only as a fork proof of two signed heads"))
                }
            }
            guard !fresh.isEmpty else { continue }
            let result = verifier.verify(
                chain: key, held: held, steps: steps, heads: heads,
                heldHead: { seq in try? SecurityTables.head(of: key, at: seq, in: database) })
            for (index, step) in zip(fresh, steps) {
                if step.link.seq <= result.acceptedThrough {
                    accepted.append(index)
                } else if let refusal = result.refusal, step.link.seq >= refusal.seq {
                    outcomes[index] = outcome(for: refusal)
                } else {
                    outcomes[index] = .refused(
                        .brokenChain("no signed head covers seq \(step.link.seq) yet; it waits for the next head"))
                }
            }
            verifiedHeads += heads.filter {
                $0.chain == key && $0.head.seq > held.seq && $0.head.seq <= result.acceptedThrough
            }
            if let refusal = result.refusal {
                try SecurityTables.recordStop(key, seq: refusal.seq, reason: refusal.description, at: now, in: database)
                NodeSecurity.warn(
                    "chain refused",
                    ["channel": key.channel.description, "origin": key.origin.description, "seq": String(refusal.seq),
                     "reason": refusal.description])
            }
            if let proof = result.forkProof {
                let reason = "fork proven at seq \(proof.seq): two heads signed by \(key.origin) name different hashes"
                try SecurityTables.recordStop(key, seq: proof.seq, reason: reason, at: now, in: database)
                proofs.append(proof)
                NodeSecurity.warn(
                    "fork proven", ["channel": key.channel.description, "origin": key.origin.description, "reason": reason])
            }
        }
        // In the same transaction as the events: a node never holds events it could not relay without their head.
        try SecurityTables.save(verifiedHeads, in: database)
        accepted.sort()
        // Mostly the whole page is accepted in order: pass it on as it is rather than a copy of every event.
        let passed = accepted.count == values.count ? values : accepted.map { values[$0] }
        let before = try log.lastInsertionID()
        let results = try log.ingest(offered: passed)
        for (index, result) in zip(accepted, results) { outcomes[index] = result }
        if !malformed.isEmpty {
            let refused = try log.ingest(offered: malformed.map { values[$0] })
            for (index, result) in zip(malformed, refused) { outcomes[index] = result }
        }
        let after = try log.vector()
        for key in order where after[key].seq > vector[key].seq {
            try SecurityTables.clearStop(key, through: after[key].seq, in: database)
        }
        return StoredPage(
            outcomes: outcomes.map { $0 ?? .refused(.brokenChain("not verified")) }, passed: passed, results: results,
            before: before, proofs: proofs)
    }

    /// Tells `security` that the rows the batch just stored, after insertion id `before`, need no trust fold when
    /// none of them is a trust statement and they are all the rows stored since `before`: the fold after the batch
    /// (`refreshTrust`) then reads none of them again (it read every row of the batch, 1,900 instructions an event).
    ///
    /// The ingest stores its rows in one transaction, under ids after every row before it; so when the rows after
    /// `before` are exactly as many as it stored, no other writer's row is among them.
    static func noteStoredWithoutTrust(
        _ passed: [OfferedEvent], _ results: [IngestOutcome], before: Int64, log: EventLog, security: NodeSecurity
    ) throws {
        var stored: Int64 = 0
        // By index: pairs of `zip` copied every offered event, retaining and releasing all its fields.
        for (index, result) in zip(passed.indices, results) {
            switch result {
            case .appended, .appendedFlagged:
                guard !passed[index].isTrustStatement else { return }
                stored += 1
            default: break
            }
        }
        guard stored > 0, try log.lastInsertionID() == before + stored else { return }
        security.noteFolded(after: before, through: before + stored)
    }

    /// Appends each new fork proof to the region channel, once per forked chain, so it reaches every
    /// node and each of them quarantines the origin (see `NodeSecurity.refreshTrust`).
    static func publish(_ proofs: [ForkProof], log: EventLog, security: NodeSecurity) throws {
        for proof in proofs {
            let stream = TrustCatalog.stream(for: proof.chain.origin)
            let known = try log.events(matching: LogFilter(stream: stream, type: TrustCatalog.forkProven), limit: 1)
            guard known.isEmpty else { continue }
            try log.append(
                NewEvent(
                    channel: .region, stream: stream, type: TrustCatalog.forkProven, author: Author("samverkan")!,
                    payload: proof.payload(region: security.genesis.id)))
        }
    }

    /// The log's ingest outcome for a verification refusal; the reason names positions, never content.
    static func outcome(for refusal: HeadRefusal) -> IngestOutcome {
        switch refusal.reason {
        case .hashMismatch: .refused(.brokenChain(refusal.description))
        case .gap: .refused(.brokenChain(refusal.description))
        case .untrusted, .municipalityMismatch: .refused(.channelNotAllowed(refusal.description))
        case .brokenChain, .wrongChain, .badSignature, .headMismatch: .refused(.brokenChain(refusal.description))
        }
    }

    /// A page to serve: own chains' heads signed first, every chain cut at its highest signed head.
    static func page(
        after vector: VersionVector, channels: Set<Channel>, excluding: Set<ChainKey>, maxCount: Int, maxBytes: Int,
        log: EventLog, security: NodeSecurity
    ) throws -> ReplicaPage {
        try security.refreshTrust(log)
        let database = log.database
        let raw = try log.servedEvents(
            after: vector, channels: channels, excluding: excluding, maxCount: maxCount, maxBytes: maxBytes)
        var order: [ChainKey] = []
        var groups: [ChainKey: [WireEvent]] = [:]
        for event in raw.events {
            if groups[event.chain] == nil { order.append(event.chain) }
            groups[event.chain, default: []].append(event)
        }
        var events: [WireEvent] = []
        var heads: [JSONValue] = []
        var cut = false
        for key in order {
            let chainEvents = groups[key]!
            let held = vector[key].seq
            let last = chainEvents.last!.seq
            try SecurityTables.save(security.signOwnHeads(chainEvents.map(\.head), chain: key), in: database)
            let stored = try SecurityTables.heads(of: key, after: held, through: last, in: database)
            guard let end = BatchCut.end(after: held, wanted: last, headSeqs: stored.map(\.head.seq)), end <= last
            else {
                cut = true
                continue
            }
            if end < last { cut = true }
            events += chainEvents.filter { $0.seq <= end }
            heads += stored.filter { $0.head.seq <= end }.map(\.jsonValue)
        }
        // Where the caller's vector names another hash at a place held here, send the head signed for
        // that place: with the caller's own head for it, that is a transferable fork proof.
        for position in try log.forks(comparedWith: vector.restricted(to: channels)).map(\.position) {
            let key = ChainKey(channel: position.channel, origin: position.origin)
            if let disputed = try SecurityTables.head(of: key, at: position.seq, in: database) {
                heads.append(disputed.jsonValue)
            }
        }
        // A chain with no signed head in reach is not servable now; never promise more than can be sent.
        return ReplicaPage(events: events, heads: heads, hasMore: !events.isEmpty && (raw.hasMore || cut))
    }
}
