import Foundation
import MamoriAgentKit
import MamoriCore

extension DeviceEvidence {
    /// A PC's evidence as evaluation takes it: the server's own results of one stored report (with the rule set they
    /// name); nil when they cannot be read. The dashboard, the API, `mamori status`, the documents and the bundle all
    /// build a PC's evidence here.
    public init?(_ report: DeviceReport, ruleSet: (String) throws -> RuleSet?) throws {
        guard let results = try StoredResults.results(report.results, ruleSet: ruleSet) else { return nil }
        self.init(report, results: results)
    }

    /// A PC's evidence from one report and results evaluated for it.
    init(_ report: DeviceReport, results: [AgentResult]) {
        self.init(
            deviceID: report.deviceID, hostname: report.hostname, reportedAt: report.receivedAt,
            checks: results.map {
                DeviceEvidence.Check(
                    rule: $0.rule, outcome: DeviceEvidence.Check.Outcome(rawValue: $0.status.rawValue) ?? .unknown,
                    observed: $0.observed, expected: $0.expected)
            })
    }
}

extension Store {
    /// The latest report of each of an organization's enrolled PCs, whole again (for 初期設定書): the check-in as the
    /// PC signed it, its parts written back in, and the server's own results under the contract's rules (as stored
    /// where they were evaluated with them, else evaluated again). A report stored before check-ins named their lists
    /// by digest is read as it was posted.
    public func latestAgentReports(of organizationID: String, rules: ContractRules) async throws -> [AgentReport] {
        let decoder = JSONDecoder()
        let ruleSet = ruleSetLookup()
        var reports: [AgentReport] = []
        for entry in try await devices(of: organizationID, withReport: true) {
            guard let stored = entry.latest, let results = try await results(stored, of: organizationID, rules: rules, ruleSet: ruleSet) else { continue }
            let body = Data(stored.report.utf8)
            guard let checkIn = try? decoder.decode(CheckIn.self, from: body) else {
                if var report = try? decoder.decode(AgentReport.self, from: body) {
                    report.results = results
                    reports.append(report)
                }
                continue
            }
            let lists = try await parts(of: organizationID, checkIn.partDigests).compactMapValues { ReportPart.names(Data($0.utf8)) }
            if let report = try? checkIn.report(results: results, lists: lists) { reports.append(report) }
        }
        return reports
    }

    /// The latest evidence of each of an organization's PCs under one contract's rules, in host-name order: what
    /// every evaluation of that contract takes (the server's dashboard reads the same reports through its caches).
    public func deviceEvidence(of organizationID: String, rules: ContractRules) async throws -> [DeviceEvidence] {
        let ruleSet = ruleSetLookup()
        var evidence: [DeviceEvidence] = []
        for entry in try await devices(of: organizationID) {
            if let latest = entry.latest, let found = try await self.evidence(latest, of: organizationID, rules: rules, ruleSet: ruleSet) {
                evidence.append(found)
            }
        }
        return evidence
    }

    /// One report's evidence under a contract's rules: its stored results where they were evaluated with the same rule
    /// set (the same rule book and parameters), else the facts it posted evaluated again with the contract's rules —
    /// so that each contract judges a PC by its own thresholds, whichever contract's were used at check-in.
    public func evidence(
        _ report: DeviceReport, of organizationID: String, rules: ContractRules,
        ruleSet: ((String) async throws -> RuleSet?)? = nil
    ) async throws -> DeviceEvidence? {
        try await results(report, of: organizationID, rules: rules, ruleSet: ruleSet ?? ruleSetLookup()).map { DeviceEvidence(report, results: $0) }
    }

    /// One report's results under a contract's rules (see ``evidence(_:of:rules:ruleSet:)``); nil when they cannot be read.
    private func results(
        _ report: DeviceReport, of organizationID: String, rules: ContractRules,
        ruleSet: (String) async throws -> RuleSet?
    ) async throws -> [AgentResult]? {
        guard let prepared = rules(report.platform), StoredResults.ruleSetDigest(report.results) != prepared.ruleSet.digest else {
            let digest = StoredResults.ruleSetDigest(report.results)
            let named = if let digest { try await ruleSet(digest) } else { RuleSet?.none }
            return StoredResults.results(report.results) { $0 == digest ? named : nil }
        }
        // Facts that cannot be read again are no evidence under these rules: never another contract's verdicts.
        guard let facts = try await postedFacts(report, of: organizationID) else { return nil }
        return prepared.evaluate(facts.facts, listDigests: facts.listDigests)
    }

    /// The facts a stored report posted, its lists written back from their parts; nil when it cannot be read.
    private func postedFacts(_ report: DeviceReport, of organizationID: String) async throws -> (facts: [Fact], listDigests: [String: String])? {
        // Reports listed without their body (the usual case) read it on its own.
        let text = if report.report.isEmpty, let id = report.id { try await reportBody(id: id) ?? "" } else { report.report }
        let body = Data(text.utf8)
        guard let posted = try? PostedFacts(reading: body) else {
            // Reports stored before check-ins: the agent's whole report, facts included.
            return (try? JSONDecoder().decode(AgentReport.self, from: body)).map { ($0.facts, [:]) }
        }
        let lists = try await parts(of: organizationID, posted.partDigests).compactMapValues { ReportPart.names(Data($0.utf8)) }
        return (try? posted.resolvedFacts(lists)).map { ($0, posted.listDigests) }
    }

    /// Looks each rule set up once, for reading many reports that name the same few.
    private func ruleSetLookup() -> (String) async throws -> RuleSet? {
        var known: [String: RuleSet?] = [:]
        return { digest in
            if let found = known[digest] { return found }
            let found = try await self.agentRuleSet(digest)
            known[digest] = found
            return found
        }
    }

    /// The stored rule set with this digest; nil when none is stored, or what is stored no longer hashes to it.
    public func agentRuleSet(_ digest: String) async throws -> RuleSet? {
        try await ruleSet(digest).flatMap { RuleSet(json: Data($0.utf8)) }.flatMap { $0.digest == digest ? $0 : nil }
    }
}
