import Security
import Testing

@testable import Privacy

/// Published test vectors: the libcrypto calls are wired so that they compute the standard algorithms.
@Suite struct KnownAnswerTests {
    @Test func hkdfSHA256MatchesRFC5869TestCase1() throws {
        let okm = try HKDF.sha256(
            secret: [UInt8](repeating: 0x0b, count: 22), salt: Array(0x00...0x0c), info: Array(0xf0...0xf9), count: 42)
        #expect(
            Hex.encode(okm)
                == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
    }

    @Test func x25519MatchesRFC7748Section6_1() throws {
        let alice = try #require(Hex.decode("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"))
        let bob = try #require(Hex.decode("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"))
        let alicePublic = try X25519.publicKey(of: alice)
        let bobPublic = try X25519.publicKey(of: bob)
        #expect(Hex.encode(alicePublic) == "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
        #expect(Hex.encode(bobPublic) == "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
        let shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"
        #expect(Hex.encode(try X25519.sharedSecret(privateKey: alice, publicKey: bobPublic)) == shared)
        #expect(Hex.encode(try X25519.sharedSecret(privateKey: bob, publicKey: alicePublic)) == shared)
    }

    @Test func aes256GCMMatchesTheGCMSpecificationTestCases13And14() throws {
        let key = [UInt8](repeating: 0, count: 32)
        let nonce = [UInt8](repeating: 0, count: 12)
        let empty = try AESGCM.seal([], key: key, nonce: nonce, aad: [])
        #expect(empty.ciphertext == [])
        #expect(Hex.encode(empty.tag) == "530f8afbc74536b9a963b4f1c4cb738b")
        let block = try AESGCM.seal([UInt8](repeating: 0, count: 16), key: key, nonce: nonce, aad: [])
        #expect(Hex.encode(block.ciphertext) == "cea7403d4d606b6e074ec5d3baf39d18")
        #expect(Hex.encode(block.tag) == "d0d1c8a799996bf0265b98b5d48ab919")
        #expect(
            try AESGCM.open(block.ciphertext, tag: block.tag, key: key, nonce: nonce, aad: [])
                == [UInt8](repeating: 0, count: 16))
    }
}
