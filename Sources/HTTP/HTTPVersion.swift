/// HTTPVersion is the protocol version of a request, `HTTP/1.0` or `HTTP/1.1`.
public struct HTTPVersion: Hashable, Sendable, CustomStringConvertible {
    /// The major version number.
    public let major: Int
    /// The minor version number.
    public let minor: Int

    /// Creates a version from its two numbers.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// HTTP/1.0, whose connections close after each response unless asked otherwise.
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    /// HTTP/1.1, whose connections stay open unless asked otherwise.
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    /// The version as it appears on the wire, such as `HTTP/1.1`.
    public var description: String { "HTTP/\(major).\(minor)" }
}
