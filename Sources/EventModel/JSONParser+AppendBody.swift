extension JSONParser {
    /// Parses the body of a local append request (`POST /v1/events`) like `parse`, except that a `payload` member
    /// in the form `PayloadBytes` vouches for is kept as those bytes, without a tree: they are already the payload's
    /// canonical encoding, which is judged, hashed and stored as it is.
    ///
    /// Every request's payload went through a dictionary, was encoded again for its canonical bytes and freed, on
    /// the connection thread of each append (a fifth of a request's instructions in the server). What is accepted,
    /// and every error, is the same as with `parse`; a body that is no object is returned as its value.
    public static func parseAppendBody(_ bytes: some Collection<UInt8>) throws(Error) -> AppendBody {
        try parseWhole(
            bytes, object: { parser throws(Error) in try parser.parseAppendObject() },
            otherwise: { AppendBody(notAnObject: $0) })
    }

    /// `parseObject(depth: 1)` into an `AppendBody`, the payload's bytes taken as they are when vouched for.
    private mutating func parseAppendObject() throws(Error) -> AppendBody {
        index += 1
        skipWhitespace()
        var body = AppendBody()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return body
        }
        // Room for every member a body has (growing from empty reallocated both arrays three times per request).
        var names: [String] = []
        names.reserveCapacity(8)
        var offsets: [Int] = []
        offsets.reserveCapacity(8)
        while true {
            let (name, keyOffset) = try parseMemberKey()
            // A repeated key fails below as in `parse`, so which of its values is kept does not matter.
            if name == "payload", let end = vouchedPayloadEnd() {
                body.payloadBytes = PayloadBytes(vouched: Array(bytes[index..<end]))
                body.payloadTree = nil
                index = end
            } else {
                let value = try parseValue(depth: 1)
                body.take(value, as: name)
            }
            names.append(name)
            offsets.append(keyOffset)
            if try moreItems(closing: UInt8(ascii: "}")) { continue }
            try Self.refuseRepeatedKeys(names, offsets: offsets)
            return body
        }
    }

    /// Where the vouched payload starting here ends; nil when it is not in that form.
    private func vouchedPayloadEnd() -> Int? {
        bytes.withUnsafeBufferPointer { PayloadBytes.vouchedEnd(in: $0, from: index, depth: 1) }
    }

    /// Throws the error `parse` gives for the first key that repeats an earlier one, if any.
    ///
    /// A body has a handful of members, compared pairwise without a set's allocation; a body of many (a client may
    /// send hundreds of thousands within the body limit) goes through a set, so the check stays linear.
    private static func refuseRepeatedKeys(_ names: [String], offsets: [Int]) throws(Error) {
        if names.count <= 16 {
            for (position, name) in names.enumerated() where names[..<position].contains(name) {
                throw Error(reason: "duplicate key \"\(name)\"", offset: offsets[position])
            }
            return
        }
        var seen = Set<String>(minimumCapacity: names.count)
        for (position, name) in names.enumerated() where !seen.insert(name).inserted {
            throw Error(reason: "duplicate key \"\(name)\"", offset: offsets[position])
        }
    }
}

/// AppendBody is a parsed append request body: the members an append reads, with the payload as a tree or as
/// vouched bytes; other members are parsed (so what is refused stays the same) and dropped.
public struct AppendBody: Sendable {
    /// The body's value when it is not a JSON object.
    public private(set) var notAnObject: JSONValue?
    /// The payload's canonical bytes, when `PayloadBytes` vouched for them.
    public fileprivate(set) var payloadBytes: PayloadBytes?
    /// The payload as parsed, when it was not read as vouched bytes.
    public fileprivate(set) var payloadTree: JSONValue?
    // The members an append reads, each in a field of its own: looked up by name in a list, seven lookups a request
    // cost more than reading them.
    /// The member `channel`, as parsed.
    public private(set) var channel: JSONValue?
    /// The member `stream`, as parsed.
    public private(set) var stream: JSONValue?
    /// The member `type`, as parsed.
    public private(set) var type: JSONValue?
    /// The member `author`, as parsed.
    public private(set) var author: JSONValue?
    /// The member `schema`, as parsed.
    public private(set) var schema: JSONValue?
    /// The member `parents`, as parsed.
    public private(set) var parents: JSONValue?
    /// The member `expectedVersion`, as parsed.
    public private(set) var expectedVersion: JSONValue?

    init() {}

    init(notAnObject value: JSONValue) { notAnObject = value }

    /// Keeps `value` when `name` is a member an append reads.
    fileprivate mutating func take(_ value: JSONValue, as name: String) {
        switch name {
        case "payload":
            payloadTree = value
            payloadBytes = nil
        case "channel": channel = value
        case "stream": stream = value
        case "type": type = value
        case "author": author = value
        case "schema": schema = value
        case "parents": parents = value
        case "expectedVersion": expectedVersion = value
        default: break
        }
    }

    /// Whether the body is a JSON object.
    public var isObject: Bool { notAnObject == nil }

    /// Whether the body has a `payload` member.
    public var hasPayload: Bool { payloadBytes != nil || payloadTree != nil }
}
