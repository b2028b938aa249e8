import Foundation

/// A JSON value with its type: what a form's entries and an API body become on their way to a command, and what a
/// record is read as for its pages and the API. Read and written with `JSONDecoder` and `JSONEncoder`, so that a
/// count is an `Int` (never `true` or `1.5`), a flag a `Bool` (never `1`), and nothing is `Any`.
public enum JSONValue: Sendable, Hashable, Codable, ExpressibleByDictionaryLiteral {
    case null
    case bool(Bool)
    case integer(Int)
    /// A number that is not a whole one within `Int`.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(uniqueKeysWithValues: elements))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let whole = try? container.decode(Int.self) {
            self = .integer(whole)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .integer(let whole): try container.encode(whole)
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let items): try container.encode(items)
        case .object(let members): try container.encode(members)
        }
    }

    /// The JSON of a value (a record, a command), its dates as ISO 8601 or as the type codes them by default.
    public init(encoding value: some Encodable, isoDates: Bool = false, userInfo: [CodingUserInfoKey: any Sendable] = [:]) throws {
        let encoder = JSONEncoder()
        if isoDates { encoder.dateEncodingStrategy = .iso8601 }
        encoder.userInfo = userInfo
        self = try JSONDecoder().decode(JSONValue.self, from: encoder.encode(value))
    }

    /// The value `T` this JSON codes, read by `decoder`.
    public func decode<T: Decodable>(_ type: T.Type, with decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try decoder.decode(T.self, from: data())
    }

    /// The JSON text, members in key order.
    public func data() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public var text: String? { if case .string(let text) = self { text } else { nil } }
    public var integer: Int? { if case .integer(let whole) = self { whole } else { nil } }
    public var flag: Bool? { if case .bool(let flag) = self { flag } else { nil } }
    public var number: Double? {
        switch self {
        case .integer(let whole): Double(whole)
        case .number(let number): number
        default: nil
        }
    }
    public var items: [JSONValue]? { if case .array(let items) = self { items } else { nil } }
    public var members: [String: JSONValue]? { if case .object(let members) = self { members } else { nil } }
    /// The texts of an array of strings; nil for anything else.
    public var texts: [String]? {
        guard let items else { return nil }
        let texts = items.compactMap(\.text)
        return texts.count == items.count ? texts : nil
    }

    /// The member named `key` of an object.
    public subscript(_ key: String) -> JSONValue? {
        get { members?[key] }
        set {
            var members = self.members ?? [:]
            members[key] = newValue
            self = .object(members)
        }
    }

    /// The value at a dotted path (`appi.affected_people`, `emergency_contacts.0.name`), through objects and arrays.
    public func value(at path: String) -> JSONValue? {
        var current: JSONValue? = self
        for key in path.split(separator: ".") {
            switch current {
            case .object(let members)?: current = members[String(key)]
            case .array(let items)?: current = Int(key).flatMap { items.indices.contains($0) ? items[$0] : nil }
            default: return nil
            }
        }
        return current
    }

    /// Sets `value` at a dotted path, creating objects on the way; numbered levels become arrays in
    /// ``numberedAsArrays``.
    public mutating func set(_ value: JSONValue, at path: String) {
        set(value, at: path.split(separator: ".").map(String.init)[...])
    }

    private mutating func set(_ value: JSONValue, at path: ArraySlice<String>) {
        guard let key = path.first else { return }
        guard path.count > 1 else {
            self[key] = value
            return
        }
        var child = self[key]?.members.map(JSONValue.object) ?? .object([:])
        child.set(value, at: path.dropFirst())
        self[key] = child
    }

    /// Objects keyed `0`, `1`, … turned into arrays in that order.
    public var numberedAsArrays: JSONValue {
        switch self {
        case .object(let members):
            let children = members.mapValues(\.numberedAsArrays)
            let numbered = children.keys.compactMap(Int.init)
            if !children.isEmpty, numbered.count == children.count {
                return .array(numbered.sorted().map { children[String($0)]! })
            }
            return .object(children)
        case .array(let items): return .array(items.map(\.numberedAsArrays))
        default: return self
        }
    }

    /// The value with every object's keys renamed by `rename`.
    public func renamingKeys(_ rename: (String) -> String) -> JSONValue {
        switch self {
        case .object(let members): .object(Dictionary(uniqueKeysWithValues: members.map { (rename($0.key), $0.value.renamingKeys(rename)) }))
        case .array(let items): .array(items.map { $0.renamingKeys(rename) })
        default: self
        }
    }

    /// `contract_id` → `contractID`, `affected_people` → `affectedPeople`: the outside's keys (form fields, API bodies,
    /// error fields) as the records' own coding keys.
    public static func camel(_ key: String) -> String {
        let words = key.split(separator: "_")
        guard let first = words.first else { return key }
        return String(first) + words.dropFirst().map { $0 == "id" ? "ID" : $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// `contractID` → `contract_id`, `operatorName` → `operator_name`: a record's coding key as the outside names it.
    public static func snake(_ key: String) -> String {
        var result = ""
        var previousUpper = false
        for character in key {
            let upper = character.isUppercase
            if upper, !previousUpper, !result.isEmpty { result += "_" }
            result += character.lowercased()
            previousUpper = upper
        }
        return result
    }
}
