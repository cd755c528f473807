import Security

/// SubjectKey is the AES-256 key of one data subject (a case stream like "case/k3x9…").
///
/// Destroying it in every key store erases the person: whatever was sealed under it, in the log and in
/// every backup of the log, can no longer be read.
public struct SubjectKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The number of bytes of a key (AES-256).
    public static let byteCount = 32
    /// The number of hex digits of a key id.
    public static let keyIDLength = 16
    /// The longest subject (stream id) a key is made for, in UTF-8 bytes.
    public static let maximumSubjectLength = 256

    /// The data subject: the case stream id, e.g. "case/ab12cd".
    public let subject: String
    /// A random id of 16 hex digits that names this key in every `SealedBox` sealed under it.
    public let keyID: String
    /// The 32 key bytes; never printed.
    public let bytes: [UInt8]

    /// A new random key for `subject`, drawn from libcrypto's generator.
    public static func generate(subject: String) -> SubjectKey {
        SubjectKey(
            uncheckedSubject: subject, keyID: Hex.encode(SecureRandom.bytes(keyIDLength / 2)),
            bytes: SecureRandom.bytes(byteCount))
    }

    /// A key read back from storage or unwrapped, checked for shape.
    init(subject: String, keyID: String, bytes: [UInt8]) throws(PrivacyError) {
        try Self.validate(subject: subject)
        try Self.validate(keyID: keyID, field: "keyId")
        guard bytes.count == Self.byteCount else {
            throw .malformed(field: "key", reason: "a subject key has \(Self.byteCount) bytes, not \(bytes.count)")
        }
        self.init(uncheckedSubject: subject, keyID: keyID, bytes: bytes)
    }

    private init(uncheckedSubject subject: String, keyID: String, bytes: [UInt8]) {
        self.subject = subject
        self.keyID = keyID
        self.bytes = bytes
    }

    /// Compares the key bytes in constant time.
    public static func == (lhs: SubjectKey, rhs: SubjectKey) -> Bool {
        lhs.subject == rhs.subject && lhs.keyID == rhs.keyID && SecureRandom.constantTimeEquals(lhs.bytes, rhs.bytes)
    }

    /// Names the subject and key id only: key bytes are never printed.
    public var description: String { "SubjectKey(\(subject), id \(keyID))" }

    /// The same as `description`, so debugging output never shows the key bytes either.
    public var debugDescription: String { description }

    /// Shows the subject and key id to `dump` and debuggers, never the key bytes.
    public var customMirror: Mirror { Mirror(self, children: ["subject": subject, "keyID": keyID]) }

    /// Refuses an empty or overlong subject.
    static func validate(subject: String) throws(PrivacyError) {
        guard !subject.isEmpty, subject.utf8.count <= maximumSubjectLength else {
            throw .malformed(field: "subject", reason: "a subject is 1 to \(maximumSubjectLength) bytes of text")
        }
    }

    /// Refuses a key id that is not 16 lowercase hex digits.
    static func validate(keyID: String, field: String) throws(PrivacyError) {
        guard keyID.utf8.count == keyIDLength, Hex.decode(keyID) != nil else {
            throw .malformed(field: field, reason: "a key id is \(keyIDLength) lowercase hex digits")
        }
    }
}
