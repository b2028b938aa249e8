/// Checks on the roster, training, pledges and attestations.
extension EvaluationContext {
    var activePeople: [Person] { sorted.activePeople }

    /// Everyone on the roster today, with each of `roles` appointed and, with `photos`, a photo of each.
    func rosterFindings(roles: [Person.Role], photos: Bool) -> [Finding] {
        let active = activePeople
        guard !active.isEmpty else {
            return [Finding(.noEvidence, ja: "名簿に従事中の人員がいません", en: "nobody is on the roster")]
        }
        let ids = active.map(\.id)
        var findings: [Finding] = []
        for role in roles where !active.contains(where: { $0.role == role }) {
            findings.append(Finding(.overdue, ja: "\(role.label.ja)が選任されていません", en: "no \(role.label.en) is appointed", evidence: ids))
        }
        let withoutPhoto = photos ? active.filter { $0.photo == nil } : []
        if !withoutPhoto.isEmpty {
            findings.append(
                Finding(
                    .overdue, ja: "写真のない人員がいます: \(names(withoutPhoto))",
                    en: "no photo for: \(names(withoutPhoto))", evidence: withoutPhoto.map(\.id)))
        }
        if findings.isEmpty {
            findings.append(rosterCompliant(active.count, roles: roles, photos: photos, evidence: ids))
        }
        return findings
    }

    /// 「名簿 12 名（責任者・監督者を含む、写真あり）」: what a complete roster holds, in the words of its requirements.
    private func rosterCompliant(_ count: Int, roles: [Person.Role], photos: Bool, evidence: [String]) -> Finding {
        let included =
            roles.isEmpty
            ? nil
            : (
                ja: roles.map(\.label.ja).joined(separator: "・") + "を含む",
                en: "with a " + roles.map(\.label.en).joined(separator: ", ")
            )
        let ja = [included?.ja, photos ? "写真あり" : nil].compactMap { $0 }.joined(separator: "、")
        let en = [included?.en, photos ? "photos" : nil].compactMap { $0 }.joined(separator: " and ")
        return Finding(
            .compliant, ja: "名簿 \(count) 名" + (ja.isEmpty ? "" : "（\(ja)）"), en: "roster of \(count)" + (en.isEmpty ? "" : " \(en)"),
            evidence: evidence)
    }

    func idCheckFindings() -> [Finding] {
        guard !state.idChecks.isEmpty else {
            return [Finding(.notApplicable, ja: "\(catalog.cityWord)からの身分証明書の求めは記録されていません", en: "the city has not asked for ID documents")]
        }
        return [
            Finding(
                .compliant, ja: "身分証明書の確認 \(state.idChecks.count) 件", en: "\(state.idChecks.count) ID checks recorded",
                evidence: state.idChecks.keys.sorted())
        ]
    }

    /// Everyone on the roster trained every `period`. A person never trained is due within the reminder lead of
    /// joining or, `beforeStart`, on the day they joined; with `beforeStart`, a first training after that day is a
    /// violation (they handled personal data untrained).
    func trainingFindings(cycle period: Period, beforeStart: Bool) -> [Finding] {
        guard !state.trainings.isEmpty else {
            return [Finding(.noEvidence, ja: "研修の記録がありません", en: "no training session recorded")]
        }
        var lastAttended: [String: (Day, String)] = [:]
        var firstAttended: [String: (Day, String)] = [:]
        for session in state.trainings.values {
            for attendee in session.attendees {
                if (lastAttended[attendee]?.0 ?? session.heldOn) <= session.heldOn { lastAttended[attendee] = (session.heldOn, session.id) }
                if (firstAttended[attendee]?.0 ?? session.heldOn) >= session.heldOn { firstAttended[attendee] = (session.heldOn, session.id) }
            }
        }
        return activePeople.flatMap { person -> [Finding] in
            let what = LocalizedText(ja: "\(person.name)さんの研修", en: "training of \(person.name)")
            guard let (day, session) = lastAttended[person.id] else {
                return [deadline(person.joinedOn.adding(days: beforeStart ? 0 : reminderDays), what: what, evidence: [person.id])]
            }
            let renewed = renewal(last: day, period: period, what: what, evidence: [session, person.id])
            guard beforeStart, let (first, firstSession) = firstAttended[person.id], first > person.joinedOn else { return [renewed] }
            return [
                renewed,
                Finding(
                    .violation, ja: "\(person.name)さんは着任（\(person.joinedOn)）後の \(first) まで研修を受けていません",
                    en: "\(person.name) joined on \(person.joinedOn) and was first trained on \(first)",
                    evidence: [firstSession, person.id])
            ]
        }
    }

