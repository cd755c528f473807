/// DatabaseValue is one SQLite value, as bound to a statement or read from a row.
public enum DatabaseValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// A 64-bit integer.
    case integer(Int64)
    /// A double.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Bytes.
    case blob([UInt8])
}

/// DatabaseValueConvertible is a Swift value that binds as a `DatabaseValue`.
public protocol DatabaseValueConvertible {
    /// The value to bind.
    var databaseValue: DatabaseValue { get }
}

extension Int64: DatabaseValueConvertible {
    /// The integer.
    public var databaseValue: DatabaseValue { .integer(self) }
}
extension Int: DatabaseValueConvertible {
    /// The integer.
    public var databaseValue: DatabaseValue { .integer(Int64(self)) }
}
extension String: DatabaseValueConvertible {
    /// The text.
    public var databaseValue: DatabaseValue { .text(self) }
}
extension Double: DatabaseValueConvertible {
    /// The double.
    public var databaseValue: DatabaseValue { .real(self) }
}
extension Array: DatabaseValueConvertible where Element == UInt8 {
    /// The bytes.
    public var databaseValue: DatabaseValue { .blob(self) }
}
extension Optional: DatabaseValueConvertible where Wrapped: DatabaseValueConvertible {
    /// The value, or NULL.
    public var databaseValue: DatabaseValue { self?.databaseValue ?? .null }
}
extension DatabaseValue: DatabaseValueConvertible {
    /// Itself.
    public var databaseValue: DatabaseValue { self }
}
