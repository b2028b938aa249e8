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

extension EvaluationContext {
    /// An agent clause on the contractor's PCs: a report older than `agent_report_max_age` is overdue, a failed check
    /// is a violation, an unknown one lacks evidence, passed checks comply. Each failing PC is named; passing, unknown
    /// and silent PCs are counted (with the first few named), so that a thousand PCs make a few lines, not thousands.
    func agentFindings() -> [Finding] {
        let rules = clause.rules.joined(separator: ", ")
        guard !devices.isEmpty else {
            return [Finding(.noEvidence, ja: "エージェントの報告がまだありません（\(rules)）", en: "no agent report yet (\(rules))")]
        }
        let maximumAge = state.agentReportMaxAge(in: catalog)
        var silent: [DeviceEvidence] = [], unchecked: [DeviceEvidence] = [], unknown: [DeviceEvidence] = [], passing: [DeviceEvidence] = []
        var findings: [Finding] = []
        for device in devices {
            if device.reportedAt.adding(maximumAge) < now {
                silent.append(device)
                continue
            }
            let checks = device.checks.filter { $0.clauses.contains(clause.id) }
            if checks.isEmpty {
                unchecked.append(device)
            } else if let failed = checks.first(where: { $0.outcome == .fail }) {
                findings.append(Finding(.violation, ja: "\(device.hostname): \(failed.rule) 不適合（実測 \(failed.observed)、基準 \(failed.expected)）",
                                        en: "\(device.hostname): \(failed.rule) fails (observed \(failed.observed), expected \(failed.expected))",
                                        evidence: [device.deviceID]))
            } else if checks.contains(where: { $0.outcome == .unknown }) {
                unknown.append(device)
            } else {
                passing.append(device)
            }
        }
        func names(_ group: [DeviceEvidence]) -> String {
            group.prefix(5).map(\.hostname).joined(separator: ", ") + (group.count > 5 ? " …" : "")
        }
        if !silent.isEmpty {
            findings.append(Finding(.overdue, ja: "\(silent.count) 台の報告が\(maximumAge.label.ja)以上ありません（\(names(silent))）",
                                    en: "\(silent.count) PC(s) silent for over \(maximumAge.label.en) (\(names(silent)))",
                                    evidence: silent.prefix(5).map(\.deviceID)))
        }
        if !unknown.isEmpty {
            findings.append(Finding(.noEvidence, ja: "\(unknown.count) 台で確認できません（\(names(unknown))）",
                                    en: "\(unknown.count) PC(s) could not be checked (\(names(unknown)))", evidence: unknown.prefix(5).map(\.deviceID)))
        }
        if !unchecked.isEmpty {
            findings.append(Finding(.noEvidence, ja: "\(unchecked.count) 台の報告にこの条項の確認がありません（\(names(unchecked))）",
                                    en: "\(unchecked.count) PC(s) report no check of this clause (\(names(unchecked)))"))
        }
        if !passing.isEmpty {
            findings.append(Finding(.compliant, ja: "\(passing.count) 台が適合（\(rules)）", en: "\(passing.count) PC(s) pass (\(rules))"))
        }
        return findings
    }
}
