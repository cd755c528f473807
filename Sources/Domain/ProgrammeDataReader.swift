import EventModel

/// Reads the JSON form of a programme, naming the path of the first thing that is wrong.
struct ProgrammeDataReader {
    let root: JSONValue

    mutating func read() throws(ProgrammeDataError) -> ProgrammeData {
        let programme = try text(root, "programme", "")
        let period = try member(root, "period", "")
        var members: [MunicipalityCode] = []
        for (index, value) in (root["members"]?.arrayValue ?? []).enumerated() {
            guard let code = value.int64Value.flatMap({ MunicipalityCode(Int($0)) }) else {
                throw ProgrammeDataError(field: "members[\(index)]", reason: "is not a member municipality code")
            }
            members.append(code)
        }
        var indicators: [IndicatorDefinition] = []
        for (index, value) in (root["indicators"]?.arrayValue ?? []).enumerated() {
            let withProgramme = value.setting("programme", .string(programme)).setting("indicator", value["id"])
                .setting("id", nil)
            guard let definition = IndicatorDefinition(payload: withProgramme), DomainStream.isIdentifier(definition.id)
            else { throw ProgrammeDataError(field: "indicators[\(index)]", reason: "is not a valid indicator") }
            indicators.append(definition)
        }
        var targets: [ProgrammeData.ProgrammeTarget] = []
        for (index, value) in (root["programmeTargets"]?.arrayValue ?? []).enumerated() {
            guard let indicator = value.text("indicator"), let target = IndicatorTarget(payload: value) else {
                throw ProgrammeDataError(
                    field: "programmeTargets[\(index)]", reason: "needs an indicator and min or max")
            }
            targets.append(.init(indicator: indicator, target: target))
        }
        var areas: [ProgrammeData.Area] = []
        for (areaIndex, area) in (root["areas"]?.arrayValue ?? []).enumerated() {
            let path = "areas[\(areaIndex)]"
            var measures: [ProgrammeData.Measure] = []
            for (index, row) in (area["measures"]?.arrayValue ?? []).enumerated() {
                let rowPath = "\(path).measures[\(index)]"
                measures.append(
                    ProgrammeData.Measure(
                        id: try identifier(row, "id", rowPath), goal: try text(row, "goal", rowPath, allowsEmpty: true),
                        action: try text(row, "action", rowPath, allowsEmpty: true),
                        responsible: try text(row, "responsible", rowPath, allowsEmpty: true),
                        partners: try text(row, "partners", rowPath, allowsEmpty: true),
                        followUp: try text(row, "followUp", rowPath, allowsEmpty: true),
                        indicators: (row["indicators"]?.arrayValue ?? []).compactMap(\.stringValue)))
            }
            areas.append(
                ProgrammeData.Area(
                    id: try identifier(area, "id", path), title: try text(area, "title", path), measures: measures))
        }
        guard DomainStream.isIdentifier(programme) else {
            throw ProgrammeDataError(field: "programme", reason: "must be 1–40 of A–Z a–z 0–9 . _ -")
        }
        guard let fromYear = period.int("from"), let toYear = period.int("to"), fromYear <= toYear else {
            throw ProgrammeDataError(field: "period", reason: "needs years from ≤ to")
        }
        return ProgrammeData(
            programme: programme, title: try text(root, "title", ""), fromYear: fromYear, toYear: toYear,
            members: members, reviewIntervalYears: root.int("reviewIntervalYears") ?? 4, indicators: indicators,
            programmeTargets: targets, areas: areas)
    }

    private func member(_ object: JSONValue, _ key: String, _ path: String) throws(ProgrammeDataError) -> JSONValue {
        guard let value = object[key] else { throw ProgrammeDataError(field: join(path, key), reason: "is missing") }
        return value
    }

    private func text(
        _ object: JSONValue, _ key: String, _ path: String, allowsEmpty: Bool = false
    ) throws(ProgrammeDataError) -> String {
        guard let value = object.text(key), allowsEmpty || !value.isEmpty else {
            throw ProgrammeDataError(field: join(path, key), reason: "must be a string")
        }
        return value
    }

    private func identifier(_ object: JSONValue, _ key: String, _ path: String) throws(ProgrammeDataError) -> String {
        let value = try text(object, key, path)
        guard DomainStream.isIdentifier(value) else {
            throw ProgrammeDataError(field: join(path, key), reason: "must be 1–40 of A–Z a–z 0–9 . _ -")
        }
        return value
    }

    private func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
