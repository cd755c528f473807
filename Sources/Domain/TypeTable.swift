import EventModel

/// TypeTable looks a value up by event type in a short list, for the few types a view or the upcaster names.
///
/// Every event folded looked its type up in three such dictionaries: each lookup hashed the type's digest through
/// `Hasher` (about 200 instructions), where comparing it with a dozen digests costs a few each (`EventType` compares
/// its digest first, its text only when the digests match).
struct TypeTable<Value: Sendable>: Sendable {
    private let types: [EventType]
    private let values: [Value]

    /// The table of `dictionary`'s entries.
    init(_ dictionary: [EventType: Value]) {
        types = Array(dictionary.keys)
        values = types.map { dictionary[$0]! }
    }

    /// The value for `type`, as `dictionary[type]` gave it.
    subscript(type: EventType) -> Value? {
        // Through the buffer, the types are compared where they lie: iterating the array copied every entry (two
        // retains and releases each, more than the hashing saved).
        let index = types.withUnsafeBufferPointer { types in types.firstIndex { $0 == type } }
        return index.map { values[$0] }
    }
}
