import Foundation
import MamoriAgentKit
import MamoriCore
import MamoriStore

extension DeviceEvidence {
    /// A PC's evidence as evaluation takes it: the server's own results of one stored report (with the rule set they
    /// name); nil when they cannot be read. The dashboard, the API, `mamori status`, the documents and the bundle all
    /// build a PC's evidence here.
    public init?(_ report: DeviceReport, ruleSet: (String) throws -> RuleSet?) throws {
        guard let results = try StoredResults.results(report.results, ruleSet: ruleSet) else { return nil }
        self.init(deviceID: report.deviceID, hostname: report.hostname, reportedAt: report.receivedAt, checks: results.map {
            DeviceEvidence.Check(rule: $0.rule, outcome: DeviceEvidence.Check.Outcome(rawValue: $0.status.rawValue) ?? .unknown,
                                 observed: $0.observed, expected: $0.expected)
        })
    }
}

extension Store {
    /// The latest report of each of an organization's enrolled PCs, whole again (for 初期設定書): the check-in as the
    /// PC signed it, its parts written back in, and the server's own results (stored with their rule set's digest, or
    /// whole before rule sets). A report stored before check-ins named their lists by digest is read as it was posted,
    /// with the server's results.
    public func latestAgentReports(of organizationID: String) throws -> [AgentReport] {
        let decoder = JSONDecoder()
        let ruleSet = ruleSetLookup()
        return try devices(of: organizationID, withReport: true).compactMap { entry in
            guard let stored = entry.latest, let results = try StoredResults.results(stored.results, ruleSet: ruleSet) else { return nil }
            let body = Data(stored.report.utf8)
            guard let checkIn = try? decoder.decode(CheckIn.self, from: body) else {
                var report = try? decoder.decode(AgentReport.self, from: body)
                report?.results = results
                return report
            }
            let lists = try parts(of: organizationID, checkIn.partDigests).compactMapValues { ReportPart.names(Data($0.utf8)) }
            return try? checkIn.report(results: results, lists: lists)
        }
    }

    /// The latest evidence of each of an organization's PCs, in host-name order: what every evaluation of its
    /// contracts takes (the server's dashboard reads the same reports through its caches).
    public func deviceEvidence(of organizationID: String) throws -> [DeviceEvidence] {
        let ruleSet = ruleSetLookup()
        return try devices(of: organizationID).compactMap { entry in
            try entry.latest.flatMap { try DeviceEvidence($0, ruleSet: ruleSet) }
        }
    }

    /// Looks each rule set up once, for reading many reports that name the same few.
    private func ruleSetLookup() -> (String) throws -> RuleSet? {
        var known: [String: RuleSet?] = [:]
        return { digest in
            if let found = known[digest] { return found }
            let found = try self.agentRuleSet(digest)
            known[digest] = found
            return found
        }
    }

    /// The stored rule set with this digest; nil when none is stored, or what is stored no longer hashes to it.
    public func agentRuleSet(_ digest: String) throws -> RuleSet? {
        try ruleSet(digest).flatMap { RuleSet(json: Data($0.utf8)) }.flatMap { $0.digest == digest ? $0 : nil }
    }
}
