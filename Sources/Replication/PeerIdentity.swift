import EventModel

/// PeerIdentity is what a node says of itself in `GET /v1/health`: who it is and where it belongs.
public struct PeerIdentity: Sendable, Hashable {
    /// The node id.
    public let node: NodeID
    /// The origin it writes as now.
    public let origin: Origin
    /// Its municipality.
    public let municipality: MunicipalityCode

    /// Describes a node.
    public init(origin: Origin, municipality: MunicipalityCode) {
        self.node = origin.node
        self.origin = origin
        self.municipality = municipality
    }

    /// The channels two nodes share: the region, and the municipality's channel when both belong to it.
    public func sharedChannels(with other: PeerIdentity) -> Set<Channel> {
        municipality == other.municipality ? [.region, .municipality(municipality)] : [.region]
    }

    /// The JSON form.
    public var jsonValue: JSONValue {
        [
            "node": .string(node.rawValue), "origin": .string(origin.description),
            "municipality": .number(JSONNumber(municipality.rawValue)),
        ]
    }

    /// Reads the JSON form.
    public init(json: JSONValue) throws(EnvelopeError) {
        let reader = MessageReader(json, name: "identity")
        let origin = try reader.origin("origin")
        self.init(origin: origin, municipality: try reader.municipality("municipality"))
    }
}
