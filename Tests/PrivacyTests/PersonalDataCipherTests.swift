import EventModel
import Foundation
import Privacy
import Testing

@Suite struct PersonalDataCipherTests {
    let key = SubjectKey.generate(subject: "case/ab12cd")
    let context = "case/ab12cd case.opened"
    let plaintext = Array(#"{"name":"Amina Yusuf","born":"1990-04-01","languages":["so","sv"]}"#.utf8)

    @Test func sealThenOpenGivesThePlaintextBack() throws {
        let box = try PersonalDataCipher.seal(plaintext, key: key, context: context)
        #expect(box.keyID == key.keyID)
        #expect(try PersonalDataCipher.open(box, key: key, context: context) == plaintext)
        #expect(!occurs(Array("Amina".utf8), in: Array(CanonicalJSON.encode(box.jsonValue))))
    }

    @Test func emptyPlaintextRoundTrips() throws {
        let box = try PersonalDataCipher.seal([], key: key, context: context)
        #expect(try PersonalDataCipher.open(box, key: key, context: context) == [])
    }

    @Test func jsonFormHasTheShapeOfTheSealedField() throws {
        let box = try PersonalDataCipher.seal(plaintext, key: key, context: context)
        let members = try #require(box.jsonValue.objectValue)
        #expect(Set(members.keys) == ["keyId", "nonce", "ciphertext", "tag"])
        #expect(box.nonce.count == 24)
        #expect(box.tag.count == 32)
        #expect(box.keyID.count == 16)
        let parsed = try SealedBox(json: box.jsonValue)
        #expect(parsed == box)
        #expect(try PersonalDataCipher.open(parsed, key: key, context: context) == plaintext)
    }

    @Test func twoSealsUseDifferentNonces() throws {
        let first = try PersonalDataCipher.seal(plaintext, key: key, context: context)
        let second = try PersonalDataCipher.seal(plaintext, key: key, context: context)
        #expect(first.nonce != second.nonce)
        #expect(first.ciphertext != second.ciphertext)
    }

    @Test func anotherKeyOfTheSameSubjectCannotOpen() throws {
        let box = try PersonalDataCipher.seal(plaintext, key: key, context: context)
        let other = SubjectKey.generate(subject: key.subject)
        #expect(throws: PrivacyError.wrongKey(sealedUnder: key.keyID, given: other.keyID)) {
            try PersonalDataCipher.open(box, key: other, context: context)
        }
    }

    @Test func wrongKeyBytesUnderTheSameKeyIdFailToDecrypt() throws {
        // A box relabelled with another key's id: the id check passes, the key bytes must still not open it.
        let other = SubjectKey.generate(subject: key.subject)
        let box = try PersonalDataCipher.seal(plaintext, key: key, context: context)
        let relabelled = try SealedBox(json: edited(box, "keyId") { _ in other.keyID })
        #expect(throws: PrivacyError.decryptionFailed) {
            try PersonalDataCipher.open(relabelled, key: other, context: context)
        }
    }

    @Test func wrongContextFails() throws {
        let box = try PersonalDataCipher.seal(plaintext, key: key, context: context)
        #expect(throws: PrivacyError.decryptionFailed) {
            try PersonalDataCipher.open(box, key: key, context: "case/ab12cd case.closed")
        }
        #expect(throws: PrivacyError.decryptionFailed) {
            try PersonalDataCipher.open(box, key: key, context: "case/zz99zz case.opened")
        }
    }

    @Test(arguments: [0, 7, 40])
    func flippedCiphertextByteFails(offset: Int) throws {
        let box = try PersonalDataCipher.seal(plaintext, key: key, context: context)
        let tampered = try SealedBox(
            json: edited(box, "ciphertext") { text in
                var bytes = Array(Data(base64Encoded: text)!)
                bytes[offset] ^= 0x01
                return Data(bytes).base64EncodedString()
            })
        #expect(tampered != box)
        #expect(throws: PrivacyError.decryptionFailed) {
            try PersonalDataCipher.open(tampered, key: key, context: context)
        }
    }

    @Test(arguments: ["tag", "nonce"])
    func flippedTagOrNonceByteFails(field: String) throws {
        let box = try PersonalDataCipher.seal(plaintext, key: key, context: context)
        let tampered = try SealedBox(json: edited(box, field) { flipLastHexDigit($0) })
        #expect(throws: PrivacyError.decryptionFailed) {
            try PersonalDataCipher.open(tampered, key: key, context: context)
        }
    }

    @Test func malformedBoxesAreRefusedWithTheField() throws {
        let box = try PersonalDataCipher.seal(plaintext, key: key, context: context)
        #expect(throws: PrivacyError.self) { try SealedBox(json: .string("x")) }
        #expect(throws: PrivacyError.malformed(field: "sealed.tag", reason: "is missing")) {
            var members = box.jsonValue.objectValue!
            members["tag"] = nil
            return try SealedBox(json: .object(members))
        }
        #expect(throws: PrivacyError.self) { try SealedBox(json: edited(box, "nonce") { String($0.dropLast(2)) }) }
        #expect(throws: PrivacyError.self) { try SealedBox(json: edited(box, "ciphertext") { _ in "not base64!" }) }
        #expect(throws: PrivacyError.self) { try SealedBox(json: edited(box, "keyId") { $0.uppercased() }) }
    }

    @Test func tooLargePlaintextIsRefused() {
        let limit = PersonalDataCipher.maximumPlaintextCount
        #expect(throws: PrivacyError.plaintextTooLarge(count: limit + 1, limit: limit)) {
            try PersonalDataCipher.seal([UInt8](repeating: 1, count: limit + 1), key: key, context: context)
        }
    }

    @Test func largestPlaintextFitsTheSealedField() throws {
        let limit = PersonalDataCipher.maximumPlaintextCount
        let box = try PersonalDataCipher.seal([UInt8](repeating: 1, count: limit), key: key, context: context)
        #expect(box.ciphertext.utf8.count <= 65_536)
        #expect(try SealedBox(json: box.jsonValue) == box)
    }

    @Test func descriptionNeverShowsTheKeyBytes() {
        let hex = key.bytes.map { String(format: "%02x", $0) }.joined()
        var dumped = ""
        dump(key, to: &dumped)
        for text in [key.description, String(reflecting: key), "\(key)", dumped] {
            #expect(!text.contains(hex))
            #expect(!text.contains("\(key.bytes)"))
        }
    }

    private func edited(_ box: SealedBox, _ field: String, _ change: (String) -> String) -> JSONValue {
        var members = box.jsonValue.objectValue!
        members[field] = .string(change(members[field]!.stringValue!))
        return .object(members)
    }
}

/// The hex text with its last digit changed, so the last byte differs in one bit.
func flipLastHexDigit(_ text: String) -> String {
    let last = text.last!
    return String(text.dropLast()) + (last == "0" ? "1" : "0")
}
