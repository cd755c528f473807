import EventModel
import Privacy
import Testing

@Suite struct WrappedKeyTests {
    let key = SubjectKey.generate(subject: "case/ab12cd")

    @Test func wrapToAnotherNodeAndUnwrapThere() throws {
        let sender = try NodeEncryptionKey.generate()
        let receiver = try NodeEncryptionKey.generate()
        #expect(sender.publicKey != receiver.publicKey)
        let wrapped = try WrappedKey.wrap(key, to: receiver.publicKey)
        #expect(wrapped.subject == key.subject)
        #expect(wrapped.recipient == receiver.publicKeyHex)
        #expect(try wrapped.unwrap(with: receiver) == key)
        // And back: the receiver wraps it to the sender.
        #expect(try WrappedKey.wrap(key, to: sender.publicKey).unwrap(with: sender) == key)
    }

    @Test func survivesItsJSONForm() throws {
        let receiver = try NodeEncryptionKey.generate()
        let wrapped = try WrappedKey.wrap(key, to: receiver.publicKey)
        let text = CanonicalJSON.string(wrapped.jsonValue)
        #expect(!text.contains(key.bytes.map { String($0, radix: 16) }.joined()))
        let parsed = try WrappedKey(json: wrapped.jsonValue)
        #expect(parsed == wrapped)
        #expect(try parsed.unwrap(with: receiver) == key)
    }

    @Test func aThirdNodeCannotUnwrap() throws {
        let receiver = try NodeEncryptionKey.generate()
        let third = try NodeEncryptionKey.generate()
        let wrapped = try WrappedKey.wrap(key, to: receiver.publicKey)
        #expect(throws: PrivacyError.notAddressedToThisNode(recipient: receiver.publicKeyHex)) {
            try wrapped.unwrap(with: third)
        }
        // Even with the recipient field rewritten to name it, the third node's secret is the wrong one.
        var members = wrapped.jsonValue.objectValue!
        members["recipient"] = .string(third.publicKeyHex)
        let readdressed = try WrappedKey(json: .object(members))
        #expect(throws: PrivacyError.decryptionFailed) { try readdressed.unwrap(with: third) }
    }

    @Test(arguments: ["ciphertext", "tag", "nonce", "ephemeralKey"])
    func alteredFieldsDoNotUnwrap(field: String) throws {
        let receiver = try NodeEncryptionKey.generate()
        var members = try WrappedKey.wrap(key, to: receiver.publicKey).jsonValue.objectValue!
        members[field] = .string(flipLastHexDigit(members[field]!.stringValue!))
        let altered = try WrappedKey(json: .object(members))
        #expect(throws: PrivacyError.self) { try altered.unwrap(with: receiver) }
    }

    @Test func aWrappedKeyCannotBeRelabelledAsAnotherSubject() throws {
        let receiver = try NodeEncryptionKey.generate()
        var members = try WrappedKey.wrap(key, to: receiver.publicKey).jsonValue.objectValue!
        members["subject"] = "case/other1"
        #expect(throws: PrivacyError.decryptionFailed) { try WrappedKey(json: .object(members)).unwrap(with: receiver) }
    }

    @Test func badRecipientKeysAreRefused() throws {
        #expect(throws: PrivacyError.self) { try WrappedKey.wrap(key, to: [1, 2, 3]) }
        // The all-zero point has small order: the shared secret would be zero and known to anyone.
        #expect(throws: PrivacyError.self) { try WrappedKey.wrap(key, to: [UInt8](repeating: 0, count: 32)) }
    }

    @Test func malformedJSONIsRefused() throws {
        #expect(throws: PrivacyError.self) { try WrappedKey(json: ["subject": "case/x"]) }
        let receiver = try NodeEncryptionKey.generate()
        var members = try WrappedKey.wrap(key, to: receiver.publicKey).jsonValue.objectValue!
        members["extra"] = 1
        #expect(throws: PrivacyError.malformed(field: "wrappedKey.extra", reason: "is not a field of a wrapped key")) {
            try WrappedKey(json: .object(members))
        }
    }
}
