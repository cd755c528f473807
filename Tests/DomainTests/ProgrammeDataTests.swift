import Domain
import EventModel
import Foundation
import Testing

@Suite struct ProgrammeDataTests {
    /// The seed's tables: each area heading and its rows of five tab-separated cells.
    static func seedTables() throws -> [(title: String, rows: [[String]])] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let seed = root.deletingLastPathComponent().appendingPathComponent(
            "shared/seed/integrationsprogram-2023-2025.txt")
        let lines = try String(contentsOf: seed, encoding: .utf8).components(separatedBy: "\n")
        var tables: [(String, [[String]])] = []
        for (index, line) in lines.enumerated() where line.hasPrefix("Mål\tÅtgärd\t") {
            #expect(line == "Mål\tÅtgärd\tAnsvarsinstans\tSamarbetspartner\tUppföljning")
            let title = lines[..<index].last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
            var rows: [[String]] = []
            var next = index + 1
            while next < lines.count, lines[next].contains("\t") {
                rows.append(lines[next].components(separatedBy: "\t"))
                next += 1
            }
            tables.append((title, rows))
        }
        return tables
    }

    @Test func dataFileMatchesTheSeedVerbatim() throws {
        let tables = try Self.seedTables()
        let data = ProgrammeData.shipped
        #expect(tables.count == 6)
        #expect(data.areas.count == tables.count)
        #expect(tables.map(\.rows.count).reduce(0, +) == 24)
        #expect(data.rows.count == 24)
        for (area, table) in zip(data.areas, tables) {
            #expect(area.title == table.title)
            #expect(area.measures.count == table.rows.count, "\(area.title)")
            for (measure, cells) in zip(area.measures, table.rows) {
                #expect(cells.count == 5)
                #expect(
                    [measure.goal, measure.action, measure.responsible, measure.partners, measure.followUp] == cells)
            }
        }
        // The seed has empty cells; they must stay empty, not be dropped or shifted.
        #expect(data.rows.filter { $0.measure.partners.isEmpty }.count == 4)
    }

    @Test func everyMeasureHasIndicatorsAndEveryIndicatorIsUsed() {
        let data = ProgrammeData.shipped
        let defined = Set(data.indicators.map(\.id))
        let used = Set(data.rows.flatMap(\.measure.indicators))
        #expect(data.rows.allSatisfy { !$0.measure.indicators.isEmpty })
        #expect(used == defined)
        #expect(Set(data.indicators.map(\.kind)) == Set(IndicatorKind.allCases))
        #expect(data.derivedIndicatorIDs == ["joint-meetings", "joint-events", "integration-plans"])
    }

    @Test func importIsDeterministicAndIdempotent() throws {
        let author = Author("import")!
        let first = try ProgrammeImport.events(programme: ProgrammeData.shipped, author: author)
        let second = try ProgrammeImport.events(programme: ProgrammeData.shipped, author: author)
        #expect(first == second)
        // 1 header + 6 areas + 25 indicators + 2 programme targets + 24 measures.
        #expect(first.count == 1 + 6 + 25 + 2 + 24)
        #expect(Set(first.map(\.stream)).count == first.count)
        #expect(first.contains { $0.stream.rawValue == "measure/2023-2025/a1/m3" })

        var node = TestNode("nrp-server", 545)
        let stored = first.map { node.write($0) }
        let present = Set(stored.map(ProgrammeImport.Key.init))
        #expect(ProgrammeImport.missing(second, present: present).isEmpty)
        let partly = Set(stored.prefix(10).map(ProgrammeImport.Key.init))
        #expect(ProgrammeImport.missing(second, present: partly) == Array(second.dropFirst(10)))
        #expect(ProgrammeImport.missing(second, present: []) == second)
    }

    @Test func importedProgrammeFoldsToTheSeedTexts() throws {
        var node = TestNode("nrp-server", 545)
        var view = ProgrammeView()
        for event in try programmeEvents(node: &node) { view.apply(event) }
        #expect(view.skippedCount == 0)
        let measures = view.measures(of: "2023-2025")
        let rows = try Self.seedTables().flatMap(\.rows)
        #expect(measures.count == 24)
        for (measure, cells) in zip(measures, rows) {
            #expect([measure.goal, measure.action, measure.responsible, measure.partners, measure.followUp] == cells)
        }
        #expect(view.areas(of: "2023-2025").map(\.title) == (try Self.seedTables()).map(\.title))
        #expect(view.programmes.first?.members.count == 5)
        #expect(view.indicators(of: "2023-2025").count == 25)
    }
}
