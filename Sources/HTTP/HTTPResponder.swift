/// HTTPResponder answers requests; the server calls it synchronously on the connection's own thread.
///
/// Responders may block (SQLite calls, a long-poll waiting up to its timeout): each
/// connection has a thread of its own, so blocking never touches Swift's cooperative pool.
/// A blocking responder should watch `context.isShuttingDown` or register with
/// `context.shutdownSignal` so that shutdown does not wait for its full timeout.
public protocol HTTPResponder: Sendable {
    /// Returns the response to one request.
    func respond(to request: HTTPRequest, context: HTTPRequestContext) -> HTTPResponse
}

/// HTTPCallbackResponder wraps a closure as a responder, for small servers and tests.
public struct HTTPCallbackResponder: HTTPResponder {
    private let body: @Sendable (HTTPRequest, HTTPRequestContext) -> HTTPResponse

    /// Creates a responder that calls this closure for every request.
    public init(_ body: @escaping @Sendable (HTTPRequest, HTTPRequestContext) -> HTTPResponse) {
        self.body = body
    }

    /// Calls the closure.
    public func respond(to request: HTTPRequest, context: HTTPRequestContext) -> HTTPResponse {
        body(request, context)
    }
}

/// HTTPRequestContext tells a responder about the connection a request came on.
public struct HTTPRequestContext: Sendable {
    /// The client's address as `ip:port`.
    public let remoteAddress: String
    /// Triggered when the server begins to shut down.
    public let shutdownSignal: HTTPShutdownSignal

    /// Creates a context; tests of responders can pass their own signal.
    public init(remoteAddress: String, shutdownSignal: HTTPShutdownSignal = HTTPShutdownSignal()) {
        self.remoteAddress = remoteAddress
        self.shutdownSignal = shutdownSignal
    }

    /// Whether the server is shutting down, so a long-poll should answer now.
    public var isShuttingDown: Bool { shutdownSignal.isTriggered }
}