    func pledgeFindings() -> [Finding] {
        let people = state.people.values.sorted { RecordOrder($0.id) < RecordOrder($1.id) }
        guard !people.isEmpty else { return [Finding(.noEvidence, ja: "名簿に人員がいません", en: "nobody is on the roster")] }
        let pledged = Dictionary(state.pledges.values.map { ($0.personID, $0.id) }) { RecordOrder($0) < RecordOrder($1) ? $0 : $1 }
        let missing = people.filter { pledged[$0.id] == nil }
        guard missing.isEmpty else {
            return [
                Finding(
                    .overdue, ja: "誓約書のない人員がいます（離任者を含む）: \(names(missing))",
                    en: "no signed pledge for (former staff included): \(names(missing))", evidence: missing.map(\.id))
            ]
        }
        return [
            Finding(
                .compliant, ja: "全員（離任者 \(people.count - activePeople.count) 名を含む \(people.count) 名）の誓約書があります",
                en: "pledges on file for all \(people.count) people, former staff included", evidence: pledged.values.sorted())
        ]
    }

    func attestationFindings(cycle: Period) -> [Finding] {
        let latest = state.attestations.values.filter { $0.clauseID == clause.id }.max {
            ($0.attestedOn, RecordOrder($0.id)) < ($1.attestedOn, RecordOrder($1.id))
        }
        return [
            renewal(
                last: latest?.attestedOn, period: cycle,
                what: LocalizedText(ja: "確認書（\(clause.id)）", en: "attestation of \(clause.id)"),
                evidence: latest.map { [$0.id] } ?? [])
        ]
    }

    /// Each change of a person of `roles` after the contract started — joining, leaving — notified to the city within
    /// `period` of the change: a notice naming the person, of a personnel change, no earlier than 30 days before it.
    func personnelNoticeFindings(within period: Period, roles: [Person.Role]) -> [Finding] {
        let start = state.contract.startsOn
        var notices: [String: [CityNotification]] = [:]
        for notice in state.notifications.values where notice.subject == .personnelChange {
            if let person = notice.personID { notices[person, default: []].append(notice) }
        }
        var changes: [(person: Person, day: Day, what: LocalizedText)] = []
        for person in state.people.values.sorted(by: { RecordOrder($0.id) < RecordOrder($1.id) }) where roles.isEmpty || roles.contains(person.role) {
            if person.joinedOn > start { changes.append((person, person.joinedOn, LocalizedText(ja: "着任", en: "joining"))) }
            if let left = person.leftOn { changes.append((person, left, LocalizedText(ja: "離任", en: "leaving"))) }
        }
        guard !changes.isEmpty else {
            return [Finding(.notApplicable, ja: "契約開始後の人員の変更はありません", en: "no change of staff since the contract started")]
        }
        return changes.map { change in
            let what = LocalizedText(ja: "\(change.person.name)さんの\(change.what.ja)の届出", en: "notice of \(change.person.name)'s \(change.what.en)")
            let due = change.day.adding(period)
            let given = (notices[change.person.id] ?? []).filter { $0.notifiedOn >= change.day.adding(days: -30) }
                .min { ($0.notifiedOn, RecordOrder($0.id)) < ($1.notifiedOn, RecordOrder($1.id)) }
            guard let given else { return deadline(due, what: what, evidence: [change.person.id]) }
            guard given.notifiedOn <= due else {
                return Finding(
                    .violation, ja: "\(what.ja)が期限 \(due) 後の \(given.notifiedOn) でした",
                    en: "\(what.en) came on \(given.notifiedOn), after its due date \(due)", evidence: [given.id, change.person.id],
                    isPast: true)
            }
            return Finding(
                .compliant, ja: "\(what.ja)済み（\(given.notifiedOn)）", en: "\(what.en) given on \(given.notifiedOn)",
                evidence: [given.id, change.person.id])
        }
    }

    func names(_ people: [Person]) -> String {
        people.map(\.name).joined(separator: ", ")
    }
}
