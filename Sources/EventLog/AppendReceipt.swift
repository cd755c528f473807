import EventModel

/// AppendReceipt is the answer to an API append: the stored event's place in the log, as canonical JSON.
///
/// Written straight as bytes: building a `[String: JSONValue]` of five members, sorting its keys and
/// encoding it cost about 14,000 instructions per `POST /v1/events`, more than a fifth of the server's
/// own work for the request. The bytes are exactly `CanonicalJSON.encode` of that object
/// (`AppendReceiptTests` compares them).
public enum AppendReceipt {
    /// `{"channel":…,"hash":…,"hlc":…,"origin":…,"seq":…}` with the keys in canonical order.
    ///
    /// Counted, then written in one piece through a pointer (`CanonicalWriter`), without the channel's and the
    /// origin's `description` strings or the hash's byte array: appended piece by piece it cost ≈ 3,700
    /// instructions a request.
    public static func json(_ event: Event) -> [UInt8] {
        var node = event.origin.node.rawValue
        return node.withUTF8 { node in
            // The keys with their quotes, colons and commas, and the braces.
            var count = 44 + 66 + CanonicalWriter.decimalCount(event.hlc.rawValue)
            count += CanonicalWriter.stringCount(node) + 1 + CanonicalWriter.decimalCount(Int64(event.origin.incarnation))
            count += CanonicalWriter.decimalCount(event.seq)
            count += CanonicalWriter.quotedCount(event.channel)
            return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                var out = CanonicalWriter(buffer.baseAddress!)
                out.write("{\"channel\":")
                out.writeQuoted(event.channel)
                out.write(",\"hash\":")
                out.writeQuotedHex(event.hash)
                out.write(",\"hlc\":")
                out.writeDecimal(event.hlc.rawValue)
                out.write(",\"origin\":\"")
                out.writeStringContent(node)
                out.write(UInt8(ascii: "."))
                out.writeDecimal(Int64(event.origin.incarnation))
                out.write("\",\"seq\":")
                out.writeDecimal(event.seq)
                out.write(UInt8(ascii: "}"))
                initialized = out.cursor - buffer.baseAddress!
                precondition(initialized == count, "append receipt miscounted")
            }
        }
    }

    /// The decimal digits of `value` (JSON's canonical form of an integer), without a `String` in between.
    static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        WireText.writeInteger(value, into: &out)
    }
}
