import EventModel
import Foundation
import ProcessSupport
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension ProcessTests {
    /// Backup, restore and new incarnations, with real processes.
    @Suite(.serialized) struct OperationsTests {
        @Test func aBackupTakenDuringAppendsRestoresToAVerifiedPrefix() throws {
            let node = try NodeProcess(name: "kas-server", municipality: 231)
            let backup = makeTemporaryDirectory("backup") + ".sqlite"
            let restored = makeTemporaryDirectory("restored")
            defer {
                node.destroy()
                for path in [backup, restored] { try? FileManager.default.removeItem(atPath: path) }
            }
            let data = node.data
            let appending = Thread {
                _ = try? CLIProcess.run([
                    "append", "--data", data, "--channel", "region", "--stream", "meeting/busy", "--type",
                    "meeting.scheduled", "--payload", #"{"meeting":"busy","date":"2025-03-12","host":231,"place":"Kaskö"}"#,
                    "--repeat", "1000",
                ])
            }
            appending.start()
            #expect(eventually(timeout: 30) { ((try? node.eventCount()) ?? 0) >= 100 })
            let taken = try CLIProcess.run(["backup", "--data", node.data, "--to", backup])
            #expect(taken.status == 0, "\(taken.stderr)")
            #expect(eventually(timeout: 60) { ((try? node.eventCount()) ?? 0) == 1_000 })

            let restore = try CLIProcess.run(["restore", "--from", backup, "--data", restored])
            #expect(restore.status == 0, "\(restore.stderr)")
            let answer = try JSONParser.parse(restore.stdout)
            #expect(answer["previousOrigin"]?.stringValue == "kas-server.1" && answer["origin"]?.stringValue == "kas-server.2")
            #expect(try CLIProcess.run(["verify", "--data", restored]).status == 0)
            // A prefix of the chain: the same events, in the same places, as the live node holds.
            let live = try CLIProcess.run(["log", "--data", node.data, "--json"]).lines.map { try Event(wireJSON: Array($0.utf8)) }
            let copy = try CLIProcess.run(["log", "--data", restored, "--json"]).lines.map { try Event(wireJSON: Array($0.utf8)) }
            #expect(copy.count >= 100 && copy.count <= 1_000)
            #expect(copy == Array(live.prefix(copy.count)))
            // In a secured region the restored node gets a new key to enrol for its new origin.
            let region = try SecurityRegion(codes: [231])
            defer { region.destroy() }
            let securedCopy = makeTemporaryDirectory("restored-secured")
            defer { try? FileManager.default.removeItem(atPath: securedCopy) }
            let secured = try CLIProcess.run(["restore", "--from", backup, "--data", securedCopy, "--genesis", region.genesisPath])
            #expect(secured.status == 0, "\(secured.stderr)")
            let securedAnswer = try JSONParser.parse(secured.stdout)
            #expect(securedAnswer["publicKey"]?.stringValue?.count == 64 && securedAnswer["origin"]?.stringValue == "kas-server.2")
            #expect(FileManager.default.fileExists(atPath: securedCopy + "/node.key"))
            let again = try CLIProcess.run(["restore", "--from", backup, "--data", restored])
            #expect(again.status == 4 && again.stderr.contains("already holds a node"))
            #expect(try CLIProcess.run(["backup", "--data", node.data, "--to", backup]).status == 3)
        }

        @Test func aRestoredNodeWritesAsANewIncarnationAndNoForkAppears() throws {
            let a = try NodeProcess(name: "krs-server", municipality: 287)
            let b = try NodeProcess(name: "nrp-server", municipality: 545)
            let backup = makeTemporaryDirectory("older") + ".sqlite"
            let naive = makeTemporaryDirectory("naive-copy")
            let restored = makeTemporaryDirectory("restored")
            defer {
                [a, b].forEach { $0.destroy() }
                for path in [backup, naive, restored] { try? FileManager.default.removeItem(atPath: path) }
            }
            try b.start()
            try a.start(peers: [b.url])
            try a.append(count: 10, meeting: "before-backup")
            #expect(try CLIProcess.run(["backup", "--data", a.data, "--to", backup]).status == 0)
            try a.append(count: 5, meeting: "after-backup")
            #expect(try eventually { try b.eventCount() == 15 })
            a.stop()  // the machine dies

            // Without a new incarnation, the copy reuses seq 11 for something else: a fork at b.
            try FileManager.default.createDirectory(atPath: naive, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: backup, toPath: naive + "/log.sqlite")
            let reused = try CLIProcess.run([
                "append", "--data", naive, "--channel", "region", "--stream", "meeting/naive", "--type",
                "meeting.scheduled", "--payload", #"{"meeting":"naive","date":"2025-03-12","host":287,"place":"X"}"#,
            ])
            #expect(try JSONParser.parse(reused.stdout)["seq"]?.int64Value == 11)
            let forked = try CLIProcess.run(["sync", "--data", naive, "--peer", b.url])
            #expect(forked.status == 1 && forked.stdout.contains("fork: "), "\(forked.stdout)")

            // Restored properly, the node writes as krs-server.2 and nothing forks.
            let fresh = try NodeProcess(name: "kas-server", municipality: 231)
            defer { fresh.destroy() }
            let c = fresh
            try c.start()
            #expect(try CLIProcess.run(["restore", "--from", backup, "--data", restored]).status == 0)
            let appended = try CLIProcess.run([
                "append", "--data", restored, "--channel", "region", "--stream", "meeting/after-restore", "--type",
                "meeting.scheduled", "--payload", #"{"meeting":"after-restore","date":"2025-03-12","host":287,"place":"X"}"#,
            ])
            #expect(try JSONParser.parse(appended.stdout)["origin"]?.stringValue == "krs-server.2")
            let caughtUp = try CLIProcess.run(["sync", "--data", restored, "--peer", c.url])
            #expect(caughtUp.status == 0, "\(caughtUp.stdout) \(caughtUp.stderr)")
            #expect(try c.eventCount() == 11)
            #expect((try c.get("/v1/status"))["forks"]?.arrayValue?.isEmpty == true)
            #expect(try CLIProcess.run(["verify", "--data", restored]).status == 0)
        }
    }
}

