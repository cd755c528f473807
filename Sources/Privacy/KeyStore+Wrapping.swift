import EventLog
import Foundation

extension KeyStore {
    /// The keys of `subjects`, each wrapped to `recipientPublicKey`; skips unknown and erased subjects.
    public func wrapped(subjects: [String], to recipientPublicKey: [UInt8]) throws -> [WrappedKey] {
        let keys = try queue.sync { database in
            try Set(subjects).sorted().flatMap { try Self.keys(subject: $0, in: database) }
        }
        var wrapped: [WrappedKey] = []
        for key in keys { wrapped.append(try WrappedKey.wrap(key, to: recipientPublicKey)) }
        return wrapped
    }

    /// Stores the keys in `keys` not yet held; ignores erased subjects and keys already held; returns how many were stored.
    ///
    /// All or nothing: a key that does not unwrap (altered, or wrapped to another node) stores none of them.
    public func importWrapped(_ keys: [WrappedKey], with own: NodeEncryptionKey) throws -> Int {
        try queue.sync { database in
            try database.inTransaction {
                var stored = 0
                for wrapped in keys {
                    if try Self.isErased(wrapped.subject, in: database) { continue }
                    let held = try Self.keys(subject: wrapped.subject, in: database)
                    if held.contains(where: { $0.keyID == wrapped.keyID }) { continue }
                    try Self.insert(try wrapped.unwrap(with: own), into: database)
                    stored += 1
                }
                return stored
            }
        }
    }

    /// Writes a consistent copy of the key store to a new file at `path` (mode 0600), refusing to replace one.
    ///
    /// Keys are backed up apart from the log: restore the copy as `keys.sqlite`, then `purge` it against the
    /// erasure events in the log so that nobody erased after the backup comes back.
    public func backup(to path: String) throws {
        guard try PrivateFile.createEmpty(path) else {
            throw PrivacyError.keyFile("\(path): already exists; refusing to overwrite it with a key store backup")
        }
        do {
            try queue.sync { database in try database.backup(to: path) }
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }
}
