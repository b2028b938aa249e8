import Crypto
import Foundation
import MamoriCore

/// The agent's rules as one contract judges its PCs: each platform's bundled rule book with the contract's parameters
/// (its catalog's agent settings). A contractor working for several cities has PCs whose facts each contract judges
/// by its own thresholds: a 7-character password passes one city's 6 and fails another's 8.
public struct ContractRules: Sendable {
    /// Per platform, the prepared rules.
    public let byPlatform: [String: PreparedRules]
    /// Equal for contracts whose rules are the same on every platform (a key for what is derived from them).
    public let signature: String

    /// The rules of `contract` under `catalog`.
    public init(_ contract: ContractState, catalog: Catalog) {
        self.init(parameters: AgentParameters(contract, catalog: catalog))
    }

    /// The bundled rules with these parameters.
    public init(parameters: AgentParameters) {
        var rules: [String: PreparedRules] = [:]
        for platform in RuleBook.platforms.sorted() {
            if let book = RuleBook.loaded[platform] { rules[platform] = PreparedRules(book, parameters: parameters) }
        }
        byPlatform = rules
        signature = Hex.string(SHA256.hash(data: Data(rules.keys.sorted().map { rules[$0]!.ruleSet.digest }.joined(separator: ",").utf8)))
    }

    /// The rules of one platform, if the agent knows it.
    public func callAsFunction(_ platform: String) -> PreparedRules? {
        byPlatform[platform]
    }
}

extension RuleBook {
    /// Every bundled rule book, parsed once per process.
    public static let loaded: [String: RuleBook] = Dictionary(
        uniqueKeysWithValues: platforms.compactMap { platform in
            (try? bundled(platform)).map { (platform, $0) }
        })
}
