/// HTTPMethod is the method token of a request line, such as `GET` or `POST`.
///
/// Methods are case-sensitive tokens (RFC 9110 §9.1), so any token is kept as sent;
/// the static members name the ones this project uses.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The method token exactly as it appeared on the request line.
    public let rawValue: String

    /// Creates a method from its token.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The `GET` method.
    public static let get = HTTPMethod(rawValue: "GET")
    /// The `HEAD` method, answered like `GET` but without a body.
    public static let head = HTTPMethod(rawValue: "HEAD")
    /// The `POST` method.
    public static let post = HTTPMethod(rawValue: "POST")
    /// The `PUT` method.
    public static let put = HTTPMethod(rawValue: "PUT")
    /// The `DELETE` method.
    public static let delete = HTTPMethod(rawValue: "DELETE")
    /// The `OPTIONS` method.
    public static let options = HTTPMethod(rawValue: "OPTIONS")

    /// Creates a method from the token's bytes on a request line; the usual methods reuse their static
    /// value instead of decoding a new string for every request.
    init(token: UnsafeBufferPointer<UInt8>) {
        // Compared byte by byte: the generic `elementsEqual` cost more than the rest of reading the method.
        func isToken(_ name: StaticString) -> Bool {
            let bytes = name.bytes
            for index in 0..<bytes.count where token[index] != bytes[index] { return false }
            return true
        }
        switch token.count {
        case 3 where isToken("GET"): self = .get
        case 4 where isToken("POST"): self = .post
        case 4 where isToken("HEAD"): self = .head
        case 3 where isToken("PUT"): self = .put
        case 6 where isToken("DELETE"): self = .delete
        case 7 where isToken("OPTIONS"): self = .options
        default: self.init(rawValue: String(decoding: token, as: UTF8.self))
        }
    }

    /// The method token, as sent.
    public var description: String { rawValue }
}
