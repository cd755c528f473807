/// SecurityError is a reason a key, a signature, a secret or a trust file could not be used.
public enum SecurityError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A key file or key text is not in a form this node reads; names the file and what is wrong.
    case malformedKey(String)
    /// A private key file can be read by users other than its owner.
    case keyFileTooOpen(path: String, mode: Int)
    /// A file could not be read or written.
    case file(path: String, reason: String)
    /// A document (genesis, enrolment, user store) is malformed; names the field.
    case malformedDocument(field: String, reason: String)
    /// libcrypto reported a failure it should not have.
    case crypto(String)
    /// A user name, role or secret is not acceptable.
    case invalidUser(String)

    /// A sentence a person can act on.
    public var description: String {
        switch self {
        case .malformedKey(let detail): "malformed key: \(detail)"
        case .keyFileTooOpen(let path, let mode):
            "private key file \(path) can be read by others (mode \(String(mode & 0o777, radix: 8))); "
                + "run `chmod 600 \(path)` and keep it to the node's own user"
        case .file(let path, let reason): "\(path): \(reason)"
        case .malformedDocument(let field, let reason): "field '\(field)': \(reason)"
        case .crypto(let detail): "libcrypto failure: \(detail)"
        case .invalidUser(let detail): detail
        }
    }
}
