import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// PrivateFile creates and checks files only their owner may use: key files and the key store.
///
/// Like `KeyFile` in Security, a file whose mode grants group or others anything is refused: a key
/// others can read is no longer the node's alone.
enum PrivateFile {
    /// Whether `path` exists; throws when it does but its mode grants group or others any permission.
    static func existsAndIsPrivate(_ path: String) throws(PrivacyError) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return false }
            throw .keyFile("\(path): cannot be read (\(String(cString: strerror(errno))))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .keyFile("\(path): is not a regular file") }
        let mode = Int(info.st_mode) & 0o777
        guard mode & 0o077 == 0 else {
            throw .keyFile(
                "\(path) can be read by others (mode \(String(mode, radix: 8))); "
                    + "run `chmod 600 \(path)` and keep it to the node's own user")
        }
        return true
    }

    /// Makes `directory` (mode 0700) when it does not exist yet.
    static func ensureDirectory(_ directory: String) throws(PrivacyError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .keyFile("\(directory): is not a directory") }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .keyFile("\(directory): cannot be created (\(error.localizedDescription))")
        }
    }

    /// Creates `path` exclusively with mode 0600 and writes `bytes`, flushed to disk; false when it already exists.
    ///
    /// The bytes go to a temporary file first, which is then hard-linked into place: a crash never leaves a
    /// half-written file under `path`, and an existing file is never replaced.
    static func createNew(_ path: String, bytes: [UInt8]) throws(PrivacyError) -> Bool {
        let temporary = path + ".tmp-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure(temporary) }
        defer { unlink(temporary) }
        do {
            defer { close(descriptor) }
            // The umask may only narrow the mode; set it exactly anyway so the file never starts wider.
            guard fchmod(descriptor, 0o600) == 0 else { throw failure(temporary) }
            var written = 0
            while written < bytes.count {
                let result = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
                if result < 0 {
                    if errno == EINTR { continue }
                    throw failure(temporary)
                }
                written += result
            }
            guard fsync(descriptor) == 0 else { throw failure(temporary) }
        }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return false }
            throw failure(path)
        }
        return true
    }

    /// Creates an empty file at `path` with mode 0600; false when it already exists.
    static func createEmpty(_ path: String) throws(PrivacyError) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return false }
            throw failure(path)
        }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else { throw failure(path) }
        return true
    }

    private static func failure(_ path: String) -> PrivacyError {
        .keyFile("\(path): \(String(cString: strerror(errno)))")
    }
}
