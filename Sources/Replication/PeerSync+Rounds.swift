import EventModel
import Foundation
import Synchronization

extension PeerSync {
    /// What one round did.
    public struct Round: Sendable {
        /// Events the receiving side now holds that it did not before.
        public var stored = 0
        /// Whether more is waiting.
        public var hasMore = false
    }

    /// The peer's identity, asked once and remembered.
    public func peerIdentity() throws -> PeerIdentity {
        if let known = state.withLock({ $0.peer }) { return known }
        let identity = try transport.hello()
        guard identity.origin != store.identity.origin else {
            throw ReplicationError.wrongPeer("\(url) is this node itself")
        }
        state.withLock { $0.peer = identity }
        return identity
    }

    /// Pulls one page of what this node lacks and stores it.
    public func pullOnce(waitMillis: Int = 0) throws -> Round {
        let peer = try peerIdentity()
        let channels = store.identity.sharedChannels(with: peer)
        let request = PullRequest(
            vector: try store.vector(channels: channels), maxEvents: settings.pageEvents, maxBytes: settings.pageBytes,
            waitMillis: waitMillis, excluding: currentlyExcluded(), channels: peer.region == nil ? nil : channels)
        let (response, offered) = try fetch(request)
        prefetchNext(after: response, offered: offered, for: request)
        // Heads may come alone: a peer that sees a fork in our vector sends its signed head for that place.
        let outcomes =
            offered.isEmpty && response.heads.isEmpty
            ? [] : try store.ingest(offered: offered, heads: response.heads)
        var round = Round(stored: 0, hasMore: response.hasMore)
        var stops: [ChainKey: String] = [:]
        var progressed: Set<ChainKey> = []
        var forks: [String] = []
        var lastProgressed: ChainKey?
        for (index, outcome) in zip(offered.indices, outcomes) {
            if outcome.kind == "appended" || outcome.kind == "flagged" { round.stored += 1 }
            guard let key = offered[index].chain else { continue }
            switch outcome {
            case .refused, .deferred: stops[key] = outcome.description
            case .fork: forks.append("\(key): \(outcome.description)")
            default:
                // Runs of one chain: one insertion per run, not per event.
                if key != lastProgressed {
                    progressed.insert(key)
                    lastProgressed = key
                }
            }
        }
        exclude(Array(stops.keys))
        let localVector = try store.vector(channels: channels)
        let vectorForks = forksBetween(local: localVector, remote: response.vector) + response.forks
        let stored = round.stored
        state.withLock {
            $0.lastContactMillis = Self.nowMillis()
            $0.lastError = nil
            $0.nextRetryMillis = nil
            $0.peerVector = response.vector
            $0.pulled += stored
            for key in progressed { $0.stoppedChains[key] = nil }
            $0.stoppedChains.merge(stops) { _, new in new }
            $0.forks = Array(Set($0.forks + forks + vectorForks)).sorted()
        }
        return round
    }

    /// The answer to `request` and its events read and judged (`ReplicaStore.offer`): the page asked for ahead
    /// when it was asked with this very request, else a fresh pull.
    private func fetch(_ request: PullRequest) throws -> (response: PullResponse, offered: [OfferedEvent]) {
        let ahead = prefetched.withLock { page -> PrefetchedPage? in
            defer { page = nil }
            return page
        }
        // A failed or late page asked ahead is asked again: the round then fails or succeeds as it did without it.
        if let ahead, ahead.request == request, case .success(let page)? = ahead.answer(timeoutSeconds: 60) {
            return page
        }
        try checkNotStopped()
        return try readAhead(request)
    }

