import EventModel

extension FollowUpView {
    /// The section of the canonical JSON holding published case counts, keyed `<municipality>/<period>`.
    static let caseCountsSection = "caseCounts"

    /// The counts `municipality` published for `period` (the current version), when it has.
    public func caseCounts(_ municipality: MunicipalityCode, _ period: CasePeriod) -> PublishedCaseCounts? {
        caseCountsRegister(municipality, period)?.current.flatMap { PublishedCaseCounts(payload: $0.value) }
    }

    /// The register of a municipality's counts for a period, to show its versions or list them in `parents`.
    public func caseCountsRegister(_ municipality: MunicipalityCode, _ period: CasePeriod) -> VersionedRegister? {
        table.registers(Self.caseCountsSection)["\(municipality)/\(period)"]
    }

    /// Every published period's current counts, by municipality code and then period; only `year`'s when given.
    public func publishedCaseCounts(year: Int? = nil) -> [PublishedCaseCounts] {
        table.currentValues(Self.caseCountsSection).values.compactMap(PublishedCaseCounts.init(payload:))
            .filter { counts in year.map { counts.period.year == $0 } ?? true }
            .sorted { ($0.municipality, $0.period) < ($1.municipality, $1.period) }
    }

    /// The first year of every programme the view holds.
    var programmeStartYears: [Int] {
        table.currentValues("programmes").values.compactMap { $0["period"]?.int("from") }
    }

    /// A cell of an indicator derived from cases: the municipality's published yearly count, judged against the
    /// programme's target only when the whole range the count may stand for falls on one side of it.
    func caseCell(
        _ indicator: IndicatorDefinition, _ municipality: MunicipalityCode, year: Int, target: IndicatorTarget?
    ) -> FollowUpMatrix.Cell {
        let register = CasePeriod(year: year).flatMap { caseCountsRegister(municipality, $0) }
        let published = register?.current.flatMap { PublishedCaseCounts(payload: $0.value) }
        let count = indicator.caseCount.flatMap { key in published.map { $0[key] } }
        var status = FollowUpStatus.notReported
        if let count {
            status = .reported
            if let target {
                let (low, high) = (
                    target.status(of: Double(count.range.lowerBound)), target.status(of: Double(count.range.upperBound))
                )
                if low == high { status = low }
            }
        }
        return FollowUpMatrix.Cell(
            municipality: municipality,
            figure: count.map { FollowUpView.Figure(caseCount: $0, isConflict: register?.isConflict ?? false) },
            target: target, status: status, isOverdue: false, caseCount: count)
    }

    /// The regional total of a row derived from cases: exact only when every published cell is, otherwise the
    /// range it may lie in, so no suppressed cell can be recovered by subtracting the others from the total.
    func caseTotal(_ cells: [FollowUpMatrix.Cell]) -> FollowUpMatrix.Total {
        let counts = cells.compactMap(\.caseCount)
        let total = counts.isEmpty ? nil : SuppressedCount.total(counts)
        let value: Double? = if case .exact(let sum) = total { Double(sum) } else { nil }
        return FollowUpMatrix.Total(
            value: value, participants: nil, reportedCount: counts.count,
            metCount: cells.filter { $0.status == .met }.count, status: nil, caseTotal: total)
    }
}
