import Crypto
import Foundation
import MamoriCore

/// What every result of a prepared rule book says whatever the PC: each rule's check and requirement (the
/// contract's parameters written out). A server stores it once, content-addressed, and each check-in's results as
/// `StoredResults`: its digest and, per rule, only the status and what was seen — under half the full results' size.
public struct RuleSet: Sendable, Equatable {
    /// One rule's part of its results.
    public struct Rule: Sendable, Codable, Equatable {
        public var rule: String
        public var expected: String
    }

    public let rules: [Rule]
    /// The rules as stored: a JSON array, in the book's order.
    public let json: Data
    /// Lowercase hex SHA-256 of `json`.
    public let digest: String

    /// The rule set of `rules`.
    public init(_ rules: [Rule]) {
        self.rules = rules
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        json = (try? encoder.encode(rules)) ?? Data("[]".utf8)
        digest = Hex.string(SHA256.hash(data: json))
    }

    /// A stored rule set read back; nil when `json` is not one.
    public init?(json: Data) {
        guard let rules = try? JSONDecoder().decode([Rule].self, from: json) else { return nil }
        self.rules = rules
        self.json = json
        digest = Hex.string(SHA256.hash(data: json))
    }
}
