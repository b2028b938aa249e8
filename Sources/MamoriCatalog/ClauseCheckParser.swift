import MamoriCore
import Yams

/// Reads a clause's `checks:` — each a mapping naming a check of the library (`check: training`) with its parameters —
/// refusing unknown checks, unknown or missing parameters, undeclared approval kinds and periods that are neither a
/// declared duration parameter nor `{every, unit}`.
extension CatalogParser {
    /// Every check the library holds, with the parameters each takes (in `docs/catalog-schema.md`'s order).
    static let library: [(name: String, keys: [String])] = [
        ("roster", ["roles", "photos"]), ("id_checks", []), ("training", ["cycle", "before_start"]), ("pledges", []),
        ("attestation", ["cycle"]), ("asset_ledger", []), ("uses_within_purpose", []), ("copies_within_permit", ["extra_approval"]),
        ("copies_approved", ["approval"]), ("transfers_to_city_only", []), ("transport_protected", []), ("takeouts_approved", ["approval"]),
        ("final_disposition", ["kinds", "certificate"]),
        ("incident_clocks", ["notice", "written_report", "final_report", "final_report_malicious"]),
        ("safeguard_review", ["cycle"]), ("approvals", ["kinds"]), ("subcontracts", ["allowed", "approval"]), ("policy", ["cycle"]),
        ("personnel_changes_notified", ["within", "roles"]), ("work_location", ["notified"]), ("records_retained", ["period"]), ("audits", ["kinds"]),
        ("instructions", []), ("backups", ["cycle"]),
        ("device_disposals", ["repair_approval"]), ("software_list", []), ("agent", ["rules"]), ("info", [])
    ]

    mutating func check(_ node: Node, clause: String) -> ClauseCheck? {
        guard reader.mapping(node, "check") != nil, let name = reader.string("check", of: node) else { return nil }
        guard let keys = Self.library.first(where: { $0.name == name })?.keys else {
            let known = Self.library.map(\.name).joined(separator: ", ")
            reader.report(
                node["check"], ja: "条項 \(clause) に不明なチェック \"\(name)\" があります（\(known) のいずれか）",
                en: "clause \(clause): unknown check \"\(name)\" (one of \(known))")
            return nil
        }
        reader.refuseUnknownKeys(node, ["check"] + keys, in: LocalizedText(ja: "チェック \(name) ", en: "check \(name)"))
        switch name {
        case "roster":
            let roles = names(node, "roles", known: Set(Person.Role.allCases.map(\.rawValue)), ja: "役割", en: "role")
                .compactMap(Person.Role.init(rawValue:))
            if node["roles"]?.sequence?.isEmpty == true {
                reader.report(node["roles"], ja: "roles が空です（役割を求めないときは省きます）", en: "roles is empty (leave it out to ask for no role)")
            }
            return .roster(roles: roles, photos: reader.bool("photos", of: node, fallback: false))
        case "id_checks": return .idChecks
        case "training":
            guard let cycle = required(node, "cycle", name) else { return nil }
            return .training(cycle: cycle, beforeStart: reader.bool("before_start", of: node, fallback: false))
        case "pledges": return .pledges
        case "attestation": return required(node, "cycle", name).map { .attestation(cycle: $0) }
        case "asset_ledger": return .assetLedger
        case "uses_within_purpose": return .usesWithinPurpose
        case "copies_within_permit":
            let extra = node["extra_approval"].map { approval($0) }
            if extra == .some(nil) { return nil }
            return .copiesWithinPermit(extraApproval: extra ?? nil)
        case "copies_approved": return requiredApproval(node, "approval", name).map { .copiesApproved(approval: $0) }
        case "transfers_to_city_only": return .transfersToCityOnly
        case "transport_protected": return .transportProtected
        case "takeouts_approved": return requiredApproval(node, "approval", name).map { .takeoutsApproved(approval: $0) }
        case "final_disposition":
            let kinds = names(node, "kinds", required: true, known: ["return", "destruction"], ja: "最終処分の種類", en: "disposition kind")
                .compactMap(DataEvent.Kind.init(rawValue:))
            guard !kinds.isEmpty else { return nil }
            return .finalDisposition(kinds: kinds, certificate: reader.bool("certificate", of: node, fallback: false))
        case "incident_clocks":
            let periods = ["notice", "written_report", "final_report", "final_report_malicious"].map { required(node, $0, name) }
            guard let notice = periods[0], let written = periods[1], let final = periods[2], let malicious = periods[3] else { return nil }
            return .incidentClocks(IncidentDeadlines(notice: notice, writtenReport: written, finalReport: final, finalReportMalicious: malicious))
        case "safeguard_review": return required(node, "cycle", name).map { .safeguardReview(cycle: $0) }
        case "approvals":
            let kinds = reader.sequence(node["kinds"], "kinds", in: node, required: true).compactMap { approval($0) }
            guard !kinds.isEmpty else {
                if node["kinds"]?.sequence?.isEmpty == true { reader.report(node["kinds"], ja: "kinds が空です", en: "kinds is empty") }
                return nil
            }
            return .approvals(kinds: kinds)
        case "subcontracts": return subcontracts(node)
        case "policy": return required(node, "cycle", name).map { .policy(cycle: $0) }
        case "work_location": return .workLocation(notified: reader.bool("notified", of: node, fallback: false))
        case "personnel_changes_notified":
            guard let within = required(node, "within", name) else { return nil }
            let roles = names(node, "roles", known: Set(Person.Role.allCases.map(\.rawValue)), ja: "役割", en: "role")
                .compactMap(Person.Role.init(rawValue:))
            return .personnelChangesNotified(within: within, roles: roles)
        case "audits":
            return .audits(
                kinds: names(node, "kinds", known: Set(Audit.Kind.allCases.map(\.rawValue)), ja: "監査の種類", en: "audit kind")
                    .compactMap(Audit.Kind.init(rawValue:)))
        case "instructions": return .instructions
        case "records_retained": return required(node, "period", name).map { .recordsRetained(period: $0) }
        case "backups": return required(node, "cycle", name).map { .backups(cycle: $0) }
        case "device_disposals":
            let repair = node["repair_approval"].map { approval($0) }
            if repair == .some(nil) { return nil }
            return .deviceDisposals(repairApproval: repair ?? nil)
        case "software_list": return .softwareList
        case "agent":
            let rules = names(node, "rules", required: true, known: references.rules, ja: "エージェントのチェック", en: "agent check")
            return rules.isEmpty ? nil : .agent(rules: rules)
        default: return .info
        }
    }

