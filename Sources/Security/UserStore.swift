import EventModel

/// UserRecord is one named user of a node: name, role, municipality and the slow hash of the secret.
public struct UserRecord: Sendable, Hashable {
    /// The sign-in name, which events record as their author: 1–64 of `a–z 0–9 . _ -`, starting with a letter.
    public let name: String
    /// What the user may do.
    public var role: Role
    /// The municipality the user works for.
    public var municipality: MunicipalityCode
    /// The secret, stored only as a salted PBKDF2 hash.
    public var secret: SecretHash

    /// Describes a user; refuses a malformed name.
    public init(name: String, role: Role, municipality: MunicipalityCode, secret: SecretHash) throws(SecurityError) {
        guard Self.isValidName(name) else {
            throw .invalidUser("user name '\(name)' is malformed: use 1–64 of a–z 0–9 . _ -, starting with a letter")
        }
        self.name = name
        self.role = role
        self.municipality = municipality
        self.secret = secret
    }

    /// Whether `name` is a valid user name.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count), let first = bytes.first,
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first)
        else { return false }
        return bytes.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-")].contains($0)
        }
    }

    /// The author to record on the user's events.
    public var author: Author { Author(name)! }
}

/// UserStore is a node's set of named users, storage-agnostic: it reads and writes one JSON document.
public struct UserStore: Sendable, Hashable {
    /// The users by name.
    public private(set) var users: [String: UserRecord] = [:]

    /// The fewest characters a secret may have.
    public static let minimumSecretLength = 10

    /// An empty store.
    public init() {}

    /// Adds a user; refuses a name already taken or a secret that is too short.
    public mutating func add(
        name: String, role: Role, municipality: MunicipalityCode, secret: String,
        iterations: Int = SecretHash.defaultIterations
    ) throws(SecurityError) -> UserRecord {
        guard users[name] == nil else { throw .invalidUser("user '\(name)' already exists") }
        guard secret.count >= Self.minimumSecretLength else {
            throw .invalidUser("the secret must have at least \(Self.minimumSecretLength) characters")
        }
        let record = try UserRecord(
            name: name, role: role, municipality: municipality,
            secret: try SecretHash(secret: secret, iterations: iterations))
        users[name] = record
        return record
    }

    /// Removes a user; returns whether one was removed.
    @discardableResult
    public mutating func remove(_ name: String) -> Bool { users.removeValue(forKey: name) != nil }

    /// The user when `secret` is theirs; nil for an unknown name or a wrong secret alike, so a caller
    /// cannot tell which. An unknown name still costs one hash, so timing does not tell either.
    public func authenticate(name: String, secret: String) -> UserRecord? {
        guard let record = users[name] else {
            _ = Self.decoy.matches(secret)
            return nil
        }
        return record.secret.matches(secret) ? record : nil
    }

    private static let decoy = SecretHash(
        encoded:
            "pbkdf2-sha256$\(SecretHash.defaultIterations)$\(String(repeating: "00", count: 16))$\(String(repeating: "00", count: 32))"
    )!

    /// The users in name order.
    public var sorted: [UserRecord] { users.values.sorted { $0.name < $1.name } }

    /// The stored document: `{"version":1,"users":[{"name","role","municipality","secret"}]}`.
    public var jsonValue: JSONValue {
        [
            "version": 1,
            "users": .array(
                sorted.map {
                    [
                        "name": .string($0.name), "role": .string($0.role.rawValue),
                        "municipality": .number(JSONNumber($0.municipality.rawValue)),
                        "secret": .string($0.secret.encoded),
                    ]
                }),
        ]
    }

    /// Reads the stored document, naming the member that is wrong.
    public init(json: JSONValue) throws(SecurityError) {
        guard json["version"]?.int64Value == 1, let list = json["users"]?.arrayValue else {
            throw .malformedDocument(field: "users", reason: "not a user store of version 1")
        }
        for (index, item) in list.enumerated() {
            let path = "users[\(index)]"
            guard let name = item["name"]?.stringValue, let roleText = item["role"]?.stringValue,
                let role = Role(rawValue: roleText), let number = item["municipality"]?.int64Value,
                let code = MunicipalityCode(Int(number)), let secretText = item["secret"]?.stringValue,
                let secret = SecretHash(encoded: secretText)
            else { throw .malformedDocument(field: path, reason: "needs name, role, municipality and secret") }
            guard users[name] == nil else {
                throw .malformedDocument(field: path, reason: "user '\(name)' is listed twice")
            }
            users[name] = try UserRecord(name: name, role: role, municipality: code, secret: secret)
        }
    }
}
