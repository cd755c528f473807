import EventModel
import Foundation
import ProcessSupport
import Synchronization
import Testing

extension ProcessTests {
    /// The CLI end to end, through the built binary.
    @Suite(.serialized) struct CLITests {
        let meeting = #"{"meeting":"2025-1","date":"2025-03-12","host":287,"place":"Kristinestads stadshus"}"#

        @Test func initAppendLogVectorVerifyWalkThrough() throws {
            let data = makeTemporaryDirectory("walk")
            defer { try? FileManager.default.removeItem(atPath: data) }
            let created = try CLIProcess.run(["init", "--data", data, "--node", "krs-server", "--municipality", "287"])
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains(#""origin":"krs-server.1""#))

            let first = try CLIProcess.run([
                "append", "--data", data, "--channel", "region", "--stream", "meeting/2025-1", "--type", "meeting.scheduled",
                "--payload", meeting,
            ])
            #expect(first.status == 0, "\(first.stderr)")
            let ack = try JSONParser.parse(first.stdout)
            #expect(ack["seq"]?.int64Value == 1 && ack["origin"]?.stringValue == "krs-server.1")
            let firstHash = try #require(ack["hash"]?.stringValue)

            let second = try CLIProcess.run(
                ["append", "--data", data, "--channel", "region", "--stream", "meeting/2025-1", "--type", "meeting.scheduled",
                 "--parent", firstHash],
                stdin: #"{"meeting":"2025-1","date":"2025-03-19","host":287,"place":"Kristinestads stadshus"}"#)
            #expect(second.status == 0, "\(second.stderr)")
            #expect(try JSONParser.parse(second.stdout)["seq"]?.int64Value == 2)

            let log = try CLIProcess.run(["log", "--data", data, "--json"])
            #expect(log.status == 0)
            let events = try log.lines.map { try Event(wireJSON: Array($0.utf8)) }
            #expect(events.count == 2 && events.allSatisfy { $0.hasValidHash })
            #expect(events[1].parents.map(\.hex) == [firstHash] && events[1].author.rawValue == "test.operator")
            let text = try CLIProcess.run(["log", "--data", data, "--type", "meeting.scheduled", "--limit", "1"])
            #expect(text.lines.count == 1 && text.stdout.contains("krs-server.1#1"))

            let vector = try CLIProcess.run(["vector", "--data", data])
            let parsed = try VersionVector(json: JSONParser.parse(vector.stdout))
            #expect(parsed[ChainKey(channel: .region, origin: Origin("krs-server.1")!)].seq == 2)

            let verify = try CLIProcess.run(["verify", "--data", data])
            #expect(verify.status == 0 && verify.stdout.contains("sound: 2 events"))
        }

        @Test func refusalsHaveClearMessagesAndExitCodes() throws {
            let data = makeTemporaryDirectory("refusals")
            defer { try? FileManager.default.removeItem(atPath: data) }
            let badCode = try CLIProcess.run(["init", "--data", data, "--node", "krs-server", "--municipality", "999"])
            #expect(badCode.status == 3 && badCode.stderr.contains("not a member municipality"))
            let badNode = try CLIProcess.run(["init", "--data", data, "--node", "KRS Server", "--municipality", "287"])
            #expect(badNode.status == 3 && badNode.stderr.contains("node id"))
            let missing = try CLIProcess.run(["init", "--data", data, "--node", "krs-server"])
            #expect(missing.status == 2 && missing.stderr.contains("--municipality is required"))
            let notANode = try CLIProcess.run(["log", "--data", data])
            #expect(notANode.status == 4 && notANode.stderr.contains("samverkan init"))

            #expect(try CLIProcess.run(["init", "--data", data, "--node", "krs-server", "--municipality", "287"]).status == 0)
            let again = try CLIProcess.run(["init", "--data", data, "--node", "krs-server", "--municipality", "287"])
            #expect(again.status == 4 && again.stderr.contains("already holds node krs-server"))

            let base = ["append", "--data", data, "--channel", "region", "--stream", "meeting/2025-1", "--type", "meeting.scheduled"]
            let notObject = try CLIProcess.run(base + ["--payload", "[1,2]"])
            #expect(notObject.status == 3 && notObject.stderr.contains("field 'payload'"))
            let badField = try CLIProcess.run(base + ["--payload", #"{"meeting":"2025-1","date":"2025-02-30","host":287,"place":"x"}"#])
            #expect(badField.status == 3 && badField.stderr.contains("payload.date"))
            let noStream = try CLIProcess.run(["append", "--data", data, "--channel", "region", "--type", "meeting.scheduled", "--payload", meeting])
            #expect(noStream.status == 3 && noStream.stderr.contains("field 'stream': is missing"))
            let badParent = try CLIProcess.run(base + ["--payload", meeting, "--parent", "xyz"])
            #expect(badParent.status == 3 && badParent.stderr.contains("parents[0]"))
            let unknown = try CLIProcess.run(base + ["--payload", meeting, "--colour", "red"])
            #expect(unknown.status == 2 && unknown.stderr.contains("unknown option --colour"))
            #expect(try CLIProcess.run(base + ["--payload", meeting, "--expected-version", "0"]).status == 0)
            let stale = try CLIProcess.run(base + ["--payload", meeting, "--expected-version", "0"])
            #expect(stale.status == 5 && stale.stderr.contains("is at version 1, not 0"))
            #expect(try CLIProcess.run(["log", "--data", data, "--json"]).lines.count == 1)
        }

        @Test func severalProcessesAppendingAtOnceKeepOneGaplessChain() throws {
            let data = makeTemporaryDirectory("concurrent")
            defer { try? FileManager.default.removeItem(atPath: data) }
            #expect(try CLIProcess.run(["init", "--data", data, "--node", "kor-server", "--municipality", "280"]).status == 0)
            let results = Mutex<[CLIProcess.Result]>([])
            DispatchQueue.concurrentPerform(iterations: 4) { worker in
                let result = try? CLIProcess.run([
                    "append", "--data", data, "--channel", "region", "--stream", "meeting/w\(worker)", "--type",
                    "meeting.scheduled", "--payload",
                    #"{"meeting":"w\#(worker)","date":"2025-10-01","host":280,"place":"Korsnäs"}"#, "--repeat", "40",
                ])
                if let result { results.withLock { $0.append(result) } }
            }
            let finished = results.withLock { $0 }
            #expect(finished.count == 4 && finished.allSatisfy { $0.status == 0 })
            let seqs = try finished.flatMap(\.lines).map { try #require(try JSONParser.parse($0)["seq"]?.int64Value) }
            #expect(seqs.sorted() == Array(1...160))
            let verify = try CLIProcess.run(["verify", "--data", data])
            #expect(verify.status == 0 && verify.stdout.contains("sound: 160 events"))
        }

        @Test func everyCommandHasHelp() throws {
            for command in ["init", "append", "log", "vector", "verify"] {
                let help = try CLIProcess.run([command, "--help"])
                #expect(help.status == 0 && help.stdout.contains("Usage: samverkan \(command)"))
            }
            let overview = try CLIProcess.run(["--help"])
            #expect(overview.status == 0 && overview.stdout.contains("Commands:"))
            #expect(try CLIProcess.run(["frobnicate"]).status == 2)
        }

        @Test func verifyFailsOnATamperedLog() throws {
            let data = makeTemporaryDirectory("tamper")
            defer { try? FileManager.default.removeItem(atPath: data) }
            #expect(try CLIProcess.run(["init", "--data", data, "--node", "mlx-server", "--municipality", "475"]).status == 0)
            let appended = try CLIProcess.run([
                "append", "--data", data, "--channel", "region", "--stream", "meeting/2025-2", "--type", "meeting.scheduled",
                "--payload", #"{"meeting":"2025-2","date":"2025-06-01","host":475,"place":"Malax kommungård"}"#, "--repeat", "3",
            ])
            #expect(appended.lines.count == 3)
            // Flip one byte of the stored payload behind the log's back, as a disk fault or an intruder would.
            let sqlite = Process()
            sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            sqlite.arguments = ["python3", "-c", """
                import sqlite3, sys
                db = sqlite3.connect(sys.argv[1])
                db.execute("UPDATE events SET payload = replace(payload, 'Malax', 'Malaz') WHERE seq = 2")
                db.commit()
                """, data + "/log.sqlite"]
            try sqlite.run()
            try #require(ChildExit.wait(for: sqlite) == 0)
            let verify = try CLIProcess.run(["verify", "--data", data])
            #expect(verify.status == 1)
            #expect(verify.stdout.contains("mlx-server.1#2") && verify.stdout.contains("hash"))
        }
    }
}
