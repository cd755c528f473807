/// HTTPRequest is one complete request: head and fully read body.
public struct HTTPRequest: Sendable, Equatable {
    /// The request method.
    public var method: HTTPMethod
    /// The request target with decoded path and query.
    public var target: HTTPRequestTarget
    /// The protocol version of the request line.
    public var version: HTTPVersion
    /// The header fields in the order they were sent.
    public var headers: HTTPHeaders
    /// The body, already de-chunked; empty when the request had none.
    public var body: [UInt8]

    /// Creates a request from its parts.
    public init(
        method: HTTPMethod, target: HTTPRequestTarget, version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// The percent-decoded path of the target.
    public var path: String { target.path }

    /// Whether the client asked to keep the connection open after this request.
    ///
    /// HTTP/1.1 keeps connections open unless `Connection: close` is sent; HTTP/1.0 closes
    /// them unless `Connection: keep-alive` is sent (RFC 9112 §9.3).
    public var isKeepAlive: Bool {
        if headers.containsToken("close", in: "Connection") { return false }
        if version == .http1_0 { return headers.containsToken("keep-alive", in: "Connection") }
        return true
    }
}
