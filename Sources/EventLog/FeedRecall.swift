#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

import EventModel

/// FeedRecall is what a reader of the whole change feed keeps from page to page: the envelope fields of the rows
/// before (`EnvelopeRecall`) and the streams met, by their bytes (`changes(after:limit:unparsedRecalling:)`).
///
/// Streams are kept in a table of `StreamTable.slots` entries, each text in the entry its digest picks, replacing
/// the one there: memory stays bounded whatever the log holds, and a stream that recurs is found again unless
/// another took its entry meanwhile. A hit compares the whole text, so a stream is only ever read back as itself.
public struct FeedRecall {
    var fields = EnvelopeRecall(keepingStreams: true)

    /// An empty recall.
    public init() {}
}

/// StreamTable keeps the streams a reader met, each in the entry its text's digest picks (`FeedRecall`).
struct StreamTable {
    /// Entries of the table: a power of two.
    static let slots = 4_096

    private var streamTexts: [[UInt8]] = []
    private var streams: [StreamID?] = []

    /// The stream id of `text`, recalled or checked and kept; nil when the text is no valid stream id.
    mutating func stream(_ text: UnsafeBufferPointer<UInt8>) -> StreamID? {
        if streams.isEmpty {
            streamTexts = Array(repeating: [], count: Self.slots)
            streams = Array(repeating: nil, count: Self.slots)
        }
        let slot = Int(truncatingIfNeeded: Self.digest(text)) & (Self.slots - 1)
        if let kept = streams[slot], streamTexts[slot].withUnsafeBufferPointer({ Self.equal($0, text) }) {
            return kept
        }
        guard let stream = StreamID(String(decoding: text, as: UTF8.self)) else { return nil }
        streamTexts[slot] = Array(text)
        streams[slot] = stream
        return stream
    }

    /// Mixes the text eight bytes at a time (a multiply and a shift each); the low bits pick the entry.
    static func digest(_ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        func mix(_ digest: UInt64, _ word: UInt64) -> UInt64 {
            let mixed = (digest ^ word) &* 0x9E37_79B9_7F4A_7C15
            return mixed ^ (mixed >> 32)
        }
        var digest = UInt64(truncatingIfNeeded: text.count)
        guard let base = text.baseAddress else { return digest }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= text.count {
            digest = mix(digest, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        while offset < text.count {
            tail = tail << 8 | UInt64(base[offset])
            offset += 1
        }
        return mix(digest, tail)
    }

    private static func equal(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return true }
        return memcmp(leftBase, rightBase, left.count) == 0
    }
}
