import Foundation
import Privacy
import Testing

@Suite struct NodeEncryptionKeyTests {
    @Test func createsAKeyFileOnlyTheOwnerCanReadAndLoadsItAgain() throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let made = try NodeEncryptionKey.loadOrCreate(directory: directory)
        let path = NodeEncryptionKey.path(in: directory)
        #expect(path.hasSuffix("/node-encryption.key"))
        #expect(try permissions(of: path) == 0o600)
        #expect(made.publicKey.count == 32)
        #expect(made.publicKeyHex.count == 64)
        let loaded = try NodeEncryptionKey.loadOrCreate(directory: directory)
        #expect(loaded.publicKey == made.publicKey)
        // Only the temporary file's link remains: no stray files beside the key.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["node-encryption.key"])
        // The loaded key really holds the private half: it unwraps what was wrapped to the made one.
        let subjectKey = SubjectKey.generate(subject: "case/ab12cd")
        #expect(try WrappedKey.wrap(subjectKey, to: made.publicKey).unwrap(with: loaded) == subjectKey)
    }

    @Test(arguments: [0o640, 0o604, 0o644])
    func refusesAKeyFileOthersCanRead(mode: Int) throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        _ = try NodeEncryptionKey.loadOrCreate(directory: directory)
        let path = NodeEncryptionKey.path(in: directory)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        #expect(throws: PrivacyError.self) { try NodeEncryptionKey.loadOrCreate(directory: directory) }
        do {
            _ = try NodeEncryptionKey.loadOrCreate(directory: directory)
        } catch {
            #expect("\(error)".contains("chmod 600"))
        }
    }

    @Test func refusesAFileThatHoldsNoKey() throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let path = NodeEncryptionKey.path(in: directory)
        #expect(
            FileManager.default.createFile(
                atPath: path, contents: Data("not a key\n".utf8), attributes: [.posixPermissions: 0o600]))
        #expect(throws: PrivacyError.self) { try NodeEncryptionKey.loadOrCreate(directory: directory) }
    }

    @Test func descriptionShowsOnlyThePublicKey() throws {
        let key = try NodeEncryptionKey.generate()
        var dumped = ""
        dump(key, to: &dumped)
        #expect(key.description.contains(key.publicKeyHex.prefix(16)))
        #expect(!dumped.contains("privateKey"))
    }
}
