import EventModel

/// AppendReceipt is the answer to an API append: the stored event's place in the log, as canonical JSON.
///
/// Written straight as bytes: building a `[String: JSONValue]` of five members, sorting its keys and
/// encoding it cost about 14,000 instructions per `POST /v1/events`, more than a fifth of the server's
/// own work for the request. The bytes are exactly `CanonicalJSON.encode` of that object
/// (`AppendReceiptTests` compares them).
public enum AppendReceipt {
    /// `{"channel":…,"hash":…,"hlc":…,"origin":…,"seq":…}` with the keys in canonical order.
    public static func json(_ event: Event) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(192)
        append("{\"channel\":", to: &out)
        CanonicalJSON.writeString(event.channel.description, into: &out)
        append(",\"hash\":\"", to: &out)
        let digits: StaticString = "0123456789abcdef"
        // Spelled into a buffer on the stack and appended at once: appending digit by digit checked the
        // array's room 64 times.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { spelled in
            digits.withUTF8Buffer { hex in
                var position = 0
                for byte in event.hash.bytes where position + 1 < spelled.count {
                    spelled[position] = hex[Int(byte >> 4)]
                    spelled[position + 1] = hex[Int(byte & 0x0F)]
                    position += 2
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: spelled[..<position]))
            }
        }
        append("\",\"hlc\":", to: &out)
        appendDecimal(event.hlc.rawValue, to: &out)
        append(",\"origin\":", to: &out)
        CanonicalJSON.writeString(event.origin.description, into: &out)
        append(",\"seq\":", to: &out)
        appendDecimal(event.seq, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static func append(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// The decimal digits of `value` (JSON's canonical form of an integer), without a `String` in between.
    static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        WireText.writeInteger(value, into: &out)
    }
}
