import Foundation

/// Checks on the provided-data ledger: what the annex permits, and what it forbids.
extension EvaluationContext {
    var assets: [DataAsset] { sorted.assets }

    /// How many events of one kind, all assets together.
    func count(_ kind: DataEvent.Kind) -> Int {
        assets.reduce(0) { $0 + (state.ledgers[$1.id]?.count(kind) ?? 0) }
    }

    /// No provided data yet: the ledger clauses do not apply.
    var noAssets: Finding {
        Finding(.notApplicable, ja: "提供データの受領はありません", en: "no data received from the city")
    }

    func assetFindings() -> [Finding] {
        guard !assets.isEmpty else { return [noAssets] }
        return [
            Finding(
                .compliant, ja: "提供データ \(assets.count) 件を台帳で管理しています", en: "\(assets.count) data assets on the ledger",
                evidence: assets.map(\.id))
        ]
    }

    func useFindings() -> [Finding] {
        guard !assets.isEmpty else { return [noAssets] }
        let uses = count(.use)
        let outside = assets.flatMap { state.ledgers[$0.id]?.usesForOtherPurposes ?? [] }.compactMap { state.notableEvents[$0] }
        guard outside.isEmpty else {
            let list = outside.prefix(5).map { "\($0.assetID): \($0.purpose ?? "")" }.joined(separator: ", ")
            return [
                Finding(
                    .violation, ja: "許可された目的以外の利用が \(outside.count) 件あります（\(list)）",
                    en: "\(outside.count) uses for another purpose (\(list))", evidence: outside.map(\.id))
            ]
        }
        // The evidence of a clean ledger is the assets, not every one of possibly millions of uses.
        return [
            Finding(
                .compliant, ja: "利用 \(uses) 件はすべて許可された目的です", en: "all \(uses) uses within the permitted purposes",
                evidence: assets.map(\.id))
        ]
    }

    /// Copies against the permit as it stood when each was made: the asset's permitted number plus the extra copies
    /// the city had granted (approvals of kind `extra`, for this asset) by then. An approval pending, denied, for
    /// another asset or granted after the copies never covers them.
    func copyFindings(extra extraKind: Approval.Kind?) -> [Finding] {
        guard !assets.isEmpty else { return [noAssets] }
        var findings: [Finding] = []
        let granted = Dictionary(grouping: extraKind.map { approvals($0, granted: true) } ?? []) { $0.assetID ?? "" }
        for asset in assets {
            let ledger = state.ledgers[asset.id] ?? AssetLedger()
            let extra = (granted[asset.id] ?? [])
                .sorted { ($0.decidedAt ?? .distantFuture, RecordOrder($0.id)) < ($1.decidedAt ?? .distantFuture, RecordOrder($1.id)) }
            let evidence = [asset.id] + ledger.copies.map(\.id) + extra.map(\.id)
            guard ledger.copiesMade != nil else {
                findings.append(unevaluableCopies(asset, evidence))
                continue
            }
            var made = 0
            var permitted = asset.permittedCopies
            var counted = 0
            var overflowed = false
            var excess: (copy: AssetLedger.Copy, made: Int, permitted: Int)?
            // The copies after which more had been made than was permitted then: the breach's cause.
            var beyond: [String] = []
            for copy in ledger.copies.sorted(by: { ($0.at, RecordOrder($0.id)) < ($1.at, RecordOrder($1.id)) }) where !overflowed {
                while counted < extra.count, let decided = extra[counted].decidedAt, decided <= copy.at, !overflowed {
                    (permitted, overflowed) = permitted.addingReportingOverflow(extra[counted].copies ?? 0)
                    counted += 1
                }
                let (total, overflow) = made.addingReportingOverflow(copy.count)
                (made, overflowed) = (total, overflowed || overflow)
                if !overflowed, made > permitted {
                    if excess == nil { excess = (copy, made, permitted) }
                    beyond.append(copy.id)
                }
            }
            if overflowed {
                findings.append(unevaluableCopies(asset, evidence))
            } else if let excess {
                // Extra copies granted only after the copy that went past the permit do not count for it: said.
                let late = extra.filter { ($0.decidedAt ?? .distantFuture) > excess.copy.at }.map(\.id)
                let afterwards =
                    late.isEmpty
                    ? (ja: "", en: "")
                    : (
                        ja: "（承認 \(late.joined(separator: "・")) はこの複写の後に決定されています。承認前の複写は許可の範囲に数えません）",
                        en: " (approval \(late.joined(separator: ", ")) was decided after that copy; a copy before its approval is not within the permit)"
                    )
                findings.append(
                    Finding(
                        .violation,
                        // The copy by when it was made (its ID, random for one recorded on the web, is in the evidence).
                        ja: "\(asset.name): \(excess.copy.at.warekiTime) の複写で許可 \(excess.permitted) 部に対し \(excess.made) 部になりました\(afterwards.ja)",
                        en:
                            "\(asset.name): \(excess.made) copies by the copy of \(excess.copy.at.japanTimeEnglish), \(excess.permitted) permitted then\(afterwards.en)",
                        evidence: evidence,
                        cause: beyond))
            }
        }
        return findings.isEmpty
            ? [
                Finding(
                    .compliant, ja: "複写 \(count(.copy)) 件はすべて許可の範囲内です", en: "all \(count(.copy)) copies within the permit",
                    evidence: assets.flatMap { state.ledgers[$0.id]?.copies.map(\.id) ?? [] })
            ]
            : findings
    }

