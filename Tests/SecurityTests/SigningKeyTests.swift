import EventModel
import Foundation
import Security
import Testing

@Suite struct SigningKeyTests {
    @Test func signaturesVerifyOnlyForTheSignedMessageAndKey() throws {
        let key = try SigningKey()
        let other = try SigningKey()
        let message = Array("chain head".utf8)
        let signature = key.sign(message)
        #expect(key.publicKey.verifies(signature, of: message))
        #expect(!key.publicKey.verifies(signature, of: Array("chain heaD".utf8)))
        #expect(!other.publicKey.verifies(signature, of: message))
        var flipped = signature.bytes
        flipped[10] ^= 1
        #expect(!key.publicKey.verifies(Signature(bytes: flipped)!, of: message))
    }

    @Test func rfc8032TestVectorOne() throws {
        // RFC 8032 section 7.1, test 1: empty message.
        let seed = Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")!
        let key = try SigningKey(seed: seed)
        #expect(key.publicKey.hex == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        #expect(
            key.sign([]).hex
                == "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        )
    }

    @Test func keyFileRoundTripsWithModeSixHundred() throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let key = try NodeKey.create(in: directory)
        let attributes = try FileManager.default.attributesOfItem(atPath: NodeKey.path(in: directory))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try NodeKey.load(from: directory).publicKey == key.publicKey)
        #expect(throws: SecurityError.self) { _ = try NodeKey.create(in: directory) }
    }

    @Test func keyFileReadableByOthersIsRefused() throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        _ = try NodeKey.create(in: directory)
        let path = NodeKey.path(in: directory)
        chmod(path, 0o640)
        do {
            _ = try NodeKey.load(from: directory)
            Issue.record("a key file readable by its group was accepted")
        } catch {
            #expect(error == .keyFileTooOpen(path: path, mode: Int(0o100640)))
            #expect(error.description.contains("chmod 600"))
        }
    }

    @Test func keyFileInOpenSSLFormatIsRead() throws {
        // `openssl genpkey -algorithm ed25519` output for the RFC 8032 test 1 seed.
        let pem = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
            -----END PRIVATE KEY-----
            """
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let path = directory + "/root.key"
        #expect(
            FileManager.default.createFile(
                atPath: path, contents: Data(pem.utf8), attributes: [.posixPermissions: 0o600]))
        #expect(
            try KeyFile.load(path).publicKey.hex == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let key = try KeyFile.load(path)
        #expect(try PublicKey(text: key.publicKey.pem, source: "test") == key.publicKey)
    }

    @Test func secretHashAcceptsOnlyTheSecret() throws {
        let hash = try SecretHash(secret: "correct horse battery", iterations: 1_000)
        #expect(hash.matches("correct horse battery"))
        #expect(!hash.matches("correct horse batterY"))
        #expect(!hash.matches(""))
        let stored = try #require(SecretHash(encoded: hash.encoded))
        #expect(stored.matches("correct horse battery"))
        let again = try SecretHash(secret: "correct horse battery", iterations: 1_000)
        #expect(again.salt != hash.salt)
        #expect(!hash.encoded.contains("correct"))
    }
}
