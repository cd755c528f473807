import EventModel

/// NodeIdentity is who a node is: its id, municipality and current incarnation.
public struct NodeIdentity: Sendable, Hashable {
    /// The node id.
    public let node: NodeID
    /// The municipality the node belongs to.
    public let municipality: MunicipalityCode
    /// The current incarnation; together with `node`, the origin of what the node writes.
    public let incarnation: Int

    /// Describes a node.
    public init(node: NodeID, municipality: MunicipalityCode, incarnation: Int = 1) {
        self.node = node
        self.municipality = municipality
        self.incarnation = incarnation
    }

    /// The origin the node writes as.
    public var origin: Origin { Origin(node: node, incarnation: incarnation)! }

    /// The channels the node may hold and read: the region and its own municipality.
    public var readableChannels: Set<Channel> { [.region, .municipality(municipality)] }

    /// Whether the node may hold and read `channel` (one of `readableChannels`), without building the set: asked for
    /// every local append, where making the set cost ≈ 1,100 instructions.
    public func canRead(_ channel: Channel) -> Bool { channel.isReadable(byMunicipality: municipality) }
}

/// SystemClock reads the real time.
public struct SystemClock: WallClock {
    /// Makes the clock.
    public init() {}
    /// Milliseconds since 1970 from `clock_gettime(CLOCK_REALTIME)`.
    public func nowMillis() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
