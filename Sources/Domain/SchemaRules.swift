import EventModel

/// SchemaRules are the cross-field checks the domain schemas share; each returns the first problem found.
enum SchemaRules {
    /// Runs the checks in order and returns the first problem.
    static func first(_ checks: [() -> EnvelopeError?]) -> EnvelopeError? {
        for check in checks {
            if let problem = check() { return problem }
        }
        return nil
    }

    /// The named payload members must be identifiers usable in a stream id.
    static func identifiers(_ content: EventContent, _ keys: [String]) -> EnvelopeError? {
        for key in keys {
            if let value = content.payload.text(key), !DomainStream.isIdentifier(value) {
                return EnvelopeError(field: "payload.\(key)", reason: "must be 1–40 of A–Z a–z 0–9 . _ -")
            }
        }
        return nil
    }

    /// The stream must be the one the convention gives for this payload, so every node keys the item alike.
    static func stream(_ content: EventContent, _ expected: StreamID?) -> EnvelopeError? {
        guard let expected else { return EnvelopeError(field: "stream", reason: "cannot be formed from the payload") }
        guard content.stream == expected else {
            return EnvelopeError(field: "stream", reason: "must be \(expected) for this payload, not \(content.stream)")
        }
        return nil
    }

    /// Authoring rule: what concerns municipality X (a figure, a target, an approval) comes only from a node of X.
    static func writtenByOwnNode(_ content: EventContent, key: String, what: String) -> EnvelopeError? {
        guard let code = content.payload.int(key), code == content.municipality.rawValue else {
            let named = content.payload.int(key).map(String.init) ?? "?"
            return EnvelopeError(
                field: "payload.\(key)",
                reason: "\(what) for municipality \(named) may only be written by a node of municipality \(named), "
                    + "not of \(content.municipality)")
        }
        return nil
    }

    /// A target names at least one end, and `min` does not exceed `max`.
    static func range(_ content: EventContent) -> EnvelopeError? {
        let minimum = content.payload.double("min")
        let maximum = content.payload.double("max")
        if minimum == nil, maximum == nil {
            return EnvelopeError(field: "payload.min", reason: "or payload.max is needed")
        }
        if let minimum, let maximum, minimum > maximum {
            return EnvelopeError(field: "payload.max", reason: "must not be less than payload.min")
        }
        return nil
    }

    /// An edit of an existing item must name the versions it replaces.
    static func parentsRequired(_ content: EventContent, _ what: String) -> EnvelopeError? {
        content.parents.isEmpty ? EnvelopeError(field: "parents", reason: "must name the version \(what)") : nil
    }
}