    private func unevaluableCopies(_ asset: DataAsset, _ evidence: [String]) -> Finding {
        Finding(
            .unevaluable, ja: "\(asset.name): 複写数または許可数の合計が数えられる範囲を超えています。記録を訂正してください",
            en: "\(asset.name): the copies made or permitted add up beyond what can be counted; correct the records", evidence: evidence)
    }

    func transferFindings() -> [Finding] {
        guard !assets.isEmpty else { return [noAssets] }
        let transfers = assets.flatMap { state.ledgers[$0.id]?.transfers ?? [] }
        let toOthers = assets.flatMap { state.ledgers[$0.id]?.transfersToOthers ?? [] }
        guard toOthers.isEmpty else {
            return [
                Finding(
                    .violation, ja: "\(catalog.cityWord)以外への提供が \(toOthers.count) 件あります", en: "\(toOthers.count) transfers to someone other than the city",
                    evidence: toOthers)
            ]
        }
        return [
            Finding(
                .compliant, ja: "第三者への提供はありません（\(catalog.cityWord)への提供 \(transfers.count) 件）",
                en: "no provision to third parties (\(transfers.count) to the city)", evidence: transfers)
        ]
    }

    /// Acts of one kind (take-outs, copies) that each need an approval: each must name a granted approval of `kind`
    /// (for its asset, or for none in particular) decided no later than the act.
    func approvedActFindings(_ act: DataEvent.Kind, approval kind: Approval.Kind) -> [Finding] {
        guard !assets.isEmpty else { return [noAssets] }
        // Copies are counted, not kept as events; the ledger keeps what each copy names.
        let acts: [(id: String, assetID: String, approvalID: String?, at: Date, copies: Int)] =
            act == .copy
            ? assets.flatMap { asset in (state.ledgers[asset.id]?.copies ?? []).map { ($0.id, asset.id, $0.approvalID, $0.at, $0.count) } }
            : assets.flatMap { state.ledgers[$0.id]?.takeouts ?? [] }.compactMap { state.notableEvents[$0] }
                .map { ($0.id, $0.assetID, $0.approvalID, $0.occurredAt, 0) }
        // A copy's approval is for that copy (as many copies as it grants): one approval never covers a second copy.
        var used: Set<String> = []
        let unapproved = acts.sorted { ($0.at, RecordOrder($0.id)) < ($1.at, RecordOrder($1.id)) }.filter { event in
            let covered = covers(event.approvalID, kind: kind, before: event.at) { approval in
                (approval.assetID == nil || approval.assetID == event.assetID)
                    && (act != .copy || (!used.contains(approval.id) && (approval.copies ?? Int.max) >= event.copies))
            }
            if covered, act == .copy, let approval = event.approvalID { used.insert(approval) }
            return !covered
        }
        let plural = act == .copy ? "copies" : "\(act.label.en)s"
        guard unapproved.isEmpty else {
            let prior = act == .copy ? (ja: "事前の承認のない", en: " without its own approval granted beforehand") : (ja: "承認のない", en: " without a granted approval")
            // An approval granted only after the act it names covers nothing: said, so that nobody waits for it to.
            let late = unapproved.compactMap { event -> String? in
                guard let id = event.approvalID, let decided = state.approvals[id]?.decidedAt, state.approvals[id]?.decision == .granted,
                    decided > event.at
                else { return nil }
                return id
            }
            let afterwards =
                late.isEmpty
                ? (ja: "", en: "")
                : (
                    ja: "（承認 \(late.joined(separator: "・")) は\(act.label.ja)の後に決定されています。承認前の\(act.label.ja)は承認済みに数えません）",
                    en: " (approval \(late.joined(separator: ", ")) was decided after the \(act.label.en); an act before its approval is not approved)"
                )
            return [
                Finding(
                    .violation, ja: "\(prior.ja)\(act.label.ja)が \(unapproved.count) 件あります\(afterwards.ja)",
                    en: "\(unapproved.count) \(plural)\(prior.en)\(afterwards.en)", evidence: unapproved.map(\.id))
            ]
        }
        return [
            Finding(
                .compliant,
                ja: acts.count == 1 ? "\(act.label.ja) 1 件は承認済みです" : "\(act.label.ja) \(acts.count) 件はすべて承認済みです",
                en: acts.count == 1 ? "the 1 \(act.label.en) is approved" : "all \(acts.count) \(plural) approved",
                evidence: acts.map(\.id))
        ]
    }

