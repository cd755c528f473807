import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// KeyFile reads and writes private key files: PEM (PKCS#8), 32 raw bytes, or 64 hex digits.
///
/// A private key file is created with mode 0600 and refused on load when its group or others have
/// any permission on it: a key others can read is no longer the node's alone.
public enum KeyFile {
    /// Loads the private key at `path`, refusing a file whose mode grants group or others anything.
    public static func load(_ path: String) throws(SecurityError) -> SigningKey {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .file(path: path, reason: "cannot read the private key file (\(String(cString: strerror(errno))))")
        }
        let mode = Int(info.st_mode)
        guard mode & 0o077 == 0 else { throw .keyFileTooOpen(path: path, mode: mode) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .file(path: path, reason: "cannot read the private key file")
        }
        let bytes = Array(data)
        if bytes.count == 32 { return try SigningKey(seed: bytes) }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if let seed = Hex.decode(text), seed.count == 32 { return try SigningKey(seed: seed) }
        guard let der = PEM.decode(text, label: "PRIVATE KEY") else {
            throw .malformedKey("\(path) holds neither a PEM PRIVATE KEY block, 32 raw bytes nor 64 hex digits")
        }
        do { return try SigningKey(der: der) } catch { throw .malformedKey("\(path): \(error)") }
    }

    /// Writes `key` as PEM to a new file at `path` with mode 0600; refuses to replace an existing file.
    public static func save(_ key: SigningKey, to path: String) throws(SecurityError) {
        let text = PEM.encode(try key.der(), label: "PRIVATE KEY")
        try writeNew(Array(text.utf8), to: path, mode: 0o600)
    }

    /// Writes the public key of `key` as one line of hex to a new file (mode 0644).
    public static func savePublic(_ key: PublicKey, to path: String) throws(SecurityError) {
        try writeNew(Array((key.hex + "\n").utf8), to: path, mode: 0o644)
    }

    /// Writes a new file that others may read (a genesis, a public key), refusing to replace one.
    public static func writePublicFile(_ bytes: [UInt8], to path: String) throws(SecurityError) {
        try writeNew(bytes, to: path, mode: 0o644)
    }

    /// Creates `path` exclusively with `mode` and writes `bytes`, flushed to disk.
    static func writeNew(_ bytes: [UInt8], to path: String, mode: mode_t) throws(SecurityError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            let reason =
                errno == EEXIST ? "already exists; refusing to overwrite a key" : String(cString: strerror(errno))
            throw .file(path: path, reason: reason)
        }
        defer { close(descriptor) }
        // The umask may only narrow the mode; set it exactly anyway so the file never starts wider.
        _ = fchmod(descriptor, mode)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                throw .file(path: path, reason: String(cString: strerror(errno)))
            }
            written += result
        }
        guard fsync(descriptor) == 0 else { throw .file(path: path, reason: String(cString: strerror(errno))) }
    }
}
