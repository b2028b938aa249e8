import Foundation

/// What one PC's latest agent report says, as evaluation needs it: when it reported and each check's outcome with
/// the clauses the check proves.
public struct DeviceEvidence: Sendable, Hashable {
    /// One check of the report, as the server re-evaluated it.
    public struct Check: Sendable, Hashable {
        /// pass, fail or unknown.
        public enum Outcome: String, Sendable, Hashable {
            case pass, fail, unknown
        }

        public var rule: String
        public var clauses: [String]
        public var outcome: Outcome
        public var observed: String
        public var expected: String

        /// Creates a check result.
        public init(rule: String, clauses: [String], outcome: Outcome, observed: String, expected: String) {
            self.rule = rule
            self.clauses = clauses
            self.outcome = outcome
            self.observed = observed
            self.expected = expected
        }
    }

    public var deviceID: String
    public var hostname: String
    public var reportedAt: Date
    public var checks: [Check]

    /// Creates the evidence of one PC.
    public init(deviceID: String, hostname: String, reportedAt: Date, checks: [Check]) {
        self.deviceID = deviceID
        self.hostname = hostname
        self.reportedAt = reportedAt
        self.checks = checks
    }
}

extension ContractState {
    /// How long a PC may go without reporting before its agent clauses are overdue (`agent_report_max_age`).
    public func agentReportMaxAge(in catalog: Catalog) -> Period {
        guard case let .duration(period)? = parameter("agent_report_max_age", in: catalog) else { return Period(every: 7, unit: .day) }
        return period
    }
}

/// The PCs' checks arranged once per evaluation: which PCs are silent, and for each clause the checks of each PC
/// that reported in time, so that each agent clause looks up its own instead of walking every report.
struct AgentIndex {
    let maximumAge: Period
    let silent: [DeviceEvidence]
    let reporting: Int
    /// Per clause, each reporting PC with its checks of that clause.
    let checks: [String: [(device: DeviceEvidence, checks: [DeviceEvidence.Check])]]

    init(_ devices: [DeviceEvidence], state: ContractState, catalog: Catalog, now: Date) {
        maximumAge = state.agentReportMaxAge(in: catalog)
        var silent: [DeviceEvidence] = []
        var checks: [String: [(device: DeviceEvidence, checks: [DeviceEvidence.Check])]] = [:]
        for device in devices {
            if device.reportedAt.adding(maximumAge) < now {
                silent.append(device)
                continue
            }
            var byClause: [String: [DeviceEvidence.Check]] = [:]
            for check in device.checks {
                for clause in check.clauses { byClause[clause, default: []].append(check) }
            }
            for (clause, list) in byClause { checks[clause, default: []].append((device, list)) }
        }
        self.silent = silent
        reporting = devices.count - silent.count
        self.checks = checks
    }
}

extension EvaluationContext {
    /// An agent clause on the contractor's PCs: a report older than `agent_report_max_age` is overdue, a failed check
    /// is a violation, an unknown one lacks evidence, passed checks comply. PCs failing the same way make one line that
    /// names the first few and counts them, so that a thousand PCs make a few lines, not thousands; the PCs page lists
    /// each one.
    func agentFindings() -> [Finding] {
        let rules = clause.rules.joined(separator: ", ")
        guard !devices.isEmpty else {
            return [Finding(.noEvidence, ja: "エージェントの報告がまだありません（\(rules)）", en: "no agent report yet (\(rules))")]
        }
        let index = agent
        let reported = index.checks[clause.id] ?? []
        var failures: [[String]: [DeviceEvidence]] = [:]
        var failureOrder: [[String]] = []
        var unknown: [DeviceEvidence] = [], passing = 0
        for (device, checks) in reported {
            if let failed = checks.first(where: { $0.outcome == .fail }) {
                let key = [failed.rule, failed.observed, failed.expected]
                if failures[key] == nil { failureOrder.append(key) }
                failures[key, default: []].append(device)
            } else if checks.contains(where: { $0.outcome == .unknown }) {
                unknown.append(device)
            } else {
                passing += 1
            }
        }
        func names(_ group: [DeviceEvidence]) -> String {
            group.prefix(5).map(\.hostname).joined(separator: ", ") + (group.count > 5 ? " …" : "")
        }
        var findings: [Finding] = failureOrder.map { key in
            let group = failures[key]!
            let who = group.count == 1 ? (ja: names(group), en: names(group)) : (ja: "\(group.count) 台（\(names(group))）", en: "\(group.count) PCs (\(names(group)))")
            return Finding(.violation, ja: "\(who.ja): \(key[0]) 不適合（実測 \(key[1])、基準 \(key[2])）",
                           en: "\(who.en): \(key[0]) fails (observed \(key[1]), expected \(key[2]))", evidence: group.prefix(5).map(\.deviceID))
        }
        let silent = index.silent
        if !silent.isEmpty {
            findings.append(Finding(.overdue, ja: "\(silent.count) 台の報告が\(index.maximumAge.label.ja)以上ありません（\(names(silent))）",
                                    en: "\(silent.count) PC(s) silent for over \(index.maximumAge.label.en) (\(names(silent)))",
                                    evidence: silent.prefix(5).map(\.deviceID)))
        }
        if !unknown.isEmpty {
            findings.append(Finding(.noEvidence, ja: "\(unknown.count) 台で確認できません（\(names(unknown))）",
                                    en: "\(unknown.count) PC(s) could not be checked (\(names(unknown)))", evidence: unknown.prefix(5).map(\.deviceID)))
        }
        let unchecked = index.reporting - reported.count
        if unchecked > 0 {
            let reportedIDs = Set(reported.map(\.device.deviceID))
            let without = devices.filter { $0.reportedAt.adding(index.maximumAge) >= now && !reportedIDs.contains($0.deviceID) }
            findings.append(Finding(.noEvidence, ja: "\(unchecked) 台の報告にこの条項の確認がありません（\(names(without))）",
                                    en: "\(unchecked) PC(s) report no check of this clause (\(names(without)))"))
        }
        if passing > 0 {
            findings.append(Finding(.compliant, ja: "\(passing) 台が適合（\(rules)）", en: "\(passing) PC(s) pass (\(rules))"))
        }
        return findings
    }
}
