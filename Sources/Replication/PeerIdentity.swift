import EventModel

/// PeerIdentity is what a node says of itself in `GET /v1/health`: who it is and where it belongs.
public struct PeerIdentity: Sendable, Hashable {
    /// The node id.
    public let node: NodeID
    /// The origin it writes as now.
    public let origin: Origin
    /// Its municipality.
    public let municipality: MunicipalityCode
    /// The id of its region (hex of the genesis hash) when it runs secured; nil in open mode.
    public let region: String?

    /// Describes a node.
    public init(origin: Origin, municipality: MunicipalityCode, region: String? = nil) {
        self.node = origin.node
        self.origin = origin
        self.municipality = municipality
        self.region = region
    }

    /// The channels two nodes share: the region, and the municipality's channel when both belong to it.
    public func sharedChannels(with other: PeerIdentity) -> Set<Channel> {
        municipality == other.municipality ? [.region, .municipality(municipality)] : [.region]
    }

    /// The JSON form.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "node": .string(node.rawValue), "origin": .string(origin.description),
            "municipality": .number(JSONNumber(municipality.rawValue)),
        ]
        if let region { object["region"] = .string(region) }
        return .object(object)
    }

    /// Reads the JSON form.
    public init(json: JSONValue) throws(EnvelopeError) {
        let reader = MessageReader(json, name: "identity")
        let origin = try reader.origin("origin")
        self.init(
            origin: origin, municipality: try reader.municipality("municipality"), region: json["region"]?.stringValue)
    }
}
