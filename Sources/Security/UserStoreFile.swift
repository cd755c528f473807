import EventModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// UserStoreFile keeps a node's users in `users.json` in its data directory, mode 0600.
///
/// Written to a temporary file and renamed, so a crash leaves the old or the new store, never half.
public enum UserStoreFile {
    /// The file name in the data directory.
    public static let fileName = "users.json"

    /// The store's path in `directory`.
    public static func path(in directory: String) -> String { (directory as NSString).appendingPathComponent(fileName) }

    /// Loads the store of `directory`; an empty store when the file does not exist yet.
    public static func load(directory: String) throws(SecurityError) -> UserStore {
        let path = path(in: directory)
        guard FileManager.default.fileExists(atPath: path) else { return UserStore() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .file(path: path, reason: "cannot read the user store")
        }
        let value: JSONValue
        do { value = try JSONParser.parse(Array(data)) } catch {
            throw .malformedDocument(field: "users", reason: "\(path): \(error)")
        }
        return try UserStore(json: value)
    }

    /// Saves `store` in `directory`, replacing the file atomically.
    public static func save(_ store: UserStore, directory: String) throws(SecurityError) {
        let path = path(in: directory)
        let temporary = path + ".tmp-\(getpid())"
        unlink(temporary)
        try KeyFile.writeNew(CanonicalJSON.encode(store.jsonValue) + [UInt8(ascii: "\n")], to: temporary, mode: 0o600)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .file(path: path, reason: reason)
        }
    }
}
