import Foundation

/// What one PC's latest agent report says, as evaluation needs it: when it reported and each check's outcome. Which
/// clauses a check proves is the contract's catalog's reading (a clause's `agent` check), never the report's.
public struct DeviceEvidence: Sendable, Hashable {
    /// One check of the report, as the server re-evaluated it.
    public struct Check: Sendable, Hashable {
        /// pass, fail or unknown.
        public enum Outcome: String, Sendable, Hashable {
            case pass, fail, unknown
        }

        public let rule: String
        public let outcome: Outcome
        public let observed: String
        public let expected: String
        /// Equal for checks that fail the same way (same rule, observed and expected values).
        let failureKey: Int

        /// Creates a check result.
        public init(rule: String, outcome: Outcome, observed: String, expected: String) {
            self.rule = rule
            self.outcome = outcome
            self.observed = observed
            self.expected = expected
            failureKey = [rule, observed, expected].hashValue
        }
    }

    /// What a PC's checks of one clause add up to.
    enum Verdict: Hashable {
        case pass, unknown
        case fail(Check)
    }

    public let deviceID: String
    public let hostname: String
    public let reportedAt: Date
    public let checks: [Check]

    /// Creates the evidence of one PC.
    public init(deviceID: String, hostname: String, reportedAt: Date, checks: [Check]) {
        self.deviceID = deviceID
        self.hostname = hostname
        self.reportedAt = reportedAt
        self.checks = checks
    }

    /// What the PC's checks of `rules` add up to: the first failed one in the report's order, else unknown if any is,
    /// else pass; nil when the report has none of them.
    func verdict(_ rules: Set<String>) -> Verdict? {
        var verdict: Verdict?
        for check in checks where rules.contains(check.rule) {
            switch (verdict, check.outcome) {
            case (.fail?, _): break
            case (_, .fail): verdict = .fail(check)
            case (_, .unknown): verdict = .unknown
            case (nil, .pass): verdict = .pass
            case (_, .pass): break
            }
        }
        return verdict
    }
}

extension DeviceEvidence {
    /// Whether the PC has not reported for longer than `maximumAge` (the contract's `agent_report_max_age`): its
    /// agent clauses are overdue on the dashboard, and its administrators are told.
    public func isSilent(maximumAge: Period, at now: Date) -> Bool {
        reportedAt.adding(maximumAge) < now
    }
}

extension ContractState {
    /// A catalog's period as the contract sets it: its parameter's value, or the period written in the catalog.
    public func period(_ cycle: Cycle, in catalog: Catalog) -> Period {
        guard let name = cycle.parameter, case .duration(let period)? = parameter(name, in: catalog) else { return cycle.period }
        return period
    }

    /// How early a deadline is due soon (the catalog's `reminder_lead`, as the contract sets it).
    public func reminderLead(in catalog: Catalog) -> Period {
        period(catalog.reminderLead, in: catalog)
    }

    /// How long a PC may go without reporting before its agent clauses are overdue (the catalog's
    /// `agent_report_max_age`, as the contract sets it).
    public func agentReportMaxAge(in catalog: Catalog) -> Period {
        period(catalog.agentReportMaxAge, in: catalog)
    }
}

/// The PCs' verdicts arranged once per evaluation: which PCs are silent, and for each clause the verdict of each PC
/// that reported in time, so that each agent clause looks up its own instead of walking every report.
struct AgentIndex {
    let devices: [DeviceEvidence]
    let maximumAge: Period
    let silent: [Int]
    let reporting: Int
    /// Per clause, each reporting PC (by its index in `devices`) with its verdict.
    let verdicts: [String: [(device: Int, verdict: DeviceEvidence.Verdict)]]

    init(_ devices: [DeviceEvidence], state: ContractState, catalog: Catalog, now: Date) {
        self.devices = devices
        maximumAge = state.agentReportMaxAge(in: catalog)
        var silent: [Int] = []
        var verdicts: [String: [(device: Int, verdict: DeviceEvidence.Verdict)]] = [:]
        let clauses = catalog.clauses.map { ($0.id, Set($0.rules)) }.filter { !$0.1.isEmpty }
        for (index, device) in devices.enumerated() {
            if device.isSilent(maximumAge: maximumAge, at: now) {
                silent.append(index)
                continue
            }
            for (clause, rules) in clauses {
                if let verdict = device.verdict(rules) { verdicts[clause, default: []].append((index, verdict)) }
            }
        }
        self.silent = silent
        reporting = devices.count - silent.count
        self.verdicts = verdicts
    }
}

