import Foundation
import Security

/// NodeEncryptionKey is a node's X25519 key pair that peers of its municipality wrap subject keys to.
///
/// It lives beside the node's signing key as `node-encryption.key`: 64 hex digits, mode 0600.
public struct NodeEncryptionKey: Sendable, CustomStringConvertible, CustomReflectable {
    /// The key file's name in the node's data directory.
    public static let fileName = "node-encryption.key"

    private let privateKey: [UInt8]
    /// The 32-byte raw X25519 public key that peers wrap subject keys to.
    public let publicKey: [UInt8]

    /// The public key as 64 lowercase hex digits, the form it is published in.
    public var publicKeyHex: String { Hex.encode(publicKey) }

    /// A new random key pair held only in memory (for tests and tools; nodes use `loadOrCreate`).
    public static func generate() throws(PrivacyError) -> NodeEncryptionKey {
        try NodeEncryptionKey(privateKey: X25519.generatePrivateKey())
    }

    private init(privateKey: [UInt8]) throws(PrivacyError) {
        self.publicKey = try X25519.publicKey(of: privateKey)
        self.privateKey = privateKey
    }

    /// The key file's path in `directory`.
    public static func path(in directory: String) -> String {
        (directory as NSString).appendingPathComponent(fileName)
    }

    /// Loads the key from `directory`, or makes one there (mode 0600); refuses a file group or others can read.
    public static func loadOrCreate(directory: String) throws(PrivacyError) -> NodeEncryptionKey {
        let path = path(in: directory)
        if try PrivateFile.existsAndIsPrivate(path) { return try load(path) }
        try PrivateFile.ensureDirectory(directory)
        let key = try generate()
        let text = Array((Hex.encode(key.privateKey) + "\n").utf8)
        // Another process may have made the key between the check and now: then that one is the key.
        guard try PrivateFile.createNew(path, bytes: text) else { return try load(path) }
        return key
    }

    private static func load(_ path: String) throws(PrivacyError) -> NodeEncryptionKey {
        guard try PrivateFile.existsAndIsPrivate(path), let data = FileManager.default.contents(atPath: path) else {
            throw .keyFile("\(path): cannot read the node encryption key")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Hex.decode(text), raw.count == X25519.keyCount else {
            throw .keyFile("\(path): does not hold an X25519 private key as 64 lowercase hex digits")
        }
        return try NodeEncryptionKey(privateKey: raw)
    }

    /// The Diffie-Hellman secret of this node's private key and a peer's public key.
    func sharedSecret(with publicKey: [UInt8]) throws(PrivacyError) -> [UInt8] {
        try X25519.sharedSecret(privateKey: privateKey, publicKey: publicKey)
    }

    /// Names the public half only: a private key is never printed.
    public var description: String { "NodeEncryptionKey(public: \(publicKeyHex.prefix(16))…)" }

    /// Shows the public key to `dump` and debuggers, never the private key.
    public var customMirror: Mirror { Mirror(self, children: ["publicKey": publicKeyHex]) }
}
