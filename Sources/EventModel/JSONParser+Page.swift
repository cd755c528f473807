extension JSONParser {
    /// Parses a JSON object like `parse`, except that when its member `key` is an array, the elements of
    /// that array are read as event wire forms straight into envelopes (`WireEnvelope`) instead of JSON
    /// objects; the returned object then holds an empty array there.
    ///
    /// This is how a puller reads a page: the envelope of every event would otherwise become a dictionary
    /// of fourteen members, be looked up field by field and be freed again (a quarter of a catching-up
    /// node's time went to parsing a page and reading its events). What is accepted, and every error, is
    /// the same as with `parse` and `Event(wire:)`; a payload is parsed into a JSON tree only when `PayloadBytes`
    /// does not vouch for its bytes (`WireEnvelope.payloadBytes`).
    ///
    /// At most `limit + 1` envelopes are kept; the elements after them are still parsed (so what is refused stays
    /// the same) but dropped at once, so a page of millions of tiny elements costs no more memory than its bytes.
    /// The caller refuses a page with more than `limit`.
    public static func parsePage(_ bytes: some Collection<UInt8>, eventsAt key: String, keepingAtMost limit: Int = .max)
        throws(Error) -> (value: JSONValue, envelopes: [WireEnvelope]?)
    {
        try parseWhole(
            bytes,
            object: { parser throws(Error) in
                var envelopes: [WireEnvelope]?
                let value = try parser.parsePageObject(eventsAt: key, limit: limit, into: &envelopes)
                return (value, envelopes)
            },
            otherwise: { ($0, nil) })
    }

    /// `parseObject(depth: 1)` with the member `key` read by `parseEnvelopes` when it is an array.
    private mutating func parsePageObject(eventsAt key: String, limit: Int, into envelopes: inout [WireEnvelope]?)
        throws(Error) -> JSONValue
    {
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object([:])
        }
        var members: [(key: String, value: JSONValue, offset: Int)] = []
        while true {
            let (name, keyOffset) = try parseMemberKey()
            let value: JSONValue
            if name == key, index < bytes.count, bytes[index] == UInt8(ascii: "[") {
                let read = try parseEnvelopes(depth: 2, limit: limit)
                // A repeated key fails below as in `parse`; the first array read stays the page's.
                if envelopes == nil { envelopes = read }
                value = .array([])
            } else {
                value = try parseValue(depth: 1)
            }
            members.append((name, value, keyOffset))
            if try moreItems(closing: UInt8(ascii: "}")) { continue }
            var object = [String: JSONValue](minimumCapacity: members.count)
            for member in members {
                guard object.updateValue(member.value, forKey: member.key) == nil else {
                    throw Error(reason: "duplicate key \"\(member.key)\"", offset: member.offset)
                }
            }
            return .object(object)
        }
    }

    /// `parseArray(depth:)` whose elements become envelopes.
    private mutating func parseEnvelopes(depth: Int, limit: Int) throws(Error) -> [WireEnvelope] {
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return []
        }
        var envelopes: [WireEnvelope] = []
        // Room for as many envelopes as the rest of the bytes hold sound events (none is shorter than its two
        // hashes and fourteen keys): growing the array moved every envelope read so far, again and again.
        envelopes.reserveCapacity(min(limit, (bytes.count - index) / WireEnvelope.shortestSoundEvent) + 1)
        var texts = PageTexts()
        while true {
            skipWhitespace()
            if envelopes.count > limit {
                _ = try parseValue(depth: depth)
            } else if index < bytes.count, bytes[index] == UInt8(ascii: "{") {
                envelopes.append(try parseEnvelope(depth: depth + 1, texts: &texts))
            } else {
                envelopes.append(WireEnvelope(wire: try parseValue(depth: depth)))
            }
            if try moreItems(closing: UInt8(ascii: "]")) { continue }
            return envelopes
        }
    }

    /// The distinct texts of the fields a page's envelopes mostly repeat (`WireEnvelope.mayRepeat`), as first read.
    private struct PageTexts {
        /// Names the page, for `WireEnvelope.page`.
        let page = WireEnvelope.PageMark()
        /// By slot: where each distinct text was first read as a string without escapes, and its value.
        var entries = [[(range: Range<Int>, value: JSONValue)]](repeating: [], count: WireEnvelope.fieldNames.count)
        /// By slot: the field's key as every sound event writes it (`WireEnvelope.KeyPattern`).
        let keys = (0..<WireEnvelope.fieldNames.count).map(WireEnvelope.KeyPattern.init(slot:))
    }

    /// `parseObject(depth:)` whose members go into the envelope's fields.
    private mutating func parseEnvelope(depth: Int, texts: inout PageTexts) throws(Error) -> WireEnvelope {
        var form = EnvelopeForm(objectStart: index)
        index += 1
        skipWhitespace()
        var envelope = WireEnvelope()
        envelope.page = texts.page
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return envelope
        }
        // `parse` reports a repeated key only once the object ends, and the first repeated one: keep that order.
        var duplicate: Error?
        // The slot of the key expected next: a sound event writes its keys in the order of their slots.
        var expected = 0
        // Bit `slot` set once the field was read (asking the field copied and released its value, per member).
        var seen: UInt16 = 0
        while true {
            var (slot, keyOffset) = try parseEnvelopeKey(expecting: expected, texts.keys)
            var name: String?
            if slot == nil {
                // Not a field's name as written in every sound event: read the key in full (it may still be
                // a field's name, escaped).
                (name, keyOffset) = try parseMemberKey()
                slot = WireEnvelope.slot(of: name!)
            }
            let valueStart = index
            let value: JSONValue
            var hexHash: EventHash?
            if let slot, slot == WireEnvelope.Field.prev.rawValue || slot == WireEnvelope.Field.hash.rawValue,
                let hash = parseHexHash()
            {
                hexHash = hash
                value = WireEnvelope.hexHashMark
            } else if let slot, WireEnvelope.mayRepeat(slot) {
                value = try parseText(depth: depth, entries: &texts.entries[slot], entry: &envelope.entries[slot])
            } else if slot == WireEnvelope.Field.payload.rawValue {
                // A payload in the form `PayloadBytes` vouches for (one the parser accepts at this depth) is kept as
                // its bytes, and no tree is built: the verdict reads them, and the log stores them as they are.
                let vouched = bytes.withUnsafeBufferPointer { PayloadBytes.vouchedEnd(in: $0, from: index, depth: depth) }
                if let vouched {
                    envelope.payloadBytes = PayloadBytes(vouched: Array(bytes[index..<vouched]))
                    index = vouched
                    value = WireEnvelope.vouchedPayloadMark
                } else {
                    envelope.payloadBytes = nil
                    value = try parseValue(depth: depth)
                }
            } else {
                value = try parseValue(depth: depth)
            }
            bytes.withUnsafeBufferPointer {
                form.note(
                    slot: name == nil ? slot : nil, keyOffset: keyOffset, value: valueStart..<index, parsed: value,
                    isHexHash: hexHash != nil, in: $0)
            }
            if let slot {
                expected = slot + 1
                if seen & 1 << slot != 0, duplicate == nil {
                    let name = name ?? WireEnvelope.fieldNames[slot]
                    duplicate = Error(reason: "duplicate key \"\(name)\"", offset: keyOffset)
                }
                seen |= 1 << slot
                envelope.fields[slot] = consume value
                envelope.setHexHash(hexHash, at: slot)
            } else if let name {
                // A set: a hostile event with many unknown keys must not cost their square.
                if !envelope.extraKeys.insert(name).inserted, duplicate == nil {
                    duplicate = Error(reason: "duplicate key \"\(name)\"", offset: keyOffset)
                }
            }
            if try moreItems(closing: UInt8(ascii: "}")) { continue }
            if let duplicate { throw duplicate }
            let vouched = envelope.payloadBytes
            (envelope.canonicalPayload, envelope.canonicalDigest) = bytes.withUnsafeBufferPointer {
                form.finish(objectEnd: index, in: $0, vouched: vouched)
            }
            return envelope
        }
    }

    /// `parseValue(depth:)` for a field a page mostly repeats: a string written with the same bytes as one of
    /// `entries` (the field's distinct texts so far) is that entry's value, and no `String` is made for it; `entry`
    /// is set to its number (from 1), and a new plain string becomes an entry while there is room.
    private mutating func parseText(
        depth: Int, entries: inout [(range: Range<Int>, value: JSONValue)], entry: inout UInt8
    ) throws(Error) -> JSONValue {
        // By index, reading only the range: enumerating the entries copied each one's value to look at its range.
        for number in entries.indices where startsWith(entries[number].range) {
            index += entries[number].range.count
            entry = UInt8(number + 1)
            return entries[number].value
        }
        let start = index
        let value = try parseValue(depth: depth)
        // Without escapes exactly when its bytes are the text's and two quotes (every escape is longer).
        if let text = value.stringValue, text.utf8.count + 2 == index - start,
            entries.count < WireEnvelope.textEntryCapacity
        {
            entries.append((start..<index, value))
            entry = UInt8(entries.count)
        }
        return value
    }

    /// Reads a string of 64 lowercase hex digits at `index` as the hash they spell, which is what `parseValue`
    /// and `EventHash(hex:)` would read (no digit is a quote or an escape); nil, reading nothing, for any other value.
    private mutating func parseHexHash() -> EventHash? {
        guard index + 66 <= bytes.count else { return nil }
        let start = index
        let hash = bytes.withUnsafeBufferPointer { all -> EventHash? in
            guard all[start] == UInt8(ascii: "\""), all[start + 65] == UInt8(ascii: "\"") else { return nil }
            return EventHash(hexDigits: UnsafeBufferPointer(rebasing: all[(start + 1)..<(start + 65)]))
        }
        if hash != nil { index += 66 }
        return hash
    }

    /// Whether the bytes at `index` begin with the bytes of `range` (a string token read before).
    private func startsWith(_ range: Range<Int>) -> Bool {
        guard index + range.count <= bytes.count else { return false }
        // Eight bytes at a time, then the rest: byte by byte it cost 300 instructions an event.
        return bytes.withUnsafeBytes { all in
            var offset = 0
            while offset + 8 <= range.count {
                guard all.loadUnaligned(fromByteOffset: index + offset, as: UInt64.self)
                    == all.loadUnaligned(fromByteOffset: range.lowerBound + offset, as: UInt64.self)
                else { return false }
                offset += 8
            }
            while offset < range.count {
                guard all[index + offset] == all[range.lowerBound + offset] else { return false }
                offset += 1
            }
            return true
        }
    }

    /// Reads an envelope's member key up to its value, like `parseMemberKey`, when it is one of the envelope's
    /// fields written without escapes: its slot, and no `String` is made for it. For any other key it reads
    /// nothing and returns a nil slot, and the caller reads the key with `parseMemberKey` (same errors).
    ///
    /// The key at `expected` (of `keys`, by slot) is tried first, as sixteen bytes against its pattern: scanning
    /// to the closing quote and telling the name from its letters took 260 instructions a key.
    private mutating func parseEnvelopeKey(expecting expected: Int, _ keys: [WireEnvelope.KeyPattern])
        throws(Error) -> (slot: Int?, offset: Int)
    {
        skipWhitespace()
        let offset = index
        if expected < keys.count, index + 16 <= bytes.count {
            let key = keys[expected]
            let matches = bytes.withUnsafeBytes { key.matches($0, at: offset) }
            if matches {
                index += key.count
                skipWhitespace()
                return (expected, offset)
            }
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return (nil, offset) }
        var end = index + 1
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return (nil, offset) }
        let slot = bytes.withUnsafeBufferPointer {
            WireEnvelope.slot(ofUTF8: UnsafeBufferPointer(rebasing: $0[(offset + 1)..<end]))
        }
        guard let slot else { return (nil, offset) }
        index = end + 1
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
        index += 1
        skipWhitespace()
        return (slot, offset)
    }
}
