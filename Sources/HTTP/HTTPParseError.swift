/// HTTPParseError says why bytes from a client are not a valid HTTP/1.1 request.
///
/// Every case maps to the status the server answers with before it closes the
/// connection; after any of them the byte stream can no longer be trusted to be framed.
public enum HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request line is longer than the limit (414).
    case requestLineTooLong
    /// The header section is larger than the limit in bytes (431).
    case headerSectionTooLarge
    /// The header section has more fields than the limit (431).
    case tooManyHeaderFields
    /// The body is larger than the configured limit (413).
    case bodyTooLarge
    /// The request line is not `method SP target SP version` (400).
    case invalidRequestLine
    /// The target is malformed or badly percent-encoded (400).
    case invalidTarget
    /// The version is well formed but not HTTP/1.0 or HTTP/1.1 (505).
    case unsupportedVersion
    /// A header field line is malformed: bad name characters or no colon (400).
    case invalidHeaderField
    /// Whitespace sits between a field name and its colon, a smuggling vector (400).
    case whitespaceBeforeColon
    /// A field line starts with whitespace: obsolete line folding (400).
    case obsoleteLineFolding
    /// A carriage return is not followed by a line feed (400).
    case bareCarriageReturn
    /// A line feed is not preceded by a carriage return (400).
    case bareLineFeed
    /// A NUL or other control byte appears where none is allowed (400).
    case invalidCharacter
    /// A `Content-Length` value is not a plain decimal number (400).
    case invalidContentLength
    /// Several `Content-Length` values disagree (400).
    case conflictingContentLength
    /// Both `Content-Length` and `Transfer-Encoding` were sent (400).
    case contentLengthWithTransferEncoding
    /// `Transfer-Encoding` was sent on an HTTP/1.0 request (400).
    case transferEncodingOnHTTP10
    /// `Transfer-Encoding` names a coding the server does not implement (501).
    case unsupportedTransferCoding(String)
    /// `Transfer-Encoding` does not end in exactly one `chunked` (400).
    case invalidTransferEncoding
    /// A chunk size line or the line ending after chunk data is malformed (400).
    case invalidChunk
    /// An HTTP/1.1 request has no `Host` field, or more than one (400).
    case invalidHost

    /// The status the server answers this error with.
    public var status: HTTPStatus {
        switch self {
        case .requestLineTooLong: .uriTooLong
        case .headerSectionTooLarge, .tooManyHeaderFields: .requestHeaderFieldsTooLarge
        case .bodyTooLarge: .contentTooLarge
        case .unsupportedVersion: .httpVersionNotSupported
        case .unsupportedTransferCoding: .notImplemented
        default: .badRequest
        }
    }

    /// A sentence that tells the client what was wrong.
    public var description: String {
        switch self {
        case .requestLineTooLong: "The request line is too long."
        case .headerSectionTooLarge: "The header section is too large."
        case .tooManyHeaderFields: "The request has too many header fields."
        case .bodyTooLarge: "The request body is larger than the server accepts."
        case .invalidRequestLine: "The request line is malformed."
        case .invalidTarget: "The request target is malformed or badly percent-encoded."
        case .unsupportedVersion: "Only HTTP/1.0 and HTTP/1.1 are supported."
        case .invalidHeaderField: "A header field is malformed."
        case .whitespaceBeforeColon: "A header field name is followed by whitespace before its colon."
        case .obsoleteLineFolding: "Obsolete line folding is not accepted."
        case .bareCarriageReturn: "A carriage return is not followed by a line feed."
        case .bareLineFeed: "A line feed is not preceded by a carriage return."
        case .invalidCharacter: "The request contains a NUL or control character."
        case .invalidContentLength: "Content-Length is not a plain decimal number."
        case .conflictingContentLength: "Content-Length values disagree."
        case .contentLengthWithTransferEncoding: "Content-Length and Transfer-Encoding must not both be sent."
        case .transferEncodingOnHTTP10: "Transfer-Encoding is not allowed on HTTP/1.0 requests."
        case .unsupportedTransferCoding(let coding): "The transfer coding '\(coding)' is not supported."
        case .invalidTransferEncoding: "Transfer-Encoding must end in a single 'chunked'."
        case .invalidChunk: "The chunked body is malformed."
        case .invalidHost: "An HTTP/1.1 request needs exactly one Host header field."
        }
    }
}