    /// While a page is being stored, asks the peer for the one after it, with the vector this node will hold
    /// if every event of the page is stored. Catching up, the peer's reading and encoding then overlap this
    /// node's parsing and storing instead of taking turns (a pull was a ping-pong between two processes on
    /// two cores). The page's events are also read and judged there. A page with a refusal, a deferral or a fork leaves another vector, so the next request
    /// differs and the page asked ahead is dropped unread: nothing is stored from a guess.
    private func prefetchNext(after response: PullResponse, offered: [OfferedEvent], for request: PullRequest) {
        guard response.hasMore, !offered.isEmpty, isRunning,
            let vector = Self.vector(request.vector, advancedBy: offered)
        else { return }
        var next = request
        next.vector = vector
        next.waitMillis = 0
        let page = PrefetchedPage(request: next)
        prefetched.withLock { $0 = page }
        finished.enter()
        let thread = Thread { [self] in
            page.deliver(Result { try readAhead(page.request) })
            finished.leave()
        }
        thread.name = "samverkan.peer.prefetch"
        thread.start()
    }

    /// The answer to `request` with its events read and judged; as soon as the answer is parsed, and before its
    /// events are judged, the page after it is asked for (`pullAhead`).
    private func readAhead(_ request: PullRequest) throws -> (response: PullResponse, offered: [OfferedEvent]) {
        let response = try pulled(request)
        pullAhead(after: response, for: request)
        return Self.read(response, with: store)
    }

    /// The answer to `request`: the one pulled ahead when it was pulled with this very request, else a fresh pull.
    private func pulled(_ request: PullRequest) throws -> PullResponse {
        let ahead = pulledAhead.withLock { page -> PulledPage? in
            defer { page = nil }
            return page
        }
        if let ahead, ahead.request == request, case .success(let response)? = ahead.answer(timeoutSeconds: 60) {
            return response
        }
        try checkNotStopped()
        return try transport.pull(request)
    }

    /// Asks the peer for the page after `response` (the answer to `request`), with the vector its events claim to
    /// reach (`WireEnvelope.chainRuns`), before they are judged: the peer then reads and writes that page while
    /// this node judges one page and stores the one before, three stages at once instead of two. It is a guess like
    /// the page asked ahead (`prefetchNext`): taken only by the request it was asked with.
    private func pullAhead(after response: PullResponse, for request: PullRequest) {
        guard response.hasMore, response.eventCount > 0, isRunning, let runs = response.chainRuns,
            let vector = Self.vector(request.vector, advancedBy: runs)
        else { return }
        var next = request
        next.vector = vector
        next.waitMillis = 0
        let page = PulledPage(request: next)
        pulledAhead.withLock { $0 = page }
        // Counted in `finished`, so that `stop()` waits for it, and refused once stopped, like any fresh pull.
        finished.enter()
        let thread = Thread { [self] in
            page.deliver(
                Result {
                    try checkNotStopped()
                    return try transport.pull(page.request)
                })
            finished.leave()
        }
        thread.name = "samverkan.peer.pull-ahead"
        thread.start()
    }

    /// The answer's events read and judged (`ReplicaStore.offer`), and the answer without them.
    private static func read(_ response: PullResponse, with store: any ReplicaStore)
        -> (response: PullResponse, offered: [OfferedEvent])
    {
        var response = response
        let offered = store.offer(envelopes: response.takeEnvelopes())
        return (response, offered)
    }

    /// `vector` with each chain of `events` (read, in chain order) moved to its last event; nil when the
    /// page is not a contiguous continuation of `vector` or holds a malformed event. Taken from the events
    /// already read: reading the page's JSON again for it cost 5 % of a catching-up node's time.
    static func vector(_ vector: VersionVector, advancedBy events: [OfferedEvent]) -> VersionVector? {
        // A chain's head is kept at hand while the page stays in that chain (a page is mostly one long run), not
        // looked up and stored in the vector for every event.
        var advanced = vector
        var run: ChainKey?
        var head = ChainHead.empty
        for index in events.indices {
            guard let key = events[index].chain, let link = events[index].link else { return nil }
            if key != run {
                if let run { advanced[run] = head }
                run = key
                head = advanced[key]
            }
            guard link.seq == head.seq + 1 else { return nil }
            head = ChainHead(seq: link.seq, hash: link.hash)
        }
        if let run { advanced[run] = head }
        return advanced
    }