    /// Transfers and take-outs, each with how it was protected on the way.
    func protectionFindings() -> [Finding] {
        guard !assets.isEmpty else { return [noAssets] }
        let moved = assets.flatMap { (state.ledgers[$0.id]?.transfers ?? []) + (state.ledgers[$0.id]?.takeouts ?? []) }
            .compactMap { state.notableEvents[$0] }.sorted { ($0.occurredAt, RecordOrder($0.id)) < ($1.occurredAt, RecordOrder($1.id)) }
        let bare = moved.filter { ($0.protection ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
        guard bare.isEmpty else {
            return [
                Finding(
                    .violation, ja: "運搬時の保護が記録されていない提供・持出しが \(bare.count) 件あります",
                    en: "\(bare.count) transfers or take-outs without their protection on the way", evidence: bare.map(\.id))
            ]
        }
        guard !moved.isEmpty else {
            return [Finding(.notApplicable, ja: "提供・持出しはありません", en: "no transfer or take-out")]
        }
        return [
            Finding(
                .compliant, ja: "提供・持出し \(moved.count) 件はすべて保護して運搬しています",
                en: "all \(moved.count) transfers and take-outs protected on the way", evidence: moved.map(\.id))
        ]
    }

    /// Returns or destructions of `kinds`: late ones are violations, missing ones fall due on the asset's return date;
    /// with `certificate`, a destruction without its erasure recorded is a violation.
    func finalDispositionFindings(_ kinds: [DataEvent.Kind], certificate: Bool) -> [Finding] {
        guard !assets.isEmpty else { return [noAssets] }
        var findings: [Finding] = []
        for asset in assets {
            if let final = state.ledgers[asset.id]?.final {
                guard kinds.contains(final.kind) else { continue }
                let kind = final.kind
                // Every copy made goes back or is destroyed with the data; one unaccounted for is still out there.
                if let made = state.ledgers[asset.id]?.copiesMade, made > (final.copies ?? 0) {
                    let missing = made - (final.copies ?? 0)
                    findings.append(
                        Finding(
                            .violation,
                            ja: "\(asset.name): 複写 \(made) 部のうち \(missing) 部が\(kind.label.ja)されていません（\(final.occurredAt.warekiTime) の\(kind.label.ja)）",
                            en: "\(asset.name): \(missing) of \(made) copies not part of the \(kind.label.en) of \(final.occurredAt.japanTimeEnglish)",
                            evidence: [asset.id, final.id] + (state.ledgers[asset.id]?.copies.map(\.id) ?? [])))
                }
                if certificate, kind == .destruction, final.erasure == nil {
                    findings.append(
                        Finding(
                            .violation, ja: "\(asset.name): 廃棄の消去記録（証明書の内容）がありません",
                            en: "\(asset.name): the destruction records no erasure (the certificate's facts)",
                            evidence: [asset.id, final.id]))
                }
                if Day(final.occurredAt) > asset.returnDue {
                    findings.append(
                        Finding(
                            .violation, ja: "\(asset.name): 期限 \(asset.returnDue) 後の\(kind.label.ja)（\(Day(final.occurredAt))）",
                            en: "\(asset.name): \(kind.label.en) on \(Day(final.occurredAt)), after the due date \(asset.returnDue)",
                            evidence: [asset.id, final.id], isPast: true))
                } else {
                    findings.append(
                        Finding(
                            .compliant, ja: "\(asset.name): 期限内に\(kind.label.ja)済み", en: "\(asset.name): \(kind.label.en) on time",
                            evidence: [asset.id, final.id]))
                }
            } else {
                findings.append(
                    deadline(
                        asset.returnDue, what: LocalizedText(ja: "\(asset.name)の返還・廃棄", en: "return or destruction of \(asset.name)"),
                        evidence: [asset.id]))
            }
        }
        return findings
    }
}
