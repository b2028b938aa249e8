import Foundation

/// A JSON document as plain values, so parsers read `ConvertTo-Json` and `system_profiler -json` output without `Any`.
enum JSONValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses `text`, skipping anything (a BOM, a warning line) before the first `{` or `[`; nil when it is not JSON.
    static func parse(_ text: String) -> JSONValue? {
        guard let start = text.firstIndex(where: { $0 == "{" || $0 == "[" }) else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: Data(text[start...].utf8))
    }

    /// Decodes whichever JSON kind is present, trying booleans before numbers so `true` never becomes 1.
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The member named `name` (case-insensitive, as PowerShell property names are) of an object.
    subscript(name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[name] ?? members.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The objects of an array, or this object alone: `ConvertTo-Json` writes one result without the array.
    var objects: [JSONValue] {
        switch self {
        case .array(let items): items.filter { if case .object = $0 { true } else { false } }
        case .object: [self]
        default: []
        }
    }

    /// The elements of an array, or nothing.
    var items: [JSONValue] {
        if case .array(let items) = self { items } else { [] }
    }

    /// A scalar as PowerShell's list view would print it (`True`, `42`, `text`); nil for null, arrays and objects.
    var scalarText: String? {
        switch self {
        case .bool(let value): value ? "True" : "False"
        case .int(let value): String(value)
        case .double(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .string(let value): value
        case .null, .array, .object: nil
        }
    }
}
