/// HTTPAccessLogEntry is one request as logged: never the body, never query values.
public struct HTTPAccessLogEntry: Sendable, Equatable {
    /// The request method, or `-` when the request line could not be parsed.
    public var method: String
    /// The decoded path without the query string, or `-` when unknown.
    public var path: String
    /// The status code sent.
    public var status: Int
    /// The bytes written for the response, head included.
    public var bytesSent: Int
    /// Time from the first byte of the request to the last byte of the response, in milliseconds.
    public var durationMilliseconds: Double
    /// The client's address as `ip:port`.
    public var remoteAddress: String

    /// Creates an entry from its fields.
    public init(
        method: String, path: String, status: Int, bytesSent: Int, durationMilliseconds: Double,
        remoteAddress: String
    ) {
        self.method = method
        self.path = path
        self.status = status
        self.bytesSent = bytesSent
        self.durationMilliseconds = durationMilliseconds
        self.remoteAddress = remoteAddress
    }

    /// The entry as one line of JSON with fixed key order, without a trailing newline.
    public var jsonLine: String {
        let duration = (durationMilliseconds * 1000).rounded() / 1000
        return "{\"method\":\(JSONText.quoted(method)),\"path\":\(JSONText.quoted(path)),\"status\":\(status),"
            + "\"bytes\":\(bytesSent),\"duration_ms\":\(duration),\"remote\":\(JSONText.quoted(remoteAddress))}"
    }
}
