/// HTTPResponse is what a responder answers: a status, header fields and a body.
///
/// The server adds `Content-Length` and `Connection` itself when it sends the response,
/// so responders never frame bodies by hand.
public struct HTTPResponse: Sendable, Equatable {
    /// The status sent on the status line.
    public var status: HTTPStatus
    /// Header fields, without framing fields (the server adds those).
    public var headers: HTTPHeaders
    /// The body bytes; not sent for `HEAD` requests and bodiless statuses.
    public var body: [UInt8]

    /// Creates a response from its parts.
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response carrying already-encoded JSON with `Content-Type: application/json`.
    public static func json(_ body: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: jsonHeaders, body: body)
    }

    /// Built once and shared: most answers are JSON, and the literal made and copied two arrays each time.
    private static let jsonHeaders: HTTPHeaders = ["Content-Type": "application/json"]

    /// A plain-text response in UTF-8.
    public static func text(_ text: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }
}
