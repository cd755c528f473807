/// WireText writes an event's wire form (`CanonicalJSON` of `Event.wireObject`) straight from its fields
/// (`EventWireFields`, taken from a decoded event or read from the log's row).
///
/// The payload goes in as the canonical bytes the event already carries, so no JSON tree is built and no key
/// is sorted per event: a node serving a pull page parsed every stored payload only to write it out again.
/// The keys are written in canonical order (author, channel, hash, hlc, municipality, origin, parents,
/// payload, prev, schema, seq, stream, type, v); tests check the bytes against `CanonicalJSON` of
/// `event.wireObject` (CanonicalEncodingTests, EventLogIngestTests).
public enum WireText {
    /// The wire form of an event given as its fields, as UTF-8 bytes.
    public static func bytes(_ fields: EventWireFields) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(fields.payload.count + 420 + 67 * (fields.parents.count / 32))
        write(fields, into: &out)
        return out
    }

    /// Appends the wire form of an event given as its fields to `out`.
    public static func write(_ fields: EventWireFields, into out: inout [UInt8]) {
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
        CanonicalJSON.writeString(fields.author, into: &out)
        key("channel")
        CanonicalJSON.writeString(fields.channel, into: &out)
        key("hash")
        writeHex(fields.hash[...], into: &out)
        key("hlc")
        writeInteger(fields.hlc, into: &out)
        key("municipality")
        writeInteger(fields.municipality, into: &out)
        key("origin")
        CanonicalJSON.writeString(fields.origin, into: &out)
        key("parents")
        out.append(UInt8(ascii: "["))
        for start in stride(from: 0, to: fields.parents.count - 31, by: 32) {
            if start > 0 { out.append(UInt8(ascii: ",")) }
            writeHex(fields.parents[start..<start + 32], into: &out)
        }
        out.append(UInt8(ascii: "]"))
        key("payload")
        out.append(contentsOf: fields.payload)
        key("prev")
        writeHex(fields.previous[...], into: &out)
        key("schema")
        writeInteger(fields.schema, into: &out)
        key("seq")
        writeInteger(fields.seq, into: &out)
        key("stream")
        CanonicalJSON.writeString(fields.stream, into: &out)
        key("type")
        CanonicalJSON.writeString(fields.type, into: &out)
        key("v")
        writeInteger(Int64(Event.formatVersion), into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// Appends 32 hash bytes as a JSON string of 64 lowercase hex digits, without making the `hex` string first.
    static func writeHex(_ hash: ArraySlice<UInt8>, into out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 66) { buffer in
            buffer[0] = UInt8(ascii: "\"")
            buffer[65] = UInt8(ascii: "\"")
            for (index, byte) in hash.prefix(32).enumerated() {
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
    public static func writeInteger(_ value: Int64, into out: inout [UInt8]) {
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