    private mutating func subcontracts(_ node: Node) -> ClauseCheck? {
        if node["allowed"]?.string != "with_approval", let approval = node["approval"] {
            reader.report(approval, ja: "approval は allowed: with_approval のときだけ指定します", en: "approval goes only with allowed: with_approval")
            return nil
        }
        switch node["allowed"]?.string {
        case "never"?: return .subcontracts(allowed: .never)
        case "without_personal_data"?: return .subcontracts(allowed: .withoutPersonalData)
        case "with_approval"?: return requiredApproval(node, "approval", "subcontracts").map { .subcontracts(allowed: .withApproval($0)) }
        default:
            reader.report(
                node["allowed"] ?? node, ja: "allowed は never, without_personal_data, with_approval のいずれかです",
                en: "allowed must be never, without_personal_data or with_approval")
            return nil
        }
    }

    /// The period at `key` of a check, which it needs.
    private mutating func required(_ node: Node, _ key: String, _ check: String) -> Cycle? {
        guard let value = node[key] else {
            reader.report(node, ja: "チェック \(check) に \(key) がありません", en: "check \(check) needs \(key)")
            return nil
        }
        return periodSource(value, key)
    }

    /// The approval kind at `key` of a check, which it needs.
    private mutating func requiredApproval(_ node: Node, _ key: String, _ check: String) -> Approval.Kind? {
        guard let value = node[key] else {
            reader.report(node, ja: "チェック \(check) に \(key)（承認の種類）がありません", en: "check \(check) needs \(key) (an approval kind)")
            return nil
        }
        return approval(value)
    }

    /// An approval kind the catalog declares under `approval_kinds`.
    private mutating func approval(_ node: Node) -> Approval.Kind? {
        guard let id = node.string, let kind = approvalKinds[Approval.Kind(id)]?.id else {
            reader.report(
                node, ja: "承認の種類 \"\(node.string ?? "")\" は approval_kinds に定義されていません",
                en: "approval kind \"\(node.string ?? "")\" is not declared in approval_kinds")
            return nil
        }
        return kind
    }

    /// A period: the name of a declared duration parameter (a contract may change it), or `{every: N, unit: U}`.
    mutating func periodSource(_ node: Node, _ what: String) -> Cycle? {
        if let name = node.string {
            guard let parameter = parameters[name], case .duration(let period) = parameter.value else {
                reader.report(
                    node, ja: "\(what) が参照するパラメータ \"\(name)\" は期間（duration）として定義されていません",
                    en: "\(what): parameter \"\(name)\" is not a declared duration parameter")
                return nil
            }
            return Cycle(period: period, parameter: name)
        }
        guard reader.mapping(node, what) != nil else { return nil }
        reader.refuseUnknownKeys(node, ["every", "unit"], in: LocalizedText(ja: what + " ", en: what))
        return period(node, every: "every").map { Cycle(period: $0) }
    }
}
