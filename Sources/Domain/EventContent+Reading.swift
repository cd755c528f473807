import EventModel

/// PayloadReading is what the domain's checks read of a payload: a member's text, whole number or number, and
/// whether it is there at all; from a parsed payload or from an event's content, which may hold vouched bytes.
protocol PayloadReading: PayloadMembers {
    /// The member's value as a `Double` when it is a number.
    func double(_ key: String) -> Double?
    /// Whether the member is present (`null` too).
    func has(_ key: String) -> Bool
}

extension JSONValue: PayloadReading {
    func has(_ key: String) -> Bool { self[key] != nil }
}

/// The checks read a content's payload through these: from its bytes when it holds them (`payloadBytes`), exactly
/// as from the tree they parse into, so judging a received event builds no tree.
extension EventContent: PayloadReading {
    func text(_ key: String) -> String? {
        if let bytes = payloadBytes { return bytes.string(key) }
        return payload.text(key)
    }

    func int(_ key: String) -> Int? {
        if let bytes = payloadBytes { return bytes.integer(key).map(Int.init) }
        return payload.int(key)
    }

    func double(_ key: String) -> Double? {
        // Vouched numbers are integers; one beyond 64 bits is read from the tree, as `JSONNumber` rounds it.
        if let bytes = payloadBytes {
            guard bytes.contains(key) else { return nil }
            if let value = bytes.integer(key) { return Double(value) }
        }
        return payload.double(key)
    }

    func has(_ key: String) -> Bool {
        if let bytes = payloadBytes { return bytes.contains(key) }
        return payload[key] != nil
    }
}
