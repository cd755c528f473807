import EventLog
import Foundation
import Privacy
import Testing

/// Erasure checked at the level of bytes on disk: a destroyed key must not survive anywhere in the files.
@Suite struct KeyStoreErasureTests {
    @Test func aDestroyedKeyLeavesNoByteOfItselfInAnyFile() throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try KeyStore(directory: directory)
        // Neighbours on the same page, so the destroyed key sits between live ones and pages get rebalanced.
        var live: [SubjectKey] = []
        for index in 0..<40 { live.append(try store.makeKey(subject: "case/n\(index)")) }
        let doomed = try store.makeKey(subject: "case/ab12cd")
        for index in 40..<80 { live.append(try store.makeKey(subject: "case/n\(index)")) }
        let bytes = doomed.bytes
        store.close()
        #expect(try filesHolding(bytes, in: directory) == [KeyStore.fileName])  // the scan finds a live key

        let reopened = try KeyStore(directory: directory)
        try reopened.destroy(subject: "case/ab12cd")
        for key in live.prefix(10) { try reopened.destroy(subject: key.subject) }
        // Still open: no WAL or journal beside the file may hold the old page either.
        #expect(try filesHolding(bytes, in: directory) == [])
        reopened.close()

        let files = try everyFile(in: directory)
        #expect(files.map(\.name).contains(KeyStore.fileName))
        #expect(try filesHolding(bytes, in: directory) == [])
        for key in live.prefix(10) { #expect(try filesHolding(key.bytes, in: directory) == []) }
        // The keys that were not destroyed are still there, so the scan would have seen the destroyed one.
        for key in live.suffix(70) { #expect(try filesHolding(key.bytes, in: directory) == [KeyStore.fileName]) }
    }

    @Test func withoutSecureDeleteTheBytesWouldLinger() throws {
        // The control for the test above: SQLite without secure_delete leaves deleted rows in the file.
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let path = directory + "/plain.sqlite"
        let secret = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let database = try Database(path: path)
        try database.execute("PRAGMA journal_mode=DELETE")
        try database.execute("PRAGMA secure_delete=OFF")
        try database.execute("CREATE TABLE k (subject TEXT PRIMARY KEY, key BLOB) WITHOUT ROWID")
        try database.execute("INSERT INTO k VALUES (?, ?)", ["case/x", DatabaseValue.blob(secret)])
        try database.execute("INSERT INTO k VALUES (?, ?)", ["case/y", DatabaseValue.blob([1, 2, 3])])
        try database.execute("DELETE FROM k WHERE subject = ?", ["case/x"])
        database.close()
        #expect(try filesHolding(secret, in: directory) == ["plain.sqlite"])
    }

    @Test func restoringABackupThenPurgingRemovesTheErasedKeyAgain() throws {
        let directory = makeTemporaryDirectory()
        let backups = makeTemporaryDirectory()
        let restored = makeTemporaryDirectory()
        defer { cleanUp(directory); cleanUp(backups); cleanUp(restored) }
        let store = try KeyStore(directory: directory)
        let erasedLater = try store.makeKey(subject: "case/ab12cd")
        let kept = try store.makeKey(subject: "case/keep01")
        try store.destroy(subject: "case/gone00")
        let backup = backups + "/keys-backup.sqlite"
        try store.backup(to: backup)
        #expect(try permissions(of: backup) == 0o600)
        #expect(throws: PrivacyError.self) { try store.backup(to: backup) }  // never overwrites

        // After the backup the person is erased; the erasure event is in the log.
        try store.destroy(subject: "case/ab12cd")
        store.close()

        // Disaster: the node's key store is restored from the backup, which still holds the key.
        try FileManager.default.copyItem(atPath: backup, toPath: restored + "/" + KeyStore.fileName)
        let restoredStore = try KeyStore(directory: restored)
        #expect(try restoredStore.key(subject: "case/ab12cd") == erasedLater)
        #expect(try restoredStore.isErased(subject: "case/gone00"))

        // Reconciled with the erasure events in the log, the person is gone again.
        let erasedInLog: Set<String> = ["case/ab12cd", "case/gone00"]
        #expect(try restoredStore.purge(erased: erasedInLog) == 1)
        #expect(try restoredStore.key(subject: "case/ab12cd") == nil)
        #expect(try restoredStore.key(subject: "case/keep01") == kept)
        #expect(throws: PrivacyError.erased("case/ab12cd")) { try restoredStore.makeKey(subject: "case/ab12cd") }
        restoredStore.close()
        #expect(try filesHolding(erasedLater.bytes, in: restored) == [])
        #expect(try filesHolding(kept.bytes, in: restored) == [KeyStore.fileName])
    }
}