extension ProcessTests.OperationsTests {
    @Test func aBootstrapKilledHalfWayResumesAndCompletes() throws {
        let source = try NodeProcess(name: "nrp-server", municipality: 545)
        let target = makeTemporaryDirectory("bootstrap")
        defer {
            source.destroy()
            try? FileManager.default.removeItem(atPath: target)
        }
        // Enough history that the kill lands half way: with 6,000 events a faster ingest sometimes finished the
        // bootstrap before the test saw its first events and killed it.
        let history = 30_000
        try source.append(count: history, meeting: "history")
        try source.start()
        let command = ["init", "--data", target, "--node", "nrp-laptop", "--municipality", "545", "--from-peer", source.url]
        let process = Process()
        process.executableURL = CLIProcess.executable
        process.arguments = command
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let started = eventually(timeout: 30) {
            let vector = try? CLIProcess.run(["vector", "--data", target])
            return vector.map { $0.status == 0 && $0.stdout.contains("nrp-server.1") } ?? false
        }
        kill(process.processIdentifier, SIGKILL)
        ChildExit.wait(for: process)
        #expect(started)
        let partial = try VersionVector(json: JSONParser.parse(try CLIProcess.run(["vector", "--data", target]).stdout))
        let resumed = try CLIProcess.run(command, timeout: 120)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try JSONParser.parse(resumed.stdout)["caughtUp"]?.boolValue == true)
        let full = try VersionVector(json: JSONParser.parse(try CLIProcess.run(["vector", "--data", target]).stdout))
        #expect(full == (try source.regionalVector()))
        #expect(partial.heads.values.first.map { $0.seq < history } ?? true, "the kill should come half way")
        #expect(try CLIProcess.run(["verify", "--data", target]).status == 0)
        // Once complete, the directory is an ordinary node: the command no longer applies to it.
        #expect(try CLIProcess.run(command).status == 4)
    }
}
