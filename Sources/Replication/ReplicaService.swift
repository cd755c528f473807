import EventModel

/// ReplicaService answers peers: the server side of pull, push and vector, over any `ReplicaStore`.
///
/// What a caller sees is restricted to the channels its municipality may read: the region, and
/// its own municipality's channel when this node belongs to the same municipality.
public struct ReplicaService: Sendable {
    /// The local log.
    public let store: any ReplicaStore

    /// Serves `store`.
    public init(store: any ReplicaStore) { self.store = store }

    /// The channels a caller of `municipality` may read here; only the region for an unnamed caller.
    public func channels(forCaller municipality: MunicipalityCode?) -> Set<Channel> {
        guard let municipality, municipality == store.identity.municipality else { return [.region] }
        return [.region, .municipality(municipality)]
    }

    /// The vector as the caller may see it.
    public func vector(forCaller municipality: MunicipalityCode?) throws -> VersionVector {
        try store.vector(channels: channels(forCaller: municipality))
    }

    /// The events the caller lacks; when none and the caller allows it, waits for new ones first.
    public func pull(_ request: PullRequest, caller municipality: MunicipalityCode?, isShuttingDown: () -> Bool = { false })
        throws -> PullAnswer
    {
        var channels = channels(forCaller: municipality)
        if let asked = request.channels { channels.formIntersection(asked) }
        // A caller holding another event at a place we hold is told at once, before anything else.
        let forks = try store.forks(comparedWith: request.vector.restricted(to: channels)).map {
            "fork at \($0): the caller holds another event there than \(store.identity.origin) does"
        }
        var waited = 0
        while true {
            let token = store.changeToken()
            let page = try store.page(
                after: request.vector, channels: channels, excluding: request.excluding,
                maxCount: min(request.maxEvents, PullRequest.maximumEvents),
                maxBytes: min(request.maxBytes, PullRequest.maximumBytes))
            let remaining = request.waitMillis - waited
            if !page.events.isEmpty || remaining <= 0 || isShuttingDown() {
                return PullAnswer(
                    events: page.events, hasMore: page.hasMore,
                    vector: try store.vector(channels: channels), forks: forks, heads: page.heads)
            }
            // Wait in slices so a shutting-down server answers long-polls promptly.
            let slice = min(remaining, 1_000)
            _ = store.waitForChange(after: token, timeoutMillis: slice)
            waited += slice
        }
    }

    /// Applies pushed events; those on channels the caller may not deliver are refused unseen.
    public func push(_ events: [JSONValue], heads: [JSONValue] = [], caller municipality: MunicipalityCode?) throws
        -> PushResponse
    {
        let channels = channels(forCaller: municipality)
        var outcomes = [PushOutcome?](repeating: nil, count: events.count)
        var accepted: [(index: Int, event: JSONValue)] = []
        for (index, event) in events.enumerated() {
            if let text = event["channel"]?.stringValue, let channel = Channel(text), !channels.contains(channel) {
                outcomes[index] = PushOutcome(
                    .refused(.channelNotAllowed("the delivering peer may not hold \(channel)")))
            } else {
                accepted.append((index, event))
            }
        }
        // Read and judged on this connection's thread, outside the log's serial queue.
        let results = try store.ingest(offered: store.offer(wire: accepted.map(\.event)), heads: heads)
        for (position, item) in accepted.enumerated() { outcomes[item.index] = PushOutcome(results[position]) }
        return PushResponse(outcomes: outcomes.map { $0! }, vector: try store.vector(channels: channels))
    }
}
