import Foundation

/// Checks on incidents: the immediate notice, the written report, the APPI final report, the city's instructions.
extension EvaluationContext {
    /// Each incident's clocks, run for the periods `deadlines` gives (as the contract sets them).
    func incidentFindings(_ deadlines: IncidentDeadlines) -> [Finding] {
        let incidents = state.incidents.values.sorted { $0.discoveredAt < $1.discoveredAt }
        guard !incidents.isEmpty else {
            return [Finding(.notApplicable, ja: "事故の記録はありません", en: "no incident recorded")]
        }
        return incidents.flatMap { incident in
            var clocks: [(LocalizedText, Period, Date?)] = [
                (LocalizedText(ja: "\(catalog.cityWord)への連絡", en: "notice to the city"), period(deadlines.notice), incident.cityNotifiedAt),
                (LocalizedText(ja: "書面報告（速報）", en: "written (preliminary) report"), period(deadlines.writtenReport), incident.writtenReportAt)
            ]
            if incident.appi.reportable {
                clocks.append(
                    (
                        LocalizedText(ja: "確報", en: "final report"),
                        period(incident.appi.malicious ? deadlines.finalReportMalicious : deadlines.finalReport), incident.finalReportAt
                    ))
            }
            return clocks.map { what, allowed, doneAt in clock(incident, what: what, allowed: allowed, doneAt: doneAt) }
        }
    }

    /// One incident clock: done in time, done late, running, or run out.
    private func clock(_ incident: Incident, what: LocalizedText, allowed: Period, doneAt: Date?) -> Finding {
        let due = incident.discoveredAt.adding(allowed)
        let label = LocalizedText(ja: "事故 \(incident.id) の\(what.ja)", en: "\(what.en) of incident \(incident.id)")
        if let doneAt {
            return doneAt > due
                ? Finding(
                    .violation, ja: "\(label.ja)が期限（発見から\(allowed.label.ja)）を過ぎて行われました",
                    en: "\(label.en) was made after its deadline (\(allowed.label.en) from discovery)", evidence: [incident.id], isPast: true)
                : Finding(.compliant, ja: "\(label.ja)は期限内に行われました", en: "\(label.en) was made in time", evidence: [incident.id])
        }
        if incident.closedAt != nil {
            return Finding(.violation, ja: "\(label.ja)が行われないまま終結しています", en: "closed without the \(what.en)", evidence: [incident.id])
        }
        let deadline = Deadline(incidentStep: label, recordID: incident.id, started: incident.discoveredAt, due: due)
        if now <= due {
            return Finding(
                .dueSoon, ja: "\(label.ja)の期限は \(due.warekiTime) です", en: "\(label.en) is due \(Self.format(due))",
                evidence: [incident.id], deadline: deadline)
        }
        return Finding(
            .overdue, ja: "\(label.ja)の期限 \(due.warekiTime) を過ぎています", en: "\(label.en) was due \(Self.format(due))",
            evidence: [incident.id], deadline: deadline)
    }

    static func format(_ date: Date) -> String {
        date.formattedInJapan("yyyy-MM-dd HH:mm")
    }
}

extension Date {
    /// The moment one period later, counted in Japan's calendar.
    public func adding(_ period: Period) -> Date {
        // A stored period beyond the bound checked where it enters (100 years) counts as that bound: Calendar wraps
        // values near Int.max around to a date in the past, which would make a deadline look met.
        let every = min(max(period.every, -Period.maximumEvery(period.unit)), Period.maximumEvery(period.unit))
        let period = Period(every: every, unit: period.unit)
        return switch period.unit {
        case .minute: addingTimeInterval(Double(period.every) * 60)
        case .hour: addingTimeInterval(Double(period.every) * 3600)
        case .day: addingTimeInterval(Double(period.every) * 86_400)
        case .week: addingTimeInterval(Double(period.every) * 7 * 86_400)
        case .month: Day.calendar.date(byAdding: .month, value: period.every, to: self) ?? .distantFuture
        case .year: Day.calendar.date(byAdding: .year, value: period.every, to: self) ?? .distantFuture
        }
    }
}
