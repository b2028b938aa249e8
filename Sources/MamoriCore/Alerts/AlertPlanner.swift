import Foundation

/// Works out the alerts an event causes, from the catalog's ``AlertRule``s: the same function whether the event came
/// from a page, the API or the command line, because the store calls it inside every write.
public struct AlertPlanner: Sendable {
    /// The catalog a contract is judged by (nil when it cannot be read: then nothing is planned, and the write goes on).
    let catalog: @Sendable (Contract, MamoriState) -> Catalog?

    /// Creates a planner that finds each contract's catalog with `catalog`.
    public init(catalog: @escaping @Sendable (Contract, MamoriState) -> Catalog?) {
        self.catalog = catalog
    }

    /// The alerts `command` causes, in `state` as it stands after the command.
    public func alerts(after command: any Command, in state: MamoriState) -> [PlannedAlert] {
        let contractID: String
        switch command {
        case let add as AddRecord<Incident>: contractID = add.contractID
        case let add as AddRecord<Approval>: contractID = add.contractID
        case let decision as DecideApproval: contractID = decision.contractID
        case let void as VoidDataEvent: contractID = void.contractID
        default: return []
        }
        guard let contract = state.contracts[contractID], let catalog = catalog(contract.contract, state),
            let event = Self.event(command, state, catalog)
        else { return [] }
        let audience = catalog.alerts.filter { $0.kind == event.kind }.flatMap(\.audience)
        guard !audience.isEmpty else { return [] }
        var alert = event
        alert.audience = audience
        return [alert]
    }

