/// Checks on the roster, training, pledges and attestations.
extension EvaluationContext {
    var activePeople: [Person] { sorted.activePeople }

    func rosterFindings() -> [Finding] {
        let active = activePeople
        guard !active.isEmpty else {
            return [Finding(.noEvidence, ja: "名簿に従事中の人員がいません", en: "nobody is on the roster")]
        }
        let ids = active.map(\.id)
        var findings: [Finding] = []
        for role in [Person.Role.responsible, .supervisor] where !active.contains(where: { $0.role == role }) {
            findings.append(Finding(.overdue, ja: "\(role.label.ja)が選任されていません", en: "no \(role.label.en) is appointed", evidence: ids))
        }
        let withoutPhoto = active.filter { $0.photo == nil }
        if !withoutPhoto.isEmpty {
            findings.append(Finding(.overdue, ja: "写真のない人員がいます: \(names(withoutPhoto))",
                                    en: "no photo for: \(names(withoutPhoto))", evidence: withoutPhoto.map(\.id)))
        }
        if findings.isEmpty {
            findings.append(Finding(.compliant, ja: "名簿 \(active.count) 名（責任者・監督者を含む、写真あり）",
                                    en: "roster of \(active.count) with a responsible person, supervisor and photos", evidence: ids))
        }
        return findings
    }

    func idCheckFindings() -> [Finding] {
        guard !state.idChecks.isEmpty else {
            return [Finding(.notApplicable, ja: "区からの身分証明書の求めは記録されていません", en: "the city has not asked for ID documents")]
        }
        return [Finding(.compliant, ja: "身分証明書の確認 \(state.idChecks.count) 件", en: "\(state.idChecks.count) ID checks recorded",
                        evidence: state.idChecks.keys.sorted())]
    }

    func trainingFindings() -> [Finding] {
        guard !state.trainings.isEmpty else {
            return [Finding(.noEvidence, ja: "研修の記録がありません", en: "no training session recorded")]
        }
        let period = cyclePeriod
        var lastAttended: [String: (Day, String)] = [:]
        for session in state.trainings.values {
            for attendee in session.attendees where (lastAttended[attendee]?.0 ?? session.heldOn) <= session.heldOn {
                lastAttended[attendee] = (session.heldOn, session.id)
            }
        }
        return activePeople.map { person in
            let what = LocalizedText(ja: "\(person.name)さんの研修", en: "training of \(person.name)")
            guard let (day, session) = lastAttended[person.id] else {
                return deadline(person.joinedOn.adding(days: reminderDays), what: what, evidence: [person.id])
            }
            return renewal(last: day, period: period, what: what, evidence: [session, person.id])
        }
    }

    func pledgeFindings() -> [Finding] {
        let people = state.people.values.sorted { $0.id < $1.id }
        guard !people.isEmpty else { return [Finding(.noEvidence, ja: "名簿に人員がいません", en: "nobody is on the roster")] }
        let pledged = Dictionary(state.pledges.values.map { ($0.personID, $0.id) }, uniquingKeysWith: min)
        let missing = people.filter { pledged[$0.id] == nil }
        guard missing.isEmpty else {
            return [Finding(.overdue, ja: "誓約書のない人員がいます（離任者を含む）: \(names(missing))",
                            en: "no signed pledge for (former staff included): \(names(missing))", evidence: missing.map(\.id))]
        }
        return [Finding(.compliant, ja: "全員（離任者 \(people.count - activePeople.count) 名を含む \(people.count) 名）の誓約書があります",
                        en: "pledges on file for all \(people.count) people, former staff included", evidence: pledged.values.sorted())]
    }

    func attestationFindings() -> [Finding] {
        let latest = state.attestations.values.filter { $0.clauseID == clause.id }.max { $0.attestedOn < $1.attestedOn }
        return [renewal(last: latest?.attestedOn, period: cyclePeriod,
                        what: LocalizedText(ja: "確認書（\(clause.id)）", en: "attestation of \(clause.id)"),
                        evidence: latest.map { [$0.id] } ?? [])]
    }

    func names(_ people: [Person]) -> String {
        people.map(\.name).joined(separator: ", ")
    }
}
