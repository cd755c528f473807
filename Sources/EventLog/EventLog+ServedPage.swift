import CSQLite
import EventModel

extension EventLog {
    /// The page `wireEvents(after:…)` returns, each wire form written straight from its row's column bytes into
    /// one buffer: what a node serves to a peer.
    ///
    /// `wireEvents` makes five strings and five arrays of every row (`wireFields`) and writes the wire form from
    /// them, three quarters of a serving node's work per event. Here a row whose texts are plain ASCII (no byte
    /// that JSON escapes) and whose hashes are whole is written from the bytes SQLite holds; any other row is
    /// written by `WireText` as before, so the bytes are the same either way (Tests/EventLogTests/ServedPageTests).
    /// The selection is `wireEvents`'s (`page(after:…)`): chains in vector order, each from the caller's sequence
    /// on, bounded by count and by bytes.
    public func servedEvents(
        after vector: VersionVector, channels: Set<Channel>, excluding: Set<ChainKey> = [], maxCount: Int = 1000,
        maxBytes: Int = 4 << 20
    ) throws -> (events: [WireEvent], hasMore: Bool) {
        let page = try page(after: vector, channels: channels, excluding: excluding, maxCount: maxCount, maxBytes: maxBytes) {
            key, row in
            guard let hash = EventHash(bytes: row.blobBytes(5)) else {
                throw EventLogError.corruptRow(id: row.int64(0), reason: "bad hash")
            }
            let json = ServedRow.write(row) ?? WireText.bytes(Self.wireFields(row))
            return WireEvent(chain: key, seq: row.int64(3), hash: hash, json: json)
        }
        return (page.elements, page.hasMore)
    }
}

/// ServedRow writes an event's wire form from the column bytes of its row, as `WireText` writes it from its fields.
enum ServedRow {
    /// The wire form of the row, or nil when a column is not in the plain form written here (then `WireText` writes it).
    static func write(_ row: Row) -> [UInt8]? {
        guard let author = row.plainText(11), let channel = row.plainText(1), let origin = row.plainText(2),
            let stream = row.plainText(8), let type = row.plainText(9)
        else { return nil }
        let hash = row.blobBytes(5)
        let previous = row.blobBytes(4)
        let parents = row.blobBytes(12)
        guard hash.count == 32, previous.count == 32, parents.count % 32 == 0 else { return nil }
        let payload = row.storedBytes(13)
        // Keys, quotes and commas (< 200 bytes), two quoted hashes and five integers of at most 21 bytes each fit in 400.
        let capacity =
            400 + payload.count + 67 * (parents.count / 32) + author.count + channel.count + origin.count + stream.count
            + type.count
        // Written through a cursor into memory reserved once: appending byte by byte to an array checked its capacity
        // for every byte and cost more than everything else in serving a page.
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var out = Cursor(buffer.baseAddress!)
            out.put(#"{"author":""#)
            out.put(author)
            out.put(#"","channel":""#)
            out.put(channel)
            out.put(#"","hash":"#)
            out.putQuotedHex(hash)
            out.put(#","hlc":"#)
            out.putInteger(row.int64(6))
            out.put(#","municipality":"#)
            out.putInteger(row.int64(7))
            out.put(#","origin":""#)
            out.put(origin)
            out.put(#"","parents":["#)
            for start in stride(from: 0, to: parents.count, by: 32) {
                if start > 0 { out.put(UInt8(ascii: ",")) }
                out.putQuotedHex(UnsafeRawBufferPointer(rebasing: parents[start..<start + 32]))
            }
            out.put(#"],"payload":"#)
            out.put(payload.assumingMemoryBound(to: UInt8.self))
            out.put(#","prev":"#)
            out.putQuotedHex(previous)
            out.put(#","schema":"#)
            out.putInteger(row.int64(10))
            out.put(#","seq":"#)
            out.putInteger(row.int64(3))
            out.put(#","stream":""#)
            out.put(stream)
            out.put(#"","type":""#)
            out.put(type)
            out.put(#"","v":"#)
            out.putInteger(Int64(Event.formatVersion))
            out.put(UInt8(ascii: "}"))
            count = out.at - buffer.baseAddress!
            precondition(count <= capacity, "a served row outgrew its reserved size")
        }
    }

    /// Cursor writes bytes one run after the other into memory reserved for them.
    struct Cursor {
        var at: UnsafeMutablePointer<UInt8>

        init(_ start: UnsafeMutablePointer<UInt8>) { at = start }

        mutating func put(_ byte: UInt8) {
            at.pointee = byte
            at += 1
        }

        mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            at.update(from: base, count: bytes.count)
            at += bytes.count
        }

        mutating func put(_ text: StaticString) {
            put(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        /// 32 hash bytes as a JSON string of 64 lowercase hex digits.
        mutating func putQuotedHex(_ hash: UnsafeRawBufferPointer) {
            let digits: StaticString = "0123456789abcdef"
            put(UInt8(ascii: "\""))
            for byte in hash {
                at[0] = digits.utf8Start[Int(byte >> 4)]
                at[1] = digits.utf8Start[Int(byte & 0x0F)]
                at += 2
            }
            put(UInt8(ascii: "\""))
        }

        /// An integer in decimal, as `WireText.writeInteger` writes it.
        mutating func putInteger(_ value: Int64) {
            if value < 0 { put(UInt8(ascii: "-")) }
            var magnitude = value.magnitude
            var digits = 1
            var scale: UInt64 = 10
            while digits < 20, magnitude >= scale {
                digits += 1
                scale &*= 10
            }
            var position = digits
            repeat {
                position -= 1
                at[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while position > 0
            at += digits
        }
    }
}

extension Row {
    /// The bytes of a text column when they are valid UTF-8 without a control character, `"` or `\`, which JSON
    /// writes as they are (and `Row.text` decodes unchanged); nil for anything else. Valid until the row moves on.
    func plainText(_ index: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard sqlite3_column_type(statement.handle, index) == SQLITE_TEXT else { return nil }
        let bytes = textBytes(index)
        var isASCII = true
        for byte in bytes {
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return nil }
            if byte >= 0x80 { isASCII = false }
        }
        // Text SQLite was given is valid UTF-8, but a damaged row's need not be: `Row.text` would repair it, so it
        // is written from the decoded text instead. Decoding repairs exactly when the bytes change.
        guard isASCII || String(decoding: bytes, as: UTF8.self).utf8.elementsEqual(bytes) else { return nil }
        return bytes
    }

    /// The bytes of a blob column as SQLite holds them (empty for NULL), valid until the row moves on; what
    /// `Row.blob` copies.
    func blobBytes(_ index: Int32) -> UnsafeRawBufferPointer {
        let count = Int(sqlite3_column_bytes(statement.handle, index))
        guard count > 0, let pointer = sqlite3_column_blob(statement.handle, index) else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(start: pointer, count: count)
    }

    /// The bytes of a column as stored, text or blob, valid until the row moves on; what `Row.bytes` copies.
    func storedBytes(_ index: Int32) -> UnsafeRawBufferPointer {
        if sqlite3_column_type(statement.handle, index) == SQLITE_TEXT {
            return UnsafeRawBufferPointer(textBytes(index))
        }
        return blobBytes(index)
    }
}
