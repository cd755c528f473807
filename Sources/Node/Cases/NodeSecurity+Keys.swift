import EventModel
import Security

extension NodeSecurity {
    /// The statement a node signs when it tells a caller which X25519 key to encrypt person keys to:
    /// without it, anyone between two nodes could offer its own key and collect the keys of a municipality.
    static func keysStatement(
        region: RegionID, origin: Origin, municipality: MunicipalityCode, nonce: String, publicKeyHex: String
    ) -> [UInt8] {
        Array(
            ["samverkan-keys-v1", region.hex, origin.description, municipality.description, nonce, publicKeyHex]
                .joined(separator: "\n").utf8)
    }

    /// The proof for a key-exchange answer to a caller that signed its request with `nonce`.
    func keysProof(nonce: String, publicKeyHex: String) -> String {
        key.sign(
            Self.keysStatement(
                region: region, origin: origin, municipality: municipality, nonce: nonce, publicKeyHex: publicKeyHex)
        ).hex
    }

    /// Why a key-exchange answer must not be trusted, or nil: it must come from a node enrolled for this
    /// municipality, not revoked, whose enrolled key signed the offered public key over our nonce.
    func checkKeysAnswer(_ answer: JSONValue, nonce: String) -> String? {
        guard let originText = answer["origin"]?.stringValue, let peer = Origin(originText),
            let publicKeyHex = answer["publicKey"]?.stringValue, let proof = answer["proof"]?.stringValue,
            let signature = Signature(hex: proof)
        else { return "the key-exchange answer carries no origin, public key and proof" }
        guard case .enrolled(let key, let enrolled, nil) = trust.standing(of: peer) else {
            return "peer \(peer) is not an enrolled, unrevoked node"
        }
        guard enrolled == municipality else {
            return "peer \(peer) is enrolled for municipality \(enrolled); keys stay within \(municipality)"
        }
        let statement = Self.keysStatement(
            region: region, origin: peer, municipality: enrolled, nonce: nonce, publicKeyHex: publicKeyHex)
        return key.verifies(signature, of: statement) ? nil : "peer \(peer) did not sign its key-exchange key"
    }
}
