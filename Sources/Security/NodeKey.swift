import Foundation

/// NodeKey is the node's own Ed25519 key in its data directory: `node.key` (PEM, mode 0600).
public enum NodeKey {
    /// The private key's file name in the data directory.
    public static let fileName = "node.key"

    /// The key file's path in `directory`.
    public static func path(in directory: String) -> String { (directory as NSString).appendingPathComponent(fileName) }

    /// Makes the node's key pair in `directory` and returns it; refuses when one exists.
    public static func create(in directory: String) throws(SecurityError) -> SigningKey {
        let key = try SigningKey()
        try KeyFile.save(key, to: path(in: directory))
        return key
    }

    /// Loads the node's key, refusing a file others can read.
    public static func load(from directory: String) throws(SecurityError) -> SigningKey {
        try KeyFile.load(path(in: directory))
    }
}