extension EvaluationContext {
    /// An agent clause on the contractor's PCs: a report older than `agent_report_max_age` is overdue, a failed check
    /// is a violation, an unknown one lacks evidence, passed checks comply. PCs failing the same way make one line that
    /// names the first few and counts them, so that a thousand PCs make a few lines, not thousands; the PCs page lists
    /// each one.
    func agentFindings(rules: [String]) -> [Finding] {
        // The checks by what they mean (「ウイルス対策ソフトが導入されている」), not by their IDs.
        let titles = rules.map(catalog.checkTitle)
        let rules = (ja: titles.map(\.ja).joined(separator: "、"), en: titles.map(\.en).joined(separator: "; "))
        guard !devices.isEmpty else {
            return [Finding(.noEvidence, ja: "エージェントの報告がまだありません（\(rules.ja)）", en: "no agent report yet (\(rules.en))")]
        }
        let index = agent
        let reported = index.verdicts[clause.id] ?? []
        var failures: [Int: (check: DeviceEvidence.Check, devices: [Int])] = [:]
        var failureOrder: [Int] = []
        var unknown: [Int] = []
        var passing = 0
        for (device, verdict) in reported {
            switch verdict {
            case .fail(let check):
                if failures[check.failureKey] == nil {
                    failureOrder.append(check.failureKey)
                    failures[check.failureKey] = (check, [])
                }
                failures[check.failureKey]?.devices.append(device)
            case .unknown: unknown.append(device)
            case .pass: passing += 1
            }
        }
        func names(_ group: [Int]) -> String {
            group.prefix(5).map { index.devices[$0].hostname }.joined(separator: ", ") + (group.count > 5 ? " …" : "")
        }
        func ids(_ group: [Int]) -> [String] { group.prefix(5).map { index.devices[$0].deviceID } }
        var findings: [Finding] = failureOrder.map { key in
            let (failed, group) = failures[key]!
            let who =
                group.count == 1 ? (ja: names(group), en: names(group)) : (ja: "\(group.count) 台（\(names(group))）", en: "\(group.count) PCs (\(names(group)))")
            let check = catalog.checkTitle(failed.rule)
            return Finding(
                .violation, ja: "\(who.ja):「\(check.ja)」に不適合（実測 \(failed.observed)、基準 \(failed.expected)）",
                en: "\(who.en): fails \"\(check.en)\" (observed \(failed.observed), expected \(failed.expected))", evidence: ids(group))
        }
        let silent = index.silent
        if !silent.isEmpty {
            findings.append(
                Finding(
                    .overdue, ja: "\(silent.count) 台の報告が\(index.maximumAge.label.ja)以上ありません（\(names(silent))）",
                    en: "\(silent.count) PC(s) silent for over \(index.maximumAge.label.en) (\(names(silent)))", evidence: ids(silent)))
        }
        if !unknown.isEmpty {
            findings.append(
                Finding(
                    .noEvidence, ja: "\(unknown.count) 台で確認できません（\(names(unknown))）",
                    en: "\(unknown.count) PC(s) could not be checked (\(names(unknown)))", evidence: ids(unknown)))
        }
        let unchecked = index.reporting - reported.count
        if unchecked > 0 {
            let reportedIndices = Set(reported.map(\.device))
            let silentIndices = Set(silent)
            let without = index.devices.indices.filter { !reportedIndices.contains($0) && !silentIndices.contains($0) }
            findings.append(
                Finding(
                    .noEvidence, ja: "\(unchecked) 台の報告にこの条項の確認がありません（\(names(without))）",
                    en: "\(unchecked) PC(s) report no check of this clause (\(names(without)))"))
        }
        if passing > 0 {
            findings.append(Finding(.compliant, ja: "\(passing) 台が適合（\(rules.ja)）", en: "\(passing) PC(s) pass (\(rules.en))"))
        }
        return findings
    }
}
