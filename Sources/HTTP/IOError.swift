import Glibc

/// IOError is a failed system call, with its `errno` and what the server was doing.
public struct IOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `errno` value the call failed with.
    public let errnoCode: Int32
    /// What was being attempted, such as `bind 127.0.0.1:8080`.
    public let reason: String

    /// Creates an error from an `errno` value and a reason.
    public init(errnoCode: Int32, reason: String) {
        self.errnoCode = errnoCode
        self.reason = reason
    }

    /// A sentence naming the attempt and the system's explanation.
    public var description: String {
        "\(reason) failed: \(String(cString: strerror(errnoCode))) (errno \(errnoCode))"
    }
}

/// Runs a system call, retrying it when a signal interrupts it, and throws `IOError` on failure.
///
/// Every call into the socket API goes through here so that `EINTR` (likely now that
/// signal handlers are installed for shutdown) is never mistaken for a real failure.
/// `close` must not be retried on Linux, because the descriptor is released even on `EINTR`.
@discardableResult
func systemCall<Value: BinaryInteger>(
    _ reason: @autoclosure () -> String, retryOnInterrupt: Bool = true, _ call: () -> Value
) throws(IOError) -> Value {
    while true {
        let result = call()
        if result != -1 { return result }
        let code = errno
        if code == EINTR && retryOnInterrupt { continue }
        throw IOError(errnoCode: code, reason: reason())
    }
}
