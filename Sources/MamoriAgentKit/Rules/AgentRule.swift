import Foundation
import Yams

/// One platform's way of proving a check: conditions on facts, all of which (or any of which) must hold.
public struct AgentRule: Sendable, Decodable, Equatable {
    /// The platform-neutral check it proves, e.g. `password.min_length`.
    public var check: String
    /// Conditions that must all hold.
    public var all: [RuleCondition]?
    /// Conditions of which one must hold.
    public var any: [RuleCondition]?
}

/// A comparison of one fact with a value or a contract parameter.
public struct RuleCondition: Sendable, Decodable, Equatable {
    /// How the fact is compared.
    public enum Operator: String, Sendable, Decodable {
        /// Equal to `value` (a boolean, number or text).
        case eq
        /// At most / at least `value` or `parameter` (numbers).
        case le, ge
        /// A list that is empty / not empty.
        case empty, nonempty
        /// A list none of whose items contains any name of the `parameter` list.
        case noneIn = "none_in"
        /// A list all of whose items match a name of the `parameter` list.
        case allIn = "all_in"
    }

    public var fact: String
    public var op: Operator
    public var value: RuleValue?
    public var parameter: String?
    /// For `all_in`: an empty parameter list allows nothing (USB devices) instead of proving nothing (software).
    public var emptyAllowsNothing: Bool?

    private enum CodingKeys: String, CodingKey {
        case fact, op, value, parameter
        case emptyAllowsNothing = "empty_allows_nothing"
    }
}

/// A literal in a rule file.
public enum RuleValue: Sendable, Decodable, Equatable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    case text(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public var description: String {
        switch self {
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .text(let value): value
        }
    }
}

/// The rules of one platform, shipped as `rules/<platform>.yaml`.
public struct RuleBook: Sendable, Decodable {
    public var platform: String
    public var rules: [AgentRule]

    /// Each platform's rules file, compiled into the binary.
    private static let embedded: [String: [UInt8]] = [
        "linux": PackageResources.linux_yaml, "windows": PackageResources.windows_yaml,
        "macos": PackageResources.macos_yaml
    ]

    /// The platforms the agent knows.
    public static let platforms = Set(embedded.keys)

    /// Loads the bundled rules of a platform (`linux`, `windows`, `macos`); any other name (a path included) is refused.
    public static func bundled(_ platform: String) throws -> RuleBook {
        guard let bytes = embedded[platform] else { throw CocoaError(.fileNoSuchFile) }
        return try YAMLDecoder().decode(RuleBook.self, from: Data(bytes))
    }
}
