import EventModel

/// ViewSnapshot is a view as stored at one checkpoint: its canonical JSON bytes and their SHA-256 digest.
///
/// The digest is what nodes compare and what an HTTP read serves as its ETag; the bytes are exactly
/// what was hashed, so `sha256sum` of them gives the digest again.
public struct ViewSnapshot: Sendable, Hashable {
    /// The view.
    public let name: ViewName
    /// The canonical JSON of the view (sorted keys, canonical numbers, no whitespace).
    public let canonicalJSON: [UInt8]
    /// The SHA-256 of `canonicalJSON`.
    public let digest: EventHash
    /// The last insertion id of the log folded into it.
    public let checkpoint: Int64
}
