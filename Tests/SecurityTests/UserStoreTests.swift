import Foundation
import EventModel
import Security
import Testing

@Suite struct UserStoreTests {
    @Test func wrongSecretAndUnknownUserAreRefusedAlike() throws {
        var store = UserStore()
        _ = try store.add(
            name: "anna.k", role: .coordinator, municipality: 287.municipality, secret: "long enough secret",
            iterations: 1_000)
        #expect(store.authenticate(name: "anna.k", secret: "long enough secret")?.role == .coordinator)
        #expect(store.authenticate(name: "anna.k", secret: "long enough secreT") == nil)
        #expect(store.authenticate(name: "nobody", secret: "long enough secret") == nil)
        #expect(throws: SecurityError.self) {
            _ = try store.add(
                name: "anna.k", role: .admin, municipality: 287.municipality, secret: "another secret!",
                iterations: 1_000)
        }
        #expect(throws: SecurityError.self) {
            _ = try store.add(
                name: "bo", role: .admin, municipality: 287.municipality, secret: "short", iterations: 1_000)
        }
        #expect(throws: SecurityError.self) {
            _ = try store.add(
                name: "Bo Nyman", role: .admin, municipality: 287.municipality, secret: "long enough secret",
                iterations: 1_000)
        }
    }

    @Test func storeFileRoundTripsWithModeSixHundredAndNoSecrets() throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        var store = UserStore()
        _ = try store.add(
            name: "maria", role: .caseworker, municipality: 231.municipality, secret: "kaskö secret 1",
            iterations: 1_000)
        try UserStoreFile.save(store, directory: directory)
        try UserStoreFile.save(store, directory: directory)
        let loaded = try UserStoreFile.load(directory: directory)
        #expect(loaded == store)
        #expect(loaded.authenticate(name: "maria", secret: "kaskö secret 1") != nil)
        let text = try String(contentsOfFile: UserStoreFile.path(in: directory), encoding: .utf8)
        #expect(!text.contains("kaskö secret"))
        let attributes = try FileManager.default.attributesOfItem(atPath: UserStoreFile.path(in: directory))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func rolesLimitWhatUsersAppendAndRead() throws {
        func user(_ role: Role, _ code: Int = 287) throws -> UserRecord {
            try UserRecord(
                name: "u", role: role, municipality: code.municipality,
                secret: try SecretHash(secret: "x", iterations: 1_000))
        }
        let cases = Channel.municipality(287.municipality)
        let meeting = EventType("meeting.scheduled")!
        let enrol = TrustCatalog.nodeEnrolled
        #expect(RolePolicy.mayAppend(try user(.caseworker), type: EventType("case.opened")!, channel: cases).isAllowed)
        #expect(
            !RolePolicy.mayAppend(try user(.caseworker, 231), type: EventType("case.opened")!, channel: cases).isAllowed
        )
        #expect(
            !RolePolicy.mayAppend(try user(.coordinator), type: EventType("case.opened")!, channel: cases).isAllowed)
        #expect(RolePolicy.mayAppend(try user(.coordinator), type: meeting, channel: .region).isAllowed)
        #expect(!RolePolicy.mayAppend(try user(.caseworker), type: meeting, channel: .region).isAllowed)
        #expect(!RolePolicy.mayAppend(try user(.coordinator), type: enrol, channel: .region).isAllowed)
        #expect(RolePolicy.mayAppend(try user(.admin), type: enrol, channel: .region).isAllowed)
        #expect(RolePolicy.mayRead(try user(.coordinator), channel: .region).isAllowed)
        #expect(!RolePolicy.mayRead(try user(.coordinator), channel: cases).isAllowed)
        #expect(RolePolicy.mayRead(try user(.caseworker), channel: cases).isAllowed)
        #expect(!RolePolicy.mayRead(try user(.admin, 545), channel: cases).isAllowed)
        #expect(RolePolicy.mayManageUsers(try user(.admin)).isAllowed)
        #expect(!RolePolicy.mayManageUsers(try user(.caseworker)).isAllowed)
    }
}
