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

extension EvaluationContext {
    /// An agent clause on the contractor's PCs: a report older than `agent_report_max_age` is overdue, a failed check
    /// is a violation, an unknown one lacks evidence, passed checks comply.
    func agentFindings() -> [Finding] {
        let rules = clause.rules.joined(separator: ", ")
        guard !devices.isEmpty else {
            return [Finding(.noEvidence, ja: "エージェントの報告がまだありません（\(rules)）", en: "no agent report yet (\(rules))")]
        }
        let maximumAge = period("agent_report_max_age", fallback: Period(every: 7, unit: .day))
        return devices.flatMap { device -> [Finding] in
            if device.reportedAt.adding(maximumAge) < now {
                return [Finding(.overdue, ja: "\(device.hostname) の報告が \(maximumAge.label.ja)以上ありません（最終 \(Day(device.reportedAt))）",
                                en: "\(device.hostname) has not reported for over \(maximumAge.label.en) (last \(Day(device.reportedAt)))",
                                evidence: [device.deviceID])]
            }
            let checks = device.checks.filter { $0.clauses.contains(clause.id) }
            guard !checks.isEmpty else {
                return [Finding(.noEvidence, ja: "\(device.hostname) の報告にこの条項の確認がありません", en: "\(device.hostname) reports no check of this clause",
                                evidence: [device.deviceID])]
            }
            return checks.map { check in
                switch check.outcome {
                case .pass:
                    Finding(.compliant, ja: "\(device.hostname): \(check.rule) 適合（\(check.observed)）",
                            en: "\(device.hostname): \(check.rule) passes (\(check.observed))", evidence: [device.deviceID])
                case .fail:
                    Finding(.violation, ja: "\(device.hostname): \(check.rule) 不適合（実測 \(check.observed)、基準 \(check.expected)）",
                            en: "\(device.hostname): \(check.rule) fails (observed \(check.observed), expected \(check.expected))",
                            evidence: [device.deviceID])
                case .unknown:
                    Finding(.noEvidence, ja: "\(device.hostname): \(check.rule) を確認できません（\(check.observed)）",
                            en: "\(device.hostname): \(check.rule) could not be checked (\(check.observed))", evidence: [device.deviceID])
                }
            }
        }
    }
}
