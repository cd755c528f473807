import Foundation
import Testing

extension ProcessTests {
    /// `samverkan report` on a node: the yearly follow-up as Markdown and HTML, in the asked language.
    @Suite(.serialized) struct ReportTests {
        @Test func reportListsFiguresMeetingsDecisionsAndWhatIsBehind() throws {
            let data = makeTemporaryDirectory("report")
            defer { try? FileManager.default.removeItem(atPath: data) }
            #expect(
                try CLIProcess.run(["init", "--data", data, "--node", "krs-server", "--municipality", "287"]).status
                    == 0)
            #expect(try CLIProcess.run(["programme", "import", "--data", data]).status == 0)
            let record: [[String]] = [
                ["target", "--indicator", "befrienders", "--year", "2025", "--min", "12"],
                ["figure", "--indicator", "befrienders", "--year", "2025", "--value", "8"],
                ["meeting", "--meeting", "2025-1", "--date", "2025-03-12", "--place", "Stadshuset"],
                ["decision", "--meeting", "2025-1", "--item", "d1", "--text", "Guiden <b>uppdateras</b> | snart"],
                [
                    "action-item", "--meeting", "2025-1", "--item", "a1", "--text", "Översätta guiden", "--owner",
                    "545",
                    "--due", "2025-06-30",
                ],
                ["held", "--meeting", "2025-1", "--date", "2025-03-12"],
            ]
            for words in record {
                let result = try CLIProcess.run(["record"] + words.prefix(1) + ["--data", data] + words.dropFirst())
                #expect(result.status == 0, "\(words): \(result.stderr)")
            }
            let markdown = try CLIProcess.run(["report", "--data", data, "--year", "2025", "--as-of", "2026-04-15"])
            #expect(markdown.status == 0, "\(markdown.stderr)")
            let text = markdown.stdout
            #expect(text.hasPrefix("# Årsuppföljning 2025\n"))
            #expect(text.contains("## 1. ") && text.contains("| Kristinestad | 8 | ≥ 12 | Under målet |"))
            #expect(
                text.contains("## Gemensamma möten 2025") && text.contains("### 2025-1 · 2025-03-12 · Kristinestad"))
            #expect(text.contains("- Guiden &lt;b&gt;uppdateras&lt;/b&gt; \\| snart"))
            #expect(text.contains("## Det som släpar efter"))
            #expect(text.contains("- Närpes · Uppdrag 2025-1/a1: Översätta guiden · Senast 2025-06-30"))
            #expect(text.contains("Kaskö · Antal vänpersoner per år: Inte rapporterat (försenad)"))

            let html = try CLIProcess.run([
                "report", "--data", data, "--year", "2025", "--format", "html", "--lang", "en", "--as-of", "2026-04-15",
            ])
            #expect(html.status == 0 && html.stdout.hasPrefix("<!doctype html>"))
            #expect(html.stdout.contains("<h1>Yearly follow-up 2025</h1>") && html.stdout.contains("What is behind"))
            #expect(
                html.stdout.contains("Guiden &lt;b&gt;uppdateras&lt;/b&gt;") && !html.stdout.contains("<b>uppdateras"))

            let output = data + "/report.md"
            #expect(try CLIProcess.run(["report", "--data", data, "--year", "2025", "--output", output]).status == 0)
            #expect(FileManager.default.fileExists(atPath: output))
            let bad = try CLIProcess.run(["report", "--data", data, "--year", "2025", "--format", "pdf"])
            #expect(bad.status == 2 && bad.stderr.contains("--format must be md or html"))
            let missing = try CLIProcess.run(["report", "--data", data])
            #expect(missing.status == 2 && missing.stderr.contains("--year is required"))
        }
    }
}
