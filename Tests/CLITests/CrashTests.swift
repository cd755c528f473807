import EventModel
import Foundation
import ProcessSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension ProcessTests {
    /// A `samverkan append` loop killed with SIGKILL at random moments never loses an acknowledged event.
    @Suite(.serialized) struct CrashTests {
        @Test func killedAppendLoopsLoseNoAcknowledgedEvent() throws {
            let data = makeTemporaryDirectory("crash")
            defer { try? FileManager.default.removeItem(atPath: data) }
            #expect(try CLIProcess.run(["init", "--data", data, "--node", "nrp-server", "--municipality", "545"]).status == 0)
            var random = SystemRandomNumberGenerator()
            var acknowledged: [Int64: String] = [:]
            let rounds = 24
            for round in 0..<rounds {
                let process = Process()
                process.executableURL = CLIProcess.executable
                process.arguments = [
                    "append", "--data", data, "--channel", "region", "--stream", "meeting/crash-\(round)",
                    "--type", "meeting.scheduled",
                    "--payload", #"{"meeting":"crash-\#(round)","date":"2025-09-01","host":545,"place":"Närpes"}"#,
                    "--repeat", "1000000",
                ]
                let out = Pipe()
                let err = Pipe()
                process.standardOutput = out
                process.standardError = err
                let collector = Collector(out: out, err: err)
                try process.run()
                // Random moments: sometimes during start-up and opening, mostly in the middle of appends.
                usleep(UInt32.random(in: 20_000...400_000, using: &random))
                kill(process.processIdentifier, SIGKILL)
                let status = ChildExit.wait(for: process)
                let (stdout, _) = collector.finish()
                #expect(status == SIGKILL)
                for line in stdout.split(separator: "\n") {
                    // A torn last line was never fully acknowledged; skip it.
                    guard let ack = try? JSONParser.parse(String(line)), let seq = ack["seq"]?.int64Value,
                        let hash = ack["hash"]?.stringValue
                    else { continue }
                    #expect(acknowledged[seq] == nil || acknowledged[seq] == hash, "seq \(seq) acknowledged twice")
                    acknowledged[seq] = hash
                }
                let verify = try CLIProcess.run(["verify", "--data", data])
                #expect(verify.status == 0, "round \(round): \(verify.stdout) \(verify.stderr)")
            }
            let log = try CLIProcess.run(["log", "--data", data, "--json"])
            var stored: [Int64: String] = [:]
            for line in log.lines {
                let event = try Event(wireJSON: Array(line.utf8))
                stored[event.seq] = event.hash.hex
            }
            #expect(acknowledged.count > rounds, "the loop should have acknowledged events in most rounds")
            for (seq, hash) in acknowledged { #expect(stored[seq] == hash, "acknowledged seq \(seq) is missing or different") }
            #expect(Set(stored.keys) == Set(1...Int64(stored.count)))
        }
    }
}