    /// The event a command is, if it is one people are told of (without its audience).
    private static func event(_ command: any Command, _ state: MamoriState, _ catalog: Catalog) -> PlannedAlert? {
        switch command {
        case let add as AddRecord<Incident>:
            let incident = add.record
            guard let contract = state.contracts[incident.contractID] else { return nil }
            // The first clock: the notice to the city, as the contract's catalog sets it (直ちに is a period too).
            let notice = catalog.clauses.lazy.flatMap(\.checks).compactMap { check -> Date? in
                guard case .incidentClocks(let deadlines) = check else { return nil }
                return incident.discoveredAt.adding(contract.period(deadlines.notice, in: catalog))
            }.first
            let noticeLine = notice.map {
                (ja: "\(catalog.cityWord)への連絡の期限は \($0.warekiTime) です。", en: " The city must be told by \($0.japanTimeEnglish).")
            }
            return PlannedAlert(
                kind: .incidentRecorded, contractID: incident.contractID, recordID: incident.id, cause: "incident.report:\(incident.id)",
                title: LocalizedText(ja: "事故の報告がありました（\(incident.id)）", en: "An incident was recorded (\(incident.id))"),
                detail: LocalizedText(
                    ja:
                        "契約「\(contract.contract.title)」で\(incident.kind.label.ja)の事故が \(incident.discoveredAt.warekiTime) に発見され、記録されました。\(noticeLine?.ja ?? "")内容は Mamori で確認してください。",
                    en:
                        "An incident (\(incident.kind.label.en)) discovered at \(incident.discoveredAt.japanTimeEnglish) was recorded on contract \"\(contract.contract.title)\".\(noticeLine?.en ?? "") Read it in Mamori."
                ),
                link: PlannedAlert.link(contractID: incident.contractID, recordID: incident.id), due: notice, audience: [])
        case let add as AddRecord<Approval>:
            let approval = add.record
            let kind = catalog.approvalLabel(approval.kind)
            return PlannedAlert(
                kind: .approvalRequested, contractID: approval.contractID, recordID: approval.id, cause: "approval.request:\(approval.id)",
                title: LocalizedText(ja: "承認の申請があります（\(kind.ja)）", en: "Approval requested: \(kind.en)"),
                detail: LocalizedText(
                    ja: "\(kind.ja)の承認が申請されました（\(approval.id)）。Mamori の承認の一覧で承認または不承認を決定してください。",
                    en: "An approval was requested: \(kind.en) (\(approval.id)). Grant or deny it in Mamori's list of approvals."),
                // The approvals inbox, where the city decides, at the request's row.
                link: "/contracts/\(approval.contractID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? approval.contractID)/approvals#"
                    + (approval.id.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed) ?? approval.id),
                audience: [])
        case let decision as DecideApproval:
            let kind =
                state.contracts[decision.contractID]?.approvals[decision.approvalID].map { catalog.approvalLabel($0.kind) }
                ?? LocalizedText(ja: "承認", en: "approval")
            // The city's comment or conditions travel with the decision (the city's own words, never a sealed field).
            let note = decision.note.trimmingCharacters(in: .whitespacesAndNewlines)
            let shown = note.count > 300 ? String(note.prefix(300)) + "…" : note
            let comment = note.isEmpty ? (ja: "", en: "") : (ja: "\(catalog.cityWord)のコメント・条件: \(shown)", en: " The city's comment or conditions: \(shown)")
            let word = decision.granted ? LocalizedText(ja: "承認されました", en: "granted") : LocalizedText(ja: "不承認となりました", en: "denied")
            return PlannedAlert(
                kind: .approvalDecided, contractID: decision.contractID, recordID: decision.approvalID,
                cause: "approval.decide:\(decision.approvalID)",
                title: LocalizedText(
                    ja: "\(kind.ja)の申請が\(word.ja)（\(decision.approvalID)）", en: "\(kind.en.capitalizedFirst) \(word.en) (\(decision.approvalID))"),
                detail: LocalizedText(
                    ja: "\(decision.at.warekiTime) に\(kind.ja)の申請（\(decision.approvalID)）が\(word.ja)。\(comment.ja)",
                    en: "Your request (\(kind.en), \(decision.approvalID)) was \(word.en) at \(decision.at.japanTimeEnglish).\(comment.en)"),
                link: PlannedAlert.link(contractID: decision.contractID, recordID: decision.approvalID), audience: [],
                approvalID: decision.approvalID)
        case let void as VoidDataEvent:
            // The void as the state now holds it (the store found the event's asset and kind).
            guard let contract = state.contracts[void.contractID], let voided = contract.voids[void.eventID] else { return nil }
            let (assetID, kind) = (voided.assetID, voided.eventKind)
            let asset = contract.assets[assetID]?.name ?? assetID
            let reason = void.reason.count > 300 ? String(void.reason.prefix(300)) + "…" : void.reason
            return PlannedAlert(
                kind: .recordVoided, contractID: void.contractID, recordID: void.eventID, cause: "data.void:\(void.eventID)",
                title: LocalizedText(
                    ja: "提供データの記録が取り消されました（\(asset)の\(kind.label.ja)）", en: "A data event was voided (\(kind.label.en) of \(asset))"),
                detail: LocalizedText(
                    ja: "契約「\(contract.contract.title)」で\(asset)の\(kind.label.ja)の記録（\(void.eventID)）が誤りとして取り消され、遵守状況の判定から外れました。理由: \(reason)",
                    en:
                        "On contract \"\(contract.contract.title)\", the \(kind.label.en) of \(asset) (\(void.eventID)) was voided as recorded in error and no longer counts in the statuses. Reason: \(reason)"
                ),
                link: "/contracts/\(void.contractID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? void.contractID)/data/"
                    + (assetID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? assetID),
                audience: [])
        default:
            return nil
        }
    }

    /// The reminders a contract's deadlines call for at `now`: one per deadline and stage reached (only the latest
    /// stage, so that a deadline first seen after it passed is not also reminded of as coming). A passed deadline is
    /// reminded of only within the reminder lead of passing, so that switching alerts on does not mail years of history.
    public static func reminders(_ deadlines: [Deadline], state: ContractState, catalog: Catalog, now: Date) -> [PlannedAlert] {
        let contract = state.contract
        let passedWithin = now.adding(state.reminderLead(in: catalog)).timeIntervalSince(now)
        return deadlines.compactMap { deadline -> PlannedAlert? in
            guard let stage = deadline.stage(at: now), stage != .passed || now.timeIntervalSince(deadline.due) <= passedWithin else { return nil }
            let kind: AlertKind = deadline.incidentStep ? .incidentStepDue : .deadlineDue
            let audience = catalog.alerts.filter { $0.kind == kind }.flatMap(\.audience)
            guard !audience.isEmpty else { return nil }
            let when =
                deadline.day.map { LocalizedText(ja: $0.wareki, en: "\($0)") }
                ?? LocalizedText(ja: deadline.due.warekiTime, en: deadline.due.japanTimeEnglish)
            let (title, detail): (LocalizedText, LocalizedText) =
                switch stage {
                case .before:
                    (
                        LocalizedText(ja: "期限が近づいています: \(deadline.what.ja)", en: "Due soon: \(deadline.what.en)"),
                        LocalizedText(ja: "\(deadline.what.ja)の期限は \(when.ja) です。", en: "\(deadline.what.en.capitalizedFirst) is due \(when.en).")
                    )
                case .onTheDay:
                    (
                        LocalizedText(ja: "本日が期限です: \(deadline.what.ja)", en: "Due today: \(deadline.what.en)"),
                        LocalizedText(ja: "\(deadline.what.ja)の期限は本日 \(when.ja) です。", en: "\(deadline.what.en.capitalizedFirst) is due today, \(when.en).")
                    )
                case .passed:
                    (
                        LocalizedText(ja: "期限を過ぎています: \(deadline.what.ja)", en: "Overdue: \(deadline.what.en)"),
                        LocalizedText(ja: "\(deadline.what.ja)の期限 \(when.ja) を過ぎました。", en: "\(deadline.what.en.capitalizedFirst) was due \(when.en).")
                    )
                }
            let dueKey = deadline.day.map { "\($0)" } ?? "\(Int64(deadline.due.timeIntervalSince1970))"
            return PlannedAlert(
                kind: kind, contractID: contract.id, recordID: deadline.recordID,
                cause: "due:\(deadline.recordID):\(deadline.what.en):\(dueKey):\(stage.rawValue)",
                title: title, detail: detail, link: PlannedAlert.link(contractID: contract.id, recordID: deadline.recordID),
                due: deadline.due, audience: audience)
        }
    }

    /// The alerts for the clauses evaluated 違反: one per clause and set of records behind the breach (a digest of
    /// their IDs in the cause), so that each new breach is told once, and one that stays is not told again.
    public static func violations(_ evaluations: [ClauseEvaluation], state: ContractState, catalog: Catalog) -> [PlannedAlert] {
        let audience = catalog.alerts.filter { $0.kind == .clauseViolated }.flatMap(\.audience)
        guard !audience.isEmpty else { return [] }
        let contractID = state.contract.id
        let path = contractID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? contractID
        return evaluations.filter { $0.status == .violation }.compactMap { evaluation -> PlannedAlert? in
            guard let clause = catalog.clause(evaluation.clauseID) else { return nil }
            // Every 違反 reason the clause gives (a few, then a count): a breach added to one already told is named.
            let reasons = zip(evaluation.reasons, evaluation.reasonStatuses).filter { $0.1 == .violation }.map(\.0)
            let reason = LocalizedText(ja: reasons.map(\.ja).joined(separator: "／"), en: reasons.map(\.en).joined(separator: "; "))
            return PlannedAlert(
                kind: .clauseViolated, contractID: contractID, recordID: clause.id,
                cause: "clause-violated:\(clause.id):\(evaluation.violating.count):\(stableDigest(evaluation.violating))",
                title: LocalizedText(ja: "違反: \(clause.id) \(clause.title.ja)", en: "Violated: \(clause.id) \(clause.title.en)"),
                detail: LocalizedText(
                    ja: "契約「\(state.contract.title)」の \(clause.id) が違反と判定されました。\(reason.ja)",
                    en: "On contract \"\(state.contract.title)\", \(clause.id) is evaluated as violated. \(reason.en)"),
                link: "/contracts/\(path)/clauses/" + (clause.id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? clause.id),
                audience: audience)
        }
    }

    /// ``FNV1a`` of the IDs, each ended by U+001F: the same on every server, short enough for a cause whatever the
    /// number of records.
    static func stableDigest(_ ids: [String]) -> String {
        var fnv = FNV1a()
        for id in ids {
            fnv.combine(id.utf8)
            fnv.combine(CollectionOfOne(0x1F))
        }
        return String(fnv.value, radix: 16)
    }

    /// The alerts for the contractor's PCs that have gone silent: one per PC and last report, so that a PC is reported
    /// silent once until it reports again.
    public static func silentDevices(_ devices: [DeviceEvidence], state: ContractState, catalog: Catalog, now: Date) -> [PlannedAlert] {
        let maximumAge = state.agentReportMaxAge(in: catalog)
        let audience = catalog.alerts.filter { $0.kind == .deviceSilent }.flatMap(\.audience)
        guard !audience.isEmpty else { return [] }
        let contractID = state.contract.id
        return devices.filter { $0.isSilent(maximumAge: maximumAge, at: now) }.map { device in
            PlannedAlert(
                kind: .deviceSilent, contractID: contractID, recordID: device.deviceID,
                cause: "device-silent:\(device.deviceID):\(Int64(device.reportedAt.timeIntervalSince1970))",
                title: LocalizedText(ja: "PC の報告が途絶えています: \(device.hostname)", en: "PC not reporting: \(device.hostname)"),
                detail: LocalizedText(
                    ja: "\(device.hostname) は \(device.reportedAt.warekiTime) 以降エージェントの報告がありません（許容: \(maximumAge.label.ja)）。",
                    en: "\(device.hostname) has not reported since \(device.reportedAt.japanTimeEnglish) (allowed: \(maximumAge.label.en))."),
                link: "/contracts/\(contractID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? contractID)/devices/"
                    + (device.deviceID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? device.deviceID),
                due: device.reportedAt.adding(maximumAge), audience: audience)
        }
    }
}

extension String {
    /// The text with its first letter in upper case (for an English sentence that starts with a phrase).
    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