    /// `vector` with the chain of each run moved to the run's last event; nil when a run does not continue its chain.
    static func vector(_ vector: VersionVector, advancedBy runs: [WireEnvelope.ChainRun]) -> VersionVector? {
        var advanced = vector
        for run in runs {
            guard run.first == advanced[run.chain].seq + 1 else { return nil }
            advanced[run.chain] = ChainHead(seq: run.last, hash: run.hash)
        }
        return advanced
    }

    /// Pushes everything the peer lacks, page by page, until it holds all this node has or refuses.
    public func pushAll() throws -> Round {
        let peer = try peerIdentity()
        let channels = store.identity.sharedChannels(with: peer)
        var theirs = try transport.vector()
        let forks = try store.forks(comparedWith: theirs.restricted(to: channels)).map {
            "fork at \($0): \(url) holds another event there"
        }
        if !forks.isEmpty {
            state.withLock { $0.forks = Array(Set($0.forks + forks)).sorted() }
        }
        var round = Round()
        // Bounded: each page moves the peer's vector or excludes a chain, so this ends long before.
        for _ in 0..<1_000_000 {
            try checkNotStopped()
            let page = try store.page(
                after: theirs, channels: channels, excluding: currentlyExcluded(),
                maxCount: settings.pageEvents, maxBytes: settings.pageBytes)
            guard !page.events.isEmpty else { break }
            let response = try transport.push(page.events, heads: page.heads)
            guard response.outcomes.count == page.events.count else {
                throw ReplicationError.badAnswer("\(response.outcomes.count) outcomes for \(page.events.count) events")
            }
            var refusals: [ChainKey: String] = [:]
            var held = 0
            for (event, outcome) in zip(page.events, response.outcomes) {
                if outcome.isHeld {
                    if outcome.kind != "duplicate" { held += 1 }
                } else {
                    refusals[event.chain] = "the peer answered: \(outcome.reason)"
                }
            }
            round.stored += held
            exclude(Array(refusals.keys))
            state.withLock {
                $0.lastContactMillis = Self.nowMillis()
                $0.lastError = nil
                $0.nextRetryMillis = nil
                $0.peerVector = response.vector
                $0.pushed += held
                $0.stoppedChains.merge(refusals) { _, new in new }
            }
            theirs = response.vector
            if !page.hasMore && refusals.isEmpty { break }
        }
        return round
    }

    func currentlyExcluded() -> Set<ChainKey> {
        let now = Self.nowMillis()
        return excluded.withLock { table in
            table = table.filter { $0.value > now }
            return Set(table.keys)
        }
    }

    func exclude(_ keys: [ChainKey]) {
        let until = Self.nowMillis() + settings.stoppedChainRetryMillis
        excluded.withLock { table in for key in keys { table[key] = until } }
    }

    func forksBetween(local: VersionVector, remote: VersionVector) -> [String] {
        // Only a shared sequence can disagree; the store compares hashes where it holds the events.
        var reports: [String] = []
        for key in remote.keys where local[key].seq == remote[key].seq && local[key].hash != remote[key].hash {
            reports.append("fork at \(key) #\(remote[key].seq): ours \(local[key].hash.short), theirs \(remote[key].hash.short)")
        }
        return reports
    }
}

/// AskedPage is one pull asked for ahead, and its answer once it arrives.
final class AskedPage<Answer: Sendable>: Sendable {
    let request: PullRequest
    private let result = Mutex<Result<Answer, any Error>?>(nil)
    private let arrived = DispatchSemaphore(value: 0)

    init(request: PullRequest) { self.request = request }

    func deliver(_ answer: Result<Answer, any Error>) {
        result.withLock { $0 = answer }
        arrived.signal()
    }

    /// The answer, waiting for it at most `timeoutSeconds`; nil if it did not come.
    func answer(timeoutSeconds: Double) -> Result<Answer, any Error>? {
        guard arrived.wait(timeout: .now() + timeoutSeconds) == .success else { return nil }
        return result.withLock { $0 }
    }
}

/// A page asked for ahead, read and judged.
typealias PrefetchedPage = AskedPage<(response: PullResponse, offered: [OfferedEvent])>
/// A page asked for ahead, only parsed.
typealias PulledPage = AskedPage<PullResponse>
