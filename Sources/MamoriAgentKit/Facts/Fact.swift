/// A typed observation about a PC, e.g. `linux.login_defs.pass_max_days = 90`.
///
/// Keys are lower_snake, dot-separated and start with the platform (`windows.`, `macos.`, `linux.`).
public struct Fact: Sendable, Hashable, Codable {
    /// Which setting was observed, e.g. `windows.defender.realtime`.
    public var key: String
    /// What was observed, or why it could not be.
    public var value: FactValue

    /// Makes a fact from its key and value.
    public init(_ key: String, _ value: FactValue) {
        self.key = key
        self.value = value
    }
}

/// The value of a fact.
public enum FactValue: Sendable, Hashable, Codable {
    /// A yes/no setting, e.g. real-time protection on.
    case bool(Bool)
    /// A number, e.g. days, seconds or characters.
    case int(Int)
    /// A word or name as the platform prints it, e.g. `Normal`, `wpa2_personal`.
    case text(String)
    /// Names, e.g. group members or installed packages.
    case list([String])
    /// Could not be observed, with the reason (missing tool, unreadable file…).
    case unknown(String)
    /// Observed as off, or as a value the platform reads as "never" (`idle-delay 0`, `PASS_MAX_DAYS -1`, a screen saver
    /// switched off, a policy not set), with what was seen. No threshold is ever met by it: every comparison fails.
    case never(String)

    /// True when the value was observed.
    public var isKnown: Bool {
        if case .unknown = self { return false }
        return true
    }

    private enum CodingKeys: String, CodingKey {
        case bool, int, text, list, unknown, never
    }

    /// Decodes the single-key form written by `encode(to:)`, e.g. `{"int": 42}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.allKeys.count == 1, let kind = container.allKeys.first else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: container.codingPath,
                    debugDescription: "a fact value has exactly one of bool, int, text, list, unknown, never"))
        }
        switch kind {
        case .bool: self = .bool(try container.decode(Bool.self, forKey: .bool))
        case .int: self = .int(try container.decode(Int.self, forKey: .int))
        case .text: self = .text(try container.decode(String.self, forKey: .text))
        case .list: self = .list(try container.decode([String].self, forKey: .list))
        case .unknown: self = .unknown(try container.decode(String.self, forKey: .unknown))
        case .never: self = .never(try container.decode(String.self, forKey: .never))
        }
    }

    /// Encodes as one key naming the kind, e.g. `{"bool": true}` or `{"unknown": "key absent"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .bool(let value): try container.encode(value, forKey: .bool)
        case .int(let value): try container.encode(value, forKey: .int)
        case .text(let value): try container.encode(value, forKey: .text)
        case .list(let value): try container.encode(value, forKey: .list)
        case .unknown(let reason): try container.encode(reason, forKey: .unknown)
        case .never(let seen): try container.encode(seen, forKey: .never)
        }
    }
}

extension FactValue {
    /// `.bool(value)`, or `.unknown(reason)` when there is no value.
    static func bool(_ value: Bool?, else reason: @autoclosure () -> String) -> FactValue {
        value.map(FactValue.bool) ?? .unknown(reason())
    }

    /// `.int(value)`, or `.unknown(reason)` when there is no value.
    static func int(_ value: Int?, else reason: @autoclosure () -> String) -> FactValue {
        value.map(FactValue.int) ?? .unknown(reason())
    }

    /// `.text(value)`, or `.unknown(reason)` when there is no value.
    static func text(_ value: String?, else reason: @autoclosure () -> String) -> FactValue {
        value.map(FactValue.text) ?? .unknown(reason())
    }
}

extension Sequence where Element == Fact {
    /// The value of the last fact with this key, if any.
    public func value(for key: String) -> FactValue? {
        var found: FactValue?
        for fact in self where fact.key == key { found = fact.value }
        return found
    }
}

extension Array where Element == Fact {
    /// These facts with every unknown or "never" one replaced by `reason`, e.g. the file that could not be read (an
    /// unreadable file is not a setting left unset); with `all`, every fact becomes unknown (a command that did not run
    /// tells nothing, not even what its absence would mean).
    func unknown(because reason: String, all: Bool = false) -> [Fact] {
        map { fact in
            switch fact.value {
            case .unknown, .never: Fact(fact.key, .unknown(reason))
            default: all ? Fact(fact.key, .unknown(reason)) : fact
            }
        }
    }
}
