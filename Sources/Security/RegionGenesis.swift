import EventModel
import Foundation

/// RegionGenesis lists the member municipalities of a region and each one's root public key.
///
/// Made once when the region is set up and copied to every node. Its canonical JSON is the file's
/// content, and the SHA-256 of those bytes is the `RegionID` that every signed statement names, so a
/// node of another region (another genesis) can never produce a signature this region accepts.
public struct RegionGenesis: Sendable, Hashable {
    /// One member: a municipality and the root key that enrols and revokes its nodes.
    public struct Member: Sendable, Hashable {
        /// The member's code.
        public let code: MunicipalityCode
        /// The Swedish name.
        public let swedishName: String
        /// The Finnish name.
        public let finnishName: String
        /// The municipality's root public key; its private half stays off every node.
        public let rootKey: PublicKey

        /// Describes a member.
        public init(code: MunicipalityCode, swedishName: String, finnishName: String, rootKey: PublicKey) {
            self.code = code
            self.swedishName = swedishName
            self.finnishName = finnishName
            self.rootKey = rootKey
        }

        /// A member with the names the programme gives `code`.
        public init(code: MunicipalityCode, rootKey: PublicKey) {
            let known = Municipality.member(code)
            self.init(
                code: code, swedishName: known?.swedishName ?? "\(code)", finnishName: known?.finnishName ?? "\(code)",
                rootKey: rootKey)
        }
    }

    /// The format word written in the file, so a stray JSON file is not mistaken for a genesis.
    public static let format = "samverkan.region.genesis"

    /// A name for people, e.g. `Österbotten integration 2023–2025`.
    public let name: String
    /// The members, ordered by code so the bytes do not depend on how they were listed.
    public let members: [Member]

    /// Makes a genesis; refuses an empty list, a repeated code or one root key for two members.
    public init(name: String, members: [Member]) throws(SecurityError) {
        guard !name.isEmpty, name.count <= 200, !name.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw .malformedDocument(field: "name", reason: "must be 1–200 characters without control characters")
        }
        guard !members.isEmpty else {
            throw .malformedDocument(field: "members", reason: "must list at least one member")
        }
        guard Set(members.map(\.code)).count == members.count else {
            throw .malformedDocument(field: "members", reason: "a municipality is listed twice")
        }
        guard Set(members.map(\.rootKey)).count == members.count else {
            throw .malformedDocument(
                field: "members", reason: "two municipalities share one root key; each needs its own")
        }
        self.name = name
        self.members = members.sorted { $0.code < $1.code }
    }

    /// The member with `code`, or nil when it is not in this region.
    public func member(_ code: MunicipalityCode) -> Member? { members.first { $0.code == code } }

    /// The canonical JSON document.
    public var jsonValue: JSONValue {
        [
            "format": .string(Self.format), "version": 1, "name": .string(name),
            "members": .array(
                members.map {
                    [
                        "code": .number(JSONNumber($0.code.rawValue)), "swedishName": .string($0.swedishName),
                        "finnishName": .string($0.finnishName), "rootKey": .string($0.rootKey.hex),
                    ]
                }),
        ]
    }

    /// The file's bytes: canonical JSON and a final newline.
    public var fileBytes: [UInt8] { CanonicalJSON.encode(jsonValue) + [UInt8(ascii: "\n")] }

    /// The region's identity: SHA-256 of the canonical JSON.
    public var id: RegionID { RegionID(hash: EventHash.sha256(CanonicalJSON.encode(jsonValue))) }

    /// Reads a genesis document; any valid JSON is accepted and the id is taken over its canonical form.
    public init(json: JSONValue) throws(SecurityError) {
        guard let object = json.objectValue else {
            throw .malformedDocument(field: "genesis", reason: "must be an object")
        }
        if let extra = object.keys.sorted().first(where: { !["format", "version", "name", "members"].contains($0) }) {
            throw .malformedDocument(field: extra, reason: "is not a field of a region genesis")
        }
        guard object["format"]?.stringValue == Self.format else {
            throw .malformedDocument(
                field: "format", reason: "must be \"\(Self.format)\": this is not a region genesis")
        }
        guard object["version"]?.int64Value == 1 else {
            throw .malformedDocument(field: "version", reason: "must be 1")
        }
        guard let name = object["name"]?.stringValue else {
            throw .malformedDocument(field: "name", reason: "is missing")
        }
        guard let list = object["members"]?.arrayValue else {
            throw .malformedDocument(field: "members", reason: "must be an array")
        }
        var members: [Member] = []
        for (index, item) in list.enumerated() {
            let path = "members[\(index)]"
            guard let fields = item.objectValue, Set(fields.keys) == ["code", "swedishName", "finnishName", "rootKey"]
            else {
                throw .malformedDocument(
                    field: path, reason: "must hold exactly code, swedishName, finnishName, rootKey")
            }
            guard let number = fields["code"]?.int64Value, let code = MunicipalityCode(Int(number)) else {
                throw .malformedDocument(field: "\(path).code", reason: "must be a member municipality code")
            }
            guard let swedish = fields["swedishName"]?.stringValue, let finnish = fields["finnishName"]?.stringValue,
                !swedish.isEmpty, !finnish.isEmpty
            else { throw .malformedDocument(field: path, reason: "names must be non-empty strings") }
            guard let keyText = fields["rootKey"]?.stringValue, let key = PublicKey(hex: keyText) else {
                throw .malformedDocument(field: "\(path).rootKey", reason: "must be 64 lowercase hex digits")
            }
            members.append(Member(code: code, swedishName: swedish, finnishName: finnish, rootKey: key))
        }
        try self.init(name: name, members: members)
    }

    /// Reads a genesis file.
    public init(contentsOfFile path: String) throws(SecurityError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .file(path: path, reason: "cannot read the region genesis file")
        }
        let value: JSONValue
        do { value = try JSONParser.parse(Array(data)) } catch {
            throw .malformedDocument(field: "genesis", reason: "\(path): \(error)")
        }
        try self.init(json: value)
    }
}

/// RegionID names a region: the SHA-256 of its genesis.
public struct RegionID: Sendable, Hashable, CustomStringConvertible {
    /// The digest.
    public let hash: EventHash

    /// Wraps a digest.
    public init(hash: EventHash) { self.hash = hash }

    /// Parses 64 lowercase hex digits, or returns nil.
    public init?(hex: some StringProtocol) {
        guard let hash = EventHash(hex: hex) else { return nil }
        self.hash = hash
    }

    /// 64 lowercase hex digits.
    public var hex: String { hash.hex }

    /// The hex form.
    public var description: String { hash.hex }
}
