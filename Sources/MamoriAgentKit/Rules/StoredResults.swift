import Foundation
import MamoriCore

/// A check-in's results as a server stores them: the digest of the `RuleSet` they were evaluated with and, per rule
/// in its order, the status and what was seen —
/// `{"rule_set":"<digest>","checks":[["pass","linux.av.installed = true"],…]}`. Reports stored before rule sets
/// hold the full results (`AgentResult.json`); `results(_:ruleSet:)` reads both.
public enum StoredResults {
    /// `results`, evaluated with `ruleSet`, in the stored form.
    public static func json(_ results: [AgentResult], ruleSet: RuleSet) -> String {
        var json: [UInt8] = []
        json.reserveCapacity(results.count * 96)
        json += #"{"rule_set":"#.utf8
        AgentResult.quote(ruleSet.digest, into: &json)
        json += #","checks":["#.utf8
        for (offset, result) in results.enumerated() {
            if offset > 0 { json.append(UInt8(ascii: ",")) }
            json.append(UInt8(ascii: "["))
            AgentResult.quote(result.status.rawValue, into: &json)
            json.append(UInt8(ascii: ","))
            AgentResult.quote(result.observed, into: &json)
            json.append(UInt8(ascii: "]"))
        }
        json += "]}".utf8
        return String(decoding: json, as: UTF8.self)
    }

    /// The digest of the rule set stored results were evaluated with; nil for results stored whole.
    public static func ruleSetDigest(_ stored: String) -> String? {
        let prefix = #"{"rule_set":""#
        guard stored.hasPrefix(prefix) else { return nil }
        let digest = stored.utf8.dropFirst(prefix.utf8.count).prefix(64)
        guard digest.count == 64, digest.allSatisfy(Hex.isLowercaseDigit) else { return nil }
        return String(decoding: digest, as: UTF8.self)
    }

    private struct Compact: Decodable {
        var rule_set: String
        var checks: [[String]]
    }

    /// Stored results whole again, `ruleSet` finding a rule set by digest; nil when they cannot be read (not JSON,
    /// an unknown rule set, or checks that do not match its rules).
    public static func results(_ stored: String, ruleSet: (String) throws -> RuleSet?) rethrows -> [AgentResult]? {
        let decoder = JSONDecoder()
        let data = Data(stored.utf8)
        guard data.first == UInt8(ascii: "{") else { return try? decoder.decode([AgentResult].self, from: data) }
        guard let compact = try? decoder.decode(Compact.self, from: data), let rules = try ruleSet(compact.rule_set)?.rules,
            rules.count == compact.checks.count
        else { return nil }
        var results: [AgentResult] = []
        results.reserveCapacity(rules.count)
        for (rule, check) in zip(rules, compact.checks) {
            guard check.count == 2, let status = AgentResult.Status(rawValue: check[0]) else { return nil }
            results.append(
                AgentResult(
                    rule: rule.rule, status: status,
                    observed: check[1], expected: rule.expected))
        }
        return results
    }
}
