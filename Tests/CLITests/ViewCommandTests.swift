import EventModel
import Foundation
import Testing

extension ProcessTests {
    /// Importing the programme, recording, reading views, digests and rebuilds through the built binary.
    @Suite(.serialized) struct ViewCommandTests {
        func makeNode(_ name: String, municipality: String = "287") throws -> String {
            let data = makeTemporaryDirectory(name)
            let created = try CLIProcess.run([
                "init", "--data", data, "--node", "krs-server", "--municipality", municipality,
            ])
            #expect(created.status == 0, "\(created.stderr)")
            return data
        }

        @Test func importingTwiceWritesNothingTheSecondTime() throws {
            let data = try makeNode("import")
            defer { try? FileManager.default.removeItem(atPath: data) }
            let first = try CLIProcess.run(["programme", "import", "--data", data])
            #expect(first.status == 0, "\(first.stderr)")
            let written = try JSONParser.parse(first.stdout)
            #expect(written["programme"] == "2023-2025" && (written["written"]?.int64Value ?? 0) > 24)
            let second = try CLIProcess.run(["programme", "import", "--data", data])
            #expect(second.status == 0)
            #expect(try JSONParser.parse(second.stdout)["written"]?.int64Value == 0)
            let programme = try CLIProcess.run(["view", "programme", "--data", data])
            #expect(programme.status == 0 && programme.stdout.contains("Mål: Koordinering av integration"))
            let missing = try CLIProcess.run(["programme", "import", "--data", data, "/nonexistent/programme.json"])
            #expect(missing.status == 3 && missing.stderr.contains("cannot read"))
        }

        @Test func recordedFigureReadsBackAndACorrectionReplacesIt() throws {
            let data = try makeNode("figure")
            defer { try? FileManager.default.removeItem(atPath: data) }
            #expect(try CLIProcess.run(["programme", "import", "--data", data]).status == 0)
            let base = ["record", "figure", "--data", data, "--indicator", "befrienders", "--year", "2024"]
            let reported = try CLIProcess.run(base + ["--value", "12"])
            #expect(reported.status == 0, "\(reported.stderr)")
            let first = try JSONParser.parse(reported.stdout)
            #expect(first["type"] == "followup.reported" && first["stream"] == "figure/befrienders/287/2024")
            let corrected = try CLIProcess.run(base + ["--value", "13", "--note", "rättad"])
            let second = try JSONParser.parse(corrected.stdout)
            #expect(second["type"] == "followup.corrected")
            #expect(second["parents"]?.arrayValue == [try #require(first["hash"])])

            let json = try CLIProcess.run(["view", "followup", "--data", data, "--format", "json"])
            #expect(json.status == 0, "\(json.stderr)")
            let view = try JSONParser.parse(json.stdout)
            let figure = try #require(view["figures"]?["figure/befrienders/287/2024"])
            #expect(figure["conflict"] == false && figure["current"]?["value"] == 13)

            let table = try CLIProcess.run(
                [
                    "view", "followup", "--data", data, "--year", "2024", "--as-of", "2025-04-15", "--municipality",
                    "287",
                ])
            #expect(table.status == 0 && table.stdout.contains("Kristinestad") && table.stdout.contains("13"))
            #expect(table.stdout.contains("Uppföljning 2024") && table.stdout.contains("Inte rapporterat (försenad)"))
            let excel = try CLIProcess.run(
                ["view", "followup", "--data", data, "--year", "2024", "--excel", "--lang", "en"])
            #expect(excel.stdout.hasPrefix("\u{FEFF}Year;Indicator;Name;Code;Municipality;Value"))
            #expect(excel.stdout.contains("2024;befrienders;") && excel.stdout.contains(";287;Kristinestad;13;"))
            let csv = try CLIProcess.run(
                ["view", "followup", "--data", data, "--year", "2024", "--format", "csv", "--lang", "en"])
            #expect(csv.stdout.hasPrefix("Year,Indicator,Name,Code,Municipality,Value"))
            #expect(csv.stdout.contains("\r\n2024,befrienders,") && csv.stdout.contains(",287,Kristinestad,13,"))
        }

        @Test func figureForAnotherMunicipalityIsRefusedNamingTheField() throws {
            let data = try makeNode("refusal")
            defer { try? FileManager.default.removeItem(atPath: data) }
            let foreign = try CLIProcess.run([
                "record", "figure", "--data", data, "--indicator", "befrienders", "--year", "2024", "--value", "3",
                "--municipality", "545",
            ])
            #expect(foreign.status == 3 && foreign.stderr.contains("payload.municipality"))
            let derived = try CLIProcess.run([
                "record", "figure", "--data", data, "--indicator", "joint-meetings", "--year", "2024", "--value", "3",
            ])
            #expect(derived.status == 3 && derived.stderr.contains("payload.indicator"))
            let usage = try CLIProcess.run(["record", "figure", "--data", data, "--year", "2024"])
            #expect(usage.status == 2 && usage.stderr.contains("--indicator is required"))
            let unknown = try CLIProcess.run(["record", "weather", "--data", data])
            #expect(unknown.status == 2 && unknown.stderr.contains("cannot record 'weather'"))
            #expect(try CLIProcess.run(["log", "--data", data, "--json"]).lines.isEmpty)
        }

        @Test func digestEqualsTheDigestAfterRebuildAndTheCanonicalBytes() throws {
            let data = try makeNode("digest")
            defer { try? FileManager.default.removeItem(atPath: data) }
            #expect(try CLIProcess.run(["programme", "import", "--data", data]).status == 0)
            let meeting = ["--data", data, "--meeting", "2024-1"]
            #expect(
                try CLIProcess.run(
                    ["record", "meeting"] + meeting + ["--date", "2024-03-12", "--place", "Stadshuset"]
                ).status == 0)
            #expect(try CLIProcess.run(["record", "minutes"] + meeting + ["--text", "Protokoll"]).status == 0)
            #expect(try CLIProcess.run(["record", "held"] + meeting + ["--date", "2024-03-12"]).status == 0)
            var digests: [String: String] = [:]
            for view in ["programme", "followup", "meetings"] {
                let digest = try CLIProcess.run(["digest", view, "--data", data])
                #expect(digest.status == 0 && digest.stdout.count == 65, "\(digest.stderr)")
                digests[view] = digest.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let json = try CLIProcess.run(["view", "meetings", "--data", data, "--format", "json"])
            #expect(EventHash.sha256(Array(json.stdout.dropLast().utf8)).hex == digests["meetings"])

            let rebuild = try CLIProcess.run(["rebuild", "--data", data])
            #expect(rebuild.status == 0, "\(rebuild.stderr)")
            let report = try JSONParser.parse(rebuild.stdout)
            for (view, digest) in digests { #expect(report["digests"]?[view]?.stringValue == digest) }
            #expect(try CLIProcess.run(["digest", "meetings", "--data", data]).stdout.hasPrefix(digests["meetings"]!))
            let table = try CLIProcess.run(["view", "meetings", "--data", data, "--lang", "en"])
            #expect(table.stdout.contains("Held 2024-03-12") && table.stdout.contains("Minutes: Protokoll"))
        }
    }
}
