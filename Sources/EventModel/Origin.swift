/// NodeID names a node: lowercase letters, digits and inner hyphens, starting with a letter, at most 40.
public struct NodeID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The identifier text.
    public let rawValue: String

    /// The longest accepted identifier.
    public static let maximumLength = 40

    /// Validates `text`, or returns nil.
    public init?(_ text: some StringProtocol) {
        let text = String(text)  // one conversion, then concrete code (see EnvelopeText.isToken)
        let bytes = Array(text.utf8)
        guard (1...Self.maximumLength).contains(bytes.count), let first = bytes.first, let last = bytes.last,
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first), last != UInt8(ascii: "-")
        else { return nil }
        let allowed = bytes.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "-")
        }
        guard allowed else { return nil }
        rawValue = text
    }

    /// The identifier text.
    public var description: String { rawValue }

    /// Orders identifiers by their bytes.
    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8) }
}

/// Origin is one incarnation of a node: the only writer of its chains. Written `node.incarnation`.
public struct Origin: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The node.
    public let node: NodeID
    /// The incarnation, 1 for a new node; a restored or cloned node starts the next one.
    public let incarnation: Int

    /// Makes an origin; incarnations start at 1.
    public init?(node: NodeID, incarnation: Int) {
        guard incarnation >= 1, incarnation <= 1_000_000 else { return nil }
        self.node = node
        self.incarnation = incarnation
    }

    /// Parses `node.incarnation`, e.g. `krs-server.1`, or returns nil. The incarnation is written only in
    /// decimal digits without a leading zero: `Int` alone also reads `+1`, and `node.+1` would then be taken
    /// for `node.1`, one origin with two texts, whose events' hashes differ from what they were signed as.
    public init?(_ text: some StringProtocol) {
        let text = String(text)
        // Read by its bytes (node identifiers and digits are ASCII) instead of by grapheme clusters (3,000
        // instructions an event: every received event names its origin).
        guard let dot = text.utf8.lastIndex(of: UInt8(ascii: ".")), let node = NodeID(text[..<dot]) else { return nil }
        let digits = text.utf8[text.utf8.index(after: dot)...]
        guard (1...7).contains(digits.count), digits.first != UInt8(ascii: "0"),
            digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        self.init(node: node, incarnation: digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) })
    }

    /// `node.incarnation`.
    public var description: String { "\(node.rawValue).\(incarnation)" }

    /// Orders origins by their text form, so every node lists and tie-breaks them alike.
    public static func < (lhs: Origin, rhs: Origin) -> Bool {
        lhs.description.utf8.lexicographicallyPrecedes(rhs.description.utf8)
    }
}
