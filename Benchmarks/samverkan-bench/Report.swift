import EventModel

/// Measurement is one line of the results: the engine's rate, the baseline's, their ratio and the goal.
struct Measurement {
    /// Scenario name, e.g. `append-batched`.
    var name: String
    /// What is counted, e.g. `events/s`.
    var unit: String
    /// The engine's rate.
    var engine: Double
    /// The baseline's rate, or nil when the goal is absolute.
    var baseline: Double?
    /// What the baseline is.
    var baselineName: String
    /// The goal, e.g. `≥ 0.7×`.
    var goal: String
    /// Whether the goal holds.
    var met: Bool
    /// Further figures (RSS, latencies).
    var extra: [(String, Double)] = []

    var ratio: Double? { baseline.map { $0 > 0 ? engine / $0 : 0 } }

    /// A goal of a minimum ratio to the baseline.
    static func ratio(
        _ name: String, unit: String, engine: Double, baseline: Double, baselineName: String, atLeast minimum: Double
    ) -> Measurement {
        let ratio = baseline > 0 ? engine / baseline : 0
        return Measurement(
            name: name, unit: unit, engine: engine, baseline: baseline, baselineName: baselineName,
            goal: "≥ \(format(minimum))×", met: ratio >= minimum)
    }
}

enum Report {
    static func printTable(_ results: [Measurement]) {
        let header = ["scenario", "engine", "baseline", "ratio", "goal", "met", "baseline is"]
        var rows = [header]
        for result in results {
            rows.append([
                result.name, "\(format(result.engine)) \(result.unit)", result.baseline.map { format($0) } ?? "–",
                result.ratio.map { "\(format($0))×" } ?? "–", result.goal, result.met ? "yes" : "NO", result.baselineName,
            ])
            for (key, value) in result.extra { rows.append(["  \(key)", format(value), "", "", "", "", ""]) }
        }
        var widths = [Int](repeating: 0, count: header.count)
        for row in rows { for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) } }
        for row in rows {
            let cells = row.enumerated().map { column, cell in
                cell + String(repeating: " ", count: widths[column] - cell.count)
            }
            print(cells.joined(separator: "  "))
        }
    }

    static func json(_ results: [Measurement], options: Options, seconds: Double) -> String {
        var scenarios: [String: JSONValue] = [:]
        for result in results {
            var object: [String: JSONValue] = [
                "unit": .string(result.unit), "engine": number(result.engine), "goal": .string(result.goal),
                "met": .bool(result.met), "baselineIs": .string(result.baselineName),
            ]
            if let baseline = result.baseline { object["baseline"] = number(baseline) }
            if let ratio = result.ratio { object["ratio"] = number(ratio) }
            for (key, value) in result.extra { object[key] = number(value) }
            scenarios[result.name] = .object(object)
        }
        let document: JSONValue = [
            "scenarios": .object(scenarios), "events": .number(JSONNumber(options.events)),
            "requests": .number(JSONNumber(options.requests)), "quick": .bool(options.quick),
            "seconds": number(seconds), "allMet": .bool(results.allSatisfy(\.met)),
        ]
        return CanonicalJSON.string(document)
    }

    static func number(_ value: Double) -> JSONValue {
        let rounded = (value * 1000).rounded() / 1000
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return .number(JSONNumber(Int64(rounded))) }
        return .number(JSONNumber(jsonText: format(rounded, digits: 3)) ?? JSONNumber(Int64(rounded)))
    }
}

/// A number with few digits: 3 significant below 100, whole above.
func format(_ value: Double, digits: Int? = nil) -> String {
    if let digits { return String(formatDecimal(value, digits)) }
    if value >= 100 { return String(Int64(value.rounded())) }
    if value >= 10 { return formatDecimal(value, 1) }
    return formatDecimal(value, 2)
}

private func formatDecimal(_ value: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = Int64((abs(value) * scale).rounded())
    let whole = scaled / Int64(scale)
    var fraction = String(scaled % Int64(scale))
    while fraction.count < digits { fraction = "0" + fraction }
    while fraction.hasSuffix("0") { fraction.removeLast() }
    return (value < 0 ? "-" : "") + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
}
