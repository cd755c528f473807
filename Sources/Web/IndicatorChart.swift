import Domain
import EventModel

/// IndicatorChart draws one indicator over the years as inline SVG: grouped bars per municipality for counts,
/// a line for yes/no kinds (how many said yes) and for regional indicators, with the programme's target as a band.
enum IndicatorChart {
    /// A colour per member, in the members' order; distinct in print and for common colour blindness.
    static let colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"]
    static let width = 320.0, height = 150.0, left = 34.0, bottom = 20.0, top = 8.0

    static func svg(
        indicator: IndicatorDefinition, years: [Int], members: [MunicipalityCode], matrices: [FollowUpMatrix],
        language: Localization.Language
    ) -> String {
        // `matrices` holds one matrix per year, read once per page rather than once per chart.
        let rows = matrices.map { $0.row(indicator.id) }
        let isBars = indicator.scope == .municipality && !indicator.kind.isBoolean
        var series: [[Double?]] = []
        if isBars {
            series = members.map { code in
                rows.map { row in row?.cells.first { $0.municipality == code }?.figure?.value }
            }
        } else {
            series = [rows.map { $0?.total.value }]
        }
        let target = rows.compactMap { $0?.programmeTarget }.last
        let values = series.flatMap { $0.compactMap { $0 } } + [target?.minimum, target?.maximum].compactMap { $0 }
        let top = max(1, (values.max() ?? 1) * 1.1)
        let plotWidth = width - left - 6, plotHeight = height - bottom - self.top
        func y(_ value: Double) -> Double { self.top + plotHeight * (1 - value / top) }
        func format(_ value: Double) -> String { String(format: "%.1f", value) }
        let slot = plotWidth / Double(max(1, years.count))
        var out = "<figure class=\"chart\"><h3>\(HTML.escape(indicator.name))</h3>"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
        out +=
            "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(indicator.name))\">"
        if let target {
            let high = y(min(target.maximum ?? top, top)), low = y(target.minimum ?? 0)
            out +=
                "<rect x=\"\(format(left))\" y=\"\(format(high))\" width=\"\(format(plotWidth))\" "
                + "height=\"\(format(max(1, low - high)))\" fill=\"#d8f0dc\"><title>\(HTML.escape(WebText.label("target", language))) "
                + "\(HTML.escape(WebText.target(target)))</title></rect>"
        }
        out +=
            "<line x1=\"\(format(left))\" y1=\"\(format(y(0)))\" x2=\"\(format(width - 4))\" y2=\"\(format(y(0)))\" stroke=\"#555\"/>"
        out +=
            "<line x1=\"\(format(left))\" y1=\"\(format(self.top))\" x2=\"\(format(left))\" y2=\"\(format(y(0)))\" stroke=\"#555\"/>"
        out +=
            "<text x=\"\(format(left - 3))\" y=\"\(format(self.top + 8))\" font-size=\"9\" text-anchor=\"end\">\(WebText.number((top / 1.1).rounded()))</text>"
        out += "<text x=\"\(format(left - 3))\" y=\"\(format(y(0)))\" font-size=\"9\" text-anchor=\"end\">0</text>"
        for (index, year) in years.enumerated() {
            out +=
                "<text x=\"\(format(left + slot * (Double(index) + 0.5)))\" y=\"\(format(height - 6))\" "
                + "font-size=\"10\" text-anchor=\"middle\">\(year)</text>"
        }
        if isBars {
            let barWidth = slot * 0.8 / Double(max(1, series.count))
            for (memberIndex, values) in series.enumerated() {
                let colour = colours[memberIndex % colours.count]
                let name = HTML.escape(WebText.name(members[memberIndex], language))
                for (index, value) in values.enumerated() {
                    guard let value else { continue }
                    let x = left + slot * Double(index) + slot * 0.1 + barWidth * Double(memberIndex)
                    out +=
                        "<rect x=\"\(format(x))\" y=\"\(format(y(value)))\" width=\"\(format(barWidth))\" "
                        + "height=\"\(format(y(0) - y(value)))\" fill=\"\(colour)\"><title>\(name) \(years[index]): "
                        + "\(WebText.number(value))</title></rect>"
                }
            }
        } else {
            let points = series[0].enumerated().compactMap { index, value in
                value.map { (left + slot * (Double(index) + 0.5), y($0), $0, years[index]) }
            }
            if points.count > 1 {
                out +=
                    "<polyline fill=\"none\" stroke=\"#0b5394\" stroke-width=\"2\" points=\""
                    + points.map { "\(format($0.0)),\(format($0.1))" }.joined(separator: " ") + "\"/>"
            }
            for point in points {
                out +=
                    "<circle cx=\"\(format(point.0))\" cy=\"\(format(point.1))\" r=\"3.5\" fill=\"#0b5394\">"
                    + "<title>\(point.3): \(WebText.number(point.2))</title></circle>"
            }
        }
        out += "</svg>"
        if isBars {
            out +=
                "<figcaption class=\"legend\"><small>"
                + members.enumerated().map { index, code in
                    "<span><span class=\"swatch\" style=\"background:\(colours[index % colours.count])\"></span>"
                        + "\(HTML.escape(WebText.name(code, language)))</span>"
                }.joined() + "</small></figcaption>"
        } else if indicator.scope == .municipality {
            out +=
                "<figcaption><small>\(HTML.escape(WebText.label("regionalTotal", language))): "
                + "\(HTML.escape(WebText.label("yes", language)))</small></figcaption>"
        }
        return out + "</figure>"
    }
}
