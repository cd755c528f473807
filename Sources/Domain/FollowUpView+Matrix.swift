import EventModel

extension FollowUpView {
    /// The follow-up matrix of `year` as it stands on `asOf`.
    public func matrix(year: Int, asOf: CalendarDate) -> FollowUpMatrix {
        let covering = programmes(covering: year)
        var members: [MunicipalityCode] = []
        for code in covering.flatMap(\.members) where !members.contains(code) { members.append(code) }
        if members.isEmpty { members = Municipality.members.map(\.code) }
        let isOverdueDay = asOf > FollowUpMatrix.reportingDeadline(year: year)
        let rows = indicators(forYear: year).map { indicator -> FollowUpMatrix.Row in
            let programmeTarget = target(indicator.id, programme: indicator.programme, municipality: nil, year: year)
            if indicator.scope == .region {
                return regionalRow(indicator, target: programmeTarget, year: year, asOf: asOf)
            }
            if indicator.source == .cases {
                let cells = members.map { code in
                    caseCell(
                        indicator, code, year: year,
                        target: target(
                            indicator.id, programme: indicator.programme, municipality: code, year: year))
                }
                return FollowUpMatrix.Row(
                    indicator: indicator, programmeTarget: programmeTarget, cells: cells, total: caseTotal(cells))
            }
            let cells = members.map { code -> FollowUpMatrix.Cell in
                let figure = figure(indicator.id, code, year: year)
                let cellTarget = target(indicator.id, programme: indicator.programme, municipality: code, year: year)
                let status = status(indicator, code, year: year, figure: figure, target: cellTarget)
                return FollowUpMatrix.Cell(
                    municipality: code, figure: figure, target: cellTarget, status: status,
                    isOverdue: status == .notReported && isOverdueDay && !indicator.source.isDerived, caseCount: nil)
            }
            return FollowUpMatrix.Row(
                indicator: indicator, programmeTarget: programmeTarget, cells: cells, total: total(indicator, cells))
        }
        return FollowUpMatrix(
            year: year, asOf: asOf, isYearClosed: asOf > CalendarDate(year: year, month: 12, day: 31)!,
            members: members,
            rows: rows)
    }

    /// A regional row: its value derived from meetings or gatherings, judged against the programme's target.
    func regionalRow(
        _ indicator: IndicatorDefinition, target: IndicatorTarget?, year: Int, asOf: CalendarDate
    ) -> FollowUpMatrix.Row {
        let count: Int? =
            switch indicator.source {
            case .meetings: meetingsHeld(year: year, asOf: asOf)
            case .gatherings: gatheringsHeld(year: year, asOf: asOf)
            case .reported, .cases: nil
            }
        let status: FollowUpStatus =
            if let count { target.map { $0.status(of: Double(count)) } ?? .reported } else { .notReported }
        let total = FollowUpMatrix.Total(
            value: count.map(Double.init), participants: nil, reportedCount: 0, metCount: 0, status: status,
            caseTotal: nil)
        return FollowUpMatrix.Row(indicator: indicator, programmeTarget: target, cells: [], total: total)
    }

    /// The status of one municipality's figure; a periodic duty done within its period counts as met.
    func status(
        _ indicator: IndicatorDefinition, _ municipality: MunicipalityCode, year: Int, figure: Figure?,
        target: IndicatorTarget?
    ) -> FollowUpStatus {
        switch indicator.kind {
        case .periodicDuty:
            let window = max(1, indicator.everyYears ?? 1)
            let doneInWindow = ((year - window + 1)...year).contains {
                self.figure(indicator.id, municipality, year: $0)?.done == true
            }
            if doneInWindow { return .met }
            return figure == nil ? .notReported : .below
        case .yesNo, .survey:
            guard let done = figure?.done else { return .notReported }
            return done ? .met : .below
        case .count, .countWithParticipants, .targetRange, .externalTool:
            guard let figure else { return .notReported }
            guard let value = figure.value, let target else { return .reported }
            return target.status(of: value)
        }
    }

    /// The regional total of a municipal row.
    func total(_ indicator: IndicatorDefinition, _ cells: [FollowUpMatrix.Cell]) -> FollowUpMatrix.Total {
        let figures = cells.compactMap(\.figure)
        let value: Double? =
            if indicator.kind.isBoolean { Double(figures.filter { $0.done == true }.count) } else {
                figures.compactMap(\.value).isEmpty ? nil : figures.compactMap(\.value).reduce(0, +)
            }
        let participants = figures.compactMap(\.participants)
        return FollowUpMatrix.Total(
            value: value, participants: participants.isEmpty ? nil : participants.reduce(0, +),
            reportedCount: figures.count, metCount: cells.filter { $0.status == .met }.count, status: nil,
            caseTotal: nil)
    }
}
