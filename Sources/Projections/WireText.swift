import EventModel

/// WireText writes an event's wire form (`CanonicalJSON` of `Event.wireObject`) straight from its fields.
///
/// The payload goes in as the canonical bytes the event already carries, so no JSON tree is built and
/// no key is sorted per event: a view row stores one wire form per live version, and building the
/// object first cost more than SQLite's insert of the row. The keys are written in canonical order
/// (author, channel, hash, hlc, municipality, origin, parents, payload, prev, schema, seq, stream,
/// type, v); a test checks the bytes against `CanonicalJSON.string(event.wireObject)`.
enum WireText {
    /// The wire form of `event` as text, as `view_heads.event` holds it.
    static func of(_ event: Event) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(event.canonicalPayload.count + 420)
        write(event, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the wire form of `event` to `out`.
    static func write(_ event: Event, into out: inout [UInt8]) {
        func key(_ name: StaticString, first: Bool = false) {
            // `,"name":` as one run of bytes.
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
        }
        out.append(UInt8(ascii: "{"))
        key("author", first: true)
        CanonicalJSON.writeString(event.author.rawValue, into: &out)
        key("channel")
        CanonicalJSON.writeString(event.channel.description, into: &out)
        key("hash")
        writeHex(event.hash, into: &out)
        key("hlc")
        writeInteger(event.hlc.rawValue, into: &out)
        key("municipality")
        writeInteger(Int64(event.municipality.rawValue), into: &out)
        key("origin")
        CanonicalJSON.writeString(event.origin.description, into: &out)
        key("parents")
        out.append(UInt8(ascii: "["))
        for (index, parent) in event.parents.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            writeHex(parent, into: &out)
        }
        out.append(UInt8(ascii: "]"))
        key("payload")
        out.append(contentsOf: event.canonicalPayload)
        key("prev")
        writeHex(event.previous, into: &out)
        key("schema")
        writeInteger(Int64(event.schemaVersion), into: &out)
        key("seq")
        writeInteger(event.seq, into: &out)
        key("stream")
        CanonicalJSON.writeString(event.stream.rawValue, into: &out)
        key("type")
        CanonicalJSON.writeString(event.type.rawValue, into: &out)
        key("v")
        writeInteger(Int64(Event.formatVersion), into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// Appends a hash as a JSON string of 64 lowercase hex digits, without making the `hex` string first.
    static func writeHex(_ hash: EventHash, into out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 66) { buffer in
            buffer[0] = UInt8(ascii: "\"")
            buffer[65] = UInt8(ascii: "\"")
            for (index, byte) in hash.bytes.prefix(32).enumerated() {
                buffer[1 + 2 * index] = hexDigit(byte >> 4)
                buffer[2 + 2 * index] = hexDigit(byte & 0x0F)
            }
            out.append(contentsOf: UnsafeBufferPointer(buffer))
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// Appends an integer in decimal, as `JSONNumber` writes integers, without making a string first.
    static func writeInteger(_ value: Int64, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var start = 20
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }
}
