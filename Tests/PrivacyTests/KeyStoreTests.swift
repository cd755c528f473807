import Foundation
import Privacy
import Testing

@Suite struct KeyStoreTests {
    @Test func keysPersistAcrossReopenInAFileOnlyTheOwnerCanRead() throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try KeyStore(directory: directory)
        let first = try store.makeKey(subject: "case/aa11")
        let second = try store.makeKey(subject: "case/bb22")
        #expect(try store.makeKey(subject: "case/aa11") == first)
        store.close()
        #expect(try permissions(of: store.path) == 0o600)

        let reopened = try KeyStore(directory: directory)
        defer { reopened.close() }
        #expect(try reopened.key(subject: "case/aa11") == first)
        #expect(try reopened.key(subject: "case/bb22", keyID: second.keyID) == second)
        #expect(try reopened.key(subject: "case/cc33") == nil)
        #expect(try reopened.subjects() == ["case/aa11", "case/bb22"])
        #expect(try reopened.erasedSubjects() == [])
    }

    @Test func refusesAKeyStoreFileOthersCanRead() throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        try KeyStore(directory: directory).close()
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o644], ofItemAtPath: directory + "/" + KeyStore.fileName)
        #expect(throws: PrivacyError.self) { try KeyStore(directory: directory) }
    }

    @Test func runsInRollbackJournalModeSoNoWALKeepsOldPages() throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try KeyStore(directory: directory)
        _ = try store.makeKey(subject: "case/aa11")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == [KeyStore.fileName])
        store.close()
        // Header bytes 18 and 19 are the read and write format versions: 1 is rollback journal, 2 is WAL.
        let header = Array(try Data(contentsOf: URL(fileURLWithPath: store.path)).prefix(20))
        #expect(header[18] == 1 && header[19] == 1)
    }

    @Test func destroyedSubjectIsErasedForGood() throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try KeyStore(directory: directory)
        defer { store.close() }
        let key = try store.makeKey(subject: "case/aa11")
        let node = try NodeEncryptionKey.generate()
        let wrappedBefore = try store.wrapped(subjects: ["case/aa11"], to: node.publicKey)

        try store.destroy(subject: "case/aa11")
        #expect(try store.key(subject: "case/aa11") == nil)
        #expect(try store.key(subject: "case/aa11", keyID: key.keyID) == nil)
        #expect(try store.isErased(subject: "case/aa11"))
        #expect(try store.subjects() == [])
        #expect(try store.erasedSubjects() == ["case/aa11"])
        #expect(throws: PrivacyError.erased("case/aa11")) { try store.makeKey(subject: "case/aa11") }
        // A peer that still held the key sends it back: it is ignored.
        #expect(try store.importWrapped(wrappedBefore, with: node) == 0)
        #expect(try store.key(subject: "case/aa11") == nil)
        #expect(try store.wrapped(subjects: ["case/aa11"], to: node.publicKey) == [])
    }

    @Test func purgeDestroysTheListedKeysAndCountsThem() throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try KeyStore(directory: directory)
        defer { store.close() }
        for name in ["case/a1", "case/b2", "case/c3", "case/d4"] { _ = try store.makeKey(subject: name) }
        #expect(try store.purge(erased: ["case/a1", "case/c3", "case/never"]) == 2)
        #expect(try store.subjects() == ["case/b2", "case/d4"])
        #expect(try store.erasedSubjects() == ["case/a1", "case/c3", "case/never"])
        #expect(try store.purge(erased: ["case/a1", "case/c3"]) == 0)
        #expect(throws: PrivacyError.erased("case/never")) { try store.makeKey(subject: "case/never") }
    }

    @Test func wrappedKeysMoveBetweenTheNodesOfAMunicipality() throws {
        let (directoryA, directoryB) = (makeTemporaryDirectory(), makeTemporaryDirectory())
        defer { cleanUp(directoryA); cleanUp(directoryB) }
        let storeA = try KeyStore(directory: directoryA)
        let storeB = try KeyStore(directory: directoryB)
        defer { storeA.close(); storeB.close() }
        let nodeB = try NodeEncryptionKey.loadOrCreate(directory: directoryB)
        let keyOne = try storeA.makeKey(subject: "case/aa11")
        _ = try storeA.makeKey(subject: "case/bb22")
        try storeB.destroy(subject: "case/bb22")

        let wrapped = try storeA.wrapped(subjects: ["case/aa11", "case/bb22", "case/unknown"], to: nodeB.publicKey)
        #expect(wrapped.map(\.subject) == ["case/aa11", "case/bb22"])
        #expect(try storeB.importWrapped(wrapped, with: nodeB) == 1)
        #expect(try storeB.key(subject: "case/aa11") == keyOne)
        #expect(try storeB.key(subject: "case/bb22") == nil)
        #expect(try storeB.importWrapped(wrapped, with: nodeB) == 0)

        // Keys wrapped to another node are refused, and nothing of the batch is stored.
        let other = try NodeEncryptionKey.generate()
        let keyThree = try storeA.makeKey(subject: "case/cc33")
        let good = try storeA.wrapped(subjects: ["case/cc33"], to: nodeB.publicKey)
        let misaddressed = try storeA.wrapped(subjects: ["case/dd44"], to: other.publicKey)
        _ = try storeA.makeKey(subject: "case/dd44")
        let mixed = try good + storeA.wrapped(subjects: ["case/dd44"], to: other.publicKey)
        #expect(misaddressed == [])  // nothing is wrapped for a subject without a key
        #expect(throws: PrivacyError.notAddressedToThisNode(recipient: other.publicKeyHex)) {
            try storeB.importWrapped(mixed, with: nodeB)
        }
        #expect(try storeB.key(subject: "case/cc33") == nil)
        #expect(try storeB.importWrapped(good, with: nodeB) == 1)
        #expect(try storeB.key(subject: "case/cc33") == keyThree)
    }

    @Test func aSubjectKeyMadeOnTwoNodesKeepsBothSoEveryBoxOpens() throws {
        let (directoryA, directoryB) = (makeTemporaryDirectory(), makeTemporaryDirectory())
        defer { cleanUp(directoryA); cleanUp(directoryB) }
        let storeA = try KeyStore(directory: directoryA)
        let storeB = try KeyStore(directory: directoryB)
        defer { storeA.close(); storeB.close() }
        let nodeA = try NodeEncryptionKey.generate()
        let nodeB = try NodeEncryptionKey.generate()
        let keyA = try storeA.makeKey(subject: "case/aa11")
        let keyB = try storeB.makeKey(subject: "case/aa11")
        #expect(
            try storeA.importWrapped(storeB.wrapped(subjects: ["case/aa11"], to: nodeA.publicKey), with: nodeA) == 1)
        #expect(
            try storeB.importWrapped(storeA.wrapped(subjects: ["case/aa11"], to: nodeB.publicKey), with: nodeB) == 1)
        for store in [storeA, storeB] {
            #expect(try store.key(subject: "case/aa11", keyID: keyA.keyID) == keyA)
            #expect(try store.key(subject: "case/aa11", keyID: keyB.keyID) == keyB)
        }
        // Both nodes now seal new data under the same key.
        #expect(try storeA.key(subject: "case/aa11") == storeB.key(subject: "case/aa11"))
        #expect(try storeA.purge(erased: ["case/aa11"]) == 2)
    }

    @Test func concurrentCallersAgreeOnOneKey() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try KeyStore(directory: directory)
        defer { store.close() }
        let keys = try await withThrowingTaskGroup(of: SubjectKey.self) { group in
            for _ in 0..<16 { group.addTask { try store.makeKey(subject: "case/shared") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(keys.map(\.keyID)).count == 1)
    }

    @Test func refusesUseAfterClose() throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try KeyStore(directory: directory)
        store.close()
        #expect(throws: (any Error).self) { try store.makeKey(subject: "case/aa11") }
    }
}
