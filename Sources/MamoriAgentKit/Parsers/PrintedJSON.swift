import Foundation
import MamoriCore

/// What a command printed as JSON (`ConvertTo-Json`, `system_profiler -json`), read as PowerShell means it: member
/// names case-insensitive, one result written without its array, scalars as its list view prints them. Decoded through
/// Core's ``JSONValue`` (so that `true` never becomes 1), of which it is the parsers' reading.
enum PrintedJSON: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([PrintedJSON])
    case object([String: PrintedJSON])

    /// Parses `text`, skipping anything (a BOM, a warning line) before the first `{` or `[`; nil when it is not JSON.
    static func parse(_ text: String) -> PrintedJSON? {
        guard let start = text.firstIndex(where: { $0 == "{" || $0 == "[" }) else { return nil }
        return try? JSONDecoder().decode(PrintedJSON.self, from: Data(text[start...].utf8))
    }

    init(from decoder: any Decoder) throws {
        self.init(try JSONValue(from: decoder))
    }

    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .integer(let value): self = .int(value)
        case .number(let value): self = .double(value)
        case .string(let value): self = .string(value)
        case .array(let items): self = .array(items.map(PrintedJSON.init))
        case .object(let members): self = .object(members.mapValues(PrintedJSON.init))
        }
    }

    /// The member named `name` (case-insensitive, as PowerShell property names are) of an object.
    subscript(name: String) -> PrintedJSON? {
        guard case .object(let members) = self else { return nil }
        return members[name] ?? members.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The objects of an array, or this object alone: `ConvertTo-Json` writes one result without the array.
    var objects: [PrintedJSON] {
        switch self {
        case .array(let items): items.filter { if case .object = $0 { true } else { false } }
        case .object: [self]
        default: []
        }
    }

    /// The elements of an array, or nothing.
    var items: [PrintedJSON] {
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
