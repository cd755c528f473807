import Domain
import EventModel
import Testing
import Web

/// The CSV dialects and the yearly report, against golden files.
@Suite struct WebExportTests {
    let query = WebQuery(language: .sv, asOf: WebFixture.asOf)

    @Test func meetingsCSVInBothDialectsMatchesTheGoldenFiles() throws {
        let snapshot = try WebFixture.snapshot()
        let table = WebExport.meetings(snapshot.meetings, query)
        let rfc = table.encoded(.rfc4180)
        #expect(rfc.contains("\"Närvaro: alla; \"\"bra\"\" möte, <script>alert('x')</script>\nRad två\""))
        try Golden.check(rfc, "meetings-rfc4180.csv")
        let excel = table.encoded(.excel)
        #expect(excel.hasPrefix("\u{FEFF}Möte;Datum;"))
        try Golden.check(excel, "meetings-excel.csv")
    }

    @Test func followUpCSVWritesDecimalsPerDialect() throws {
        let snapshot = try WebFixture.snapshot()
        let table = WebExport.followUp(snapshot.followUp, year: 2025, query)
        try Golden.check(table.encoded(.rfc4180), "followup-2025-rfc4180.csv")
        try Golden.check(table.encoded(.excel), "followup-2025-excel.csv")
        #expect(table.encoded(.rfc4180).contains(",3.5,") && table.encoded(.excel).contains(";3,5;"))
    }

    @Test func quotingFollowsEachDialect() {
        let table = CSVTable(
            header: ["a", "b"], rows: [["x,y", "p;q"], ["=SUM(A1)", .number(2.25)], ["two\nlines", "\"q\""]])
        #expect(table.encoded(.rfc4180) == "a,b\r\n\"x,y\",p;q\r\n=SUM(A1),2.25\r\n\"two\nlines\",\"\"\"q\"\"\"\r\n")
        #expect(
            table.encoded(.excel) == "\u{FEFF}a;b\r\nx,y;\"p;q\"\r\n'=SUM(A1);2,25\r\n\"two\nlines\";\"\"\"q\"\"\"\r\n")
    }

    @Test func markdownReportMatchesTheGoldenFile() throws {
        let snapshot = try WebFixture.snapshot()
        let document = FollowUpReport.document(
            snapshot, year: 2025, WebQuery(language: .sv, asOf: WebFixture.asOf, year: 2025))
        let markdown = document.markdown
        #expect(markdown.contains("# Årsuppföljning 2025"))
        #expect(markdown.contains("Kristinestad · Antal vänpersoner per år: 8 · Målnivå ≥ 12"))
        #expect(markdown.contains("Närpes · Åtgärdspunkt") == false)
        #expect(!markdown.contains("<script>"))
        try Golden.check(markdown, "report-2025-sv.md")
        let html = document.html
        #expect(html.contains("<h1>Årsuppföljning 2025</h1>") && !html.contains("<script>"))
        let english = FollowUpReport.document(snapshot, year: 2025, WebQuery(language: .en, asOf: WebFixture.asOf))
        #expect(english.markdown.contains("# Yearly follow-up 2025") && english.markdown.contains("What is behind"))
    }
}
