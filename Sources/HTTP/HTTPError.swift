/// HTTPError is a failure a responder reports to the client as a status and a message.
///
/// Its response carries the message as a small JSON body, `{"error": "..."}`, so clients
/// get a reason they can show or log instead of a bare status.
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status the client receives.
    public let status: HTTPStatus
    /// A sentence that tells the client what went wrong.
    public let message: String

    /// Creates an error with a status and a message for the client.
    public init(_ status: HTTPStatus, message: String) {
        self.status = status
        self.message = message
    }

    /// The response that reports this error: the status and `{"error": message}`.
    public var response: HTTPResponse {
        .json(Array("{\"error\":\(JSONText.quoted(message))}".utf8), status: status)
    }

    /// The status and message, such as `404 Not Found: No such channel.`.
    public var description: String { "\(status): \(message)" }
}
