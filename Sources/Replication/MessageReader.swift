import EventModel

/// MessageReader reads fields of a protocol message strictly, naming the field that is wrong.
struct MessageReader {
    let object: [String: JSONValue]
    let name: String
    let isObject: Bool

    init(_ value: JSONValue, name: String) {
        self.object = value.objectValue ?? [:]
        self.name = name
        self.isObject = value.objectValue != nil
    }

    func requireObject() throws(EnvelopeError) {
        guard isObject else { throw EnvelopeError(field: name, reason: "must be a JSON object") }
    }

    func value(_ field: String) throws(EnvelopeError) -> JSONValue {
        try requireObject()
        guard let value = object[field] else { throw EnvelopeError(field: field, reason: "is missing") }
        return value
    }

    func integer(_ field: String, default fallback: Int64? = nil, in range: ClosedRange<Int64>) throws(EnvelopeError) -> Int64 {
        try requireObject()
        guard let value = object[field], !value.isNull else {
            if let fallback { return fallback }
            throw EnvelopeError(field: field, reason: "is missing")
        }
        guard let number = value.int64Value, range.contains(number) else {
            throw EnvelopeError(field: field, reason: "must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    func bool(_ field: String, default fallback: Bool) throws(EnvelopeError) -> Bool {
        guard let value = object[field], !value.isNull else { return fallback }
        guard let flag = value.boolValue else { throw EnvelopeError(field: field, reason: "must be true or false") }
        return flag
    }

    func array(_ field: String, maxCount: Int) throws(EnvelopeError) -> [JSONValue] {
        guard let elements = try value(field).arrayValue else {
            throw EnvelopeError(field: field, reason: "must be an array")
        }
        guard elements.count <= maxCount else {
            throw EnvelopeError(field: field, reason: "holds more than \(maxCount) elements")
        }
        return elements
    }

    func origin(_ field: String) throws(EnvelopeError) -> Origin {
        guard let text = try value(field).stringValue, let origin = Origin(text) else {
            throw EnvelopeError(field: field, reason: "must be an origin (node.incarnation)")
        }
        return origin
    }

    func municipality(_ field: String) throws(EnvelopeError) -> MunicipalityCode {
        guard let code = try value(field).int64Value, let municipality = MunicipalityCode(Int(code)) else {
            throw EnvelopeError(field: field, reason: "must be a member municipality code")
        }
        return municipality
    }

    func vector(_ field: String) throws(EnvelopeError) -> VersionVector {
        try VersionVector(json: try value(field))
    }

    func chainKeys(_ field: String) throws(EnvelopeError) -> Set<ChainKey> {
        guard let value = object[field], !value.isNull else { return [] }
        guard let elements = value.arrayValue, elements.count <= 10_000 else {
            throw EnvelopeError(field: field, reason: "must be an array of at most 10000 chains")
        }
        var keys: Set<ChainKey> = []
        for (index, element) in elements.enumerated() {
            guard let channelText = element["channel"]?.stringValue, let channel = Channel(channelText),
                let originText = element["origin"]?.stringValue, let origin = Origin(originText)
            else { throw EnvelopeError(field: "\(field)[\(index)]", reason: "must be {\"channel\": …, \"origin\": …}") }
            keys.insert(ChainKey(channel: channel, origin: origin))
        }
        return keys
    }
}

extension ChainKey {
    /// The JSON form used in protocol messages.
    public var jsonValue: JSONValue { ["channel": .string(channel.description), "origin": .string(origin.description)] }
}
