import Foundation
import MamoriCore
import Yams

/// A platform-neutral check the agent performs, e.g. `password.min_length`.
public struct AgentCheck: Sendable, Hashable, Decodable {
    /// The check's ID, named by catalog clauses under `rules:`.
    public var id: String
    /// What passing the check means.
    public var title: LocalizedText
}

/// The checks shipped with the agent.
public struct AgentCheckCatalog: Sendable {
    /// Every check, in file order.
    public var checks: [AgentCheck]

    /// The IDs a catalog may refer to.
    public var ids: Set<String> { Set(checks.map(\.id)) }

    /// Each check's title by ID.
    public var titles: [String: LocalizedText] {
        Dictionary(checks.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
    }

    /// Loads the bundled `rules/checks.yaml`.
    public static func bundled() throws -> AgentCheckCatalog {
        struct File: Decodable { var checks: [AgentCheck] }
        let file = try YAMLDecoder().decode(File.self, from: Data(PackageResources.checks_yaml))
        return AgentCheckCatalog(checks: file.checks)
    }
}
