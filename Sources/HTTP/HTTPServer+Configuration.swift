import Foundation
import Glibc

extension HTTPServer {
    /// Configuration holds the address, limits and timeouts of a server.
    public struct Configuration: Sendable {
        /// The IPv4 address to bind; `127.0.0.1` keeps the node local by default.
        public var host: String
        /// The port to bind; 0 lets the system pick a free one (read it back from `boundPort`).
        public var port: Int
        /// The longest request line in bytes (414 beyond it).
        public var maxRequestLineBytes: Int
        /// The largest header section in bytes (431 beyond it).
        public var maxHeaderSectionBytes: Int
        /// The most header fields in one request (431 beyond it).
        public var maxHeaderFields: Int
        /// The largest request body in bytes, `Content-Length` or chunked (413 beyond it).
        public var maxBodyBytes: Int
        /// How long a client may take from the first byte of a request to the end of its head (then 408).
        public var headerTimeout: Duration
        /// How long a client may pause while sending a body (then 408).
        public var bodyReadTimeout: Duration
        /// How long a kept-alive connection may sit idle between requests (then closed silently).
        public var idleTimeout: Duration
        /// How long one send may block on a client that stops reading (then the connection is dropped).
        public var writeTimeout: Duration
        /// The most connections served at once; more are answered 503 and closed.
        public var maxConnections: Int
        /// The backlog passed to `listen`.
        public var backlog: Int32
        /// The stack size of each connection thread in bytes.
        public var threadStackSize: Int
        /// Receives one JSON line per request; nil turns request logging off.
        public var logSink: (@Sendable (String) -> Void)?

        /// Creates a configuration; every default is safe for a node on 127.0.0.1.
        public init(
            host: String = "127.0.0.1", port: Int = 0,
            maxRequestLineBytes: Int = 8 * 1024, maxHeaderSectionBytes: Int = 32 * 1024,
            maxHeaderFields: Int = 100, maxBodyBytes: Int = 8 * 1024 * 1024,
            headerTimeout: Duration = .seconds(10), bodyReadTimeout: Duration = .seconds(30),
            idleTimeout: Duration = .seconds(30), writeTimeout: Duration = .seconds(30),
            maxConnections: Int = 256, backlog: Int32 = 128, threadStackSize: Int = 1 << 20,
            logSink: (@Sendable (String) -> Void)? = Configuration.standardErrorSink
        ) {
            self.host = host
            self.port = port
            self.maxRequestLineBytes = maxRequestLineBytes
            self.maxHeaderSectionBytes = maxHeaderSectionBytes
            self.maxHeaderFields = maxHeaderFields
            self.maxBodyBytes = maxBodyBytes
            self.headerTimeout = headerTimeout
            self.bodyReadTimeout = bodyReadTimeout
            self.idleTimeout = idleTimeout
            self.writeTimeout = writeTimeout
            self.maxConnections = maxConnections
            self.backlog = backlog
            self.threadStackSize = threadStackSize
            self.logSink = logSink
        }

        /// Writes each log line to standard error, one `write` per line so lines never interleave.
        public static let standardErrorSink: @Sendable (String) -> Void = { line in
            writeLineToStandardError(line)
        }

        /// Writes `line` and a newline to stderr in one `write(2)` where it fits, so lines of several
        /// threads do not interleave; without Foundation's `FileHandle`, whose wrapping cost a busy node
        /// a tenth of its CPU time per logged request.
        public static func writeLineToStandardError(_ line: String) {
            var bytes = Array(line.utf8)
            bytes.append(UInt8(ascii: "\n"))
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return  // a closed or full stderr must not take the server down
                    }
                    offset += written
                }
            }
        }

        /// The parser limits these settings imply.
        var parserLimits: HTTPRequestParser.Limits {
            HTTPRequestParser.Limits(
                maxRequestLineBytes: maxRequestLineBytes, maxHeaderSectionBytes: maxHeaderSectionBytes,
                maxHeaderFields: maxHeaderFields, maxBodyBytes: maxBodyBytes)
        }
    }
}
