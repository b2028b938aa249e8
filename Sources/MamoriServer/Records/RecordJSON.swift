import Foundation

/// The JSON trees that forms and the API build commands from. Outside (form field names, API bodies, error fields)
/// keys are snake_case, `contract_id`; the records' own coding keys are camelCase, `contractID`.
enum RecordJSON {
    /// `contract_id` → `contractID`, `affected_people` → `affectedPeople`.
    static func camel(_ key: String) -> String {
        let words = key.split(separator: "_")
        guard let first = words.first else { return key }
        return String(first) + words.dropFirst().map { $0 == "id" ? "ID" : $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// `contractID` → `contract_id`, `operatorName` → `operator_name`.
    static func snake(_ key: String) -> String {
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

    /// The tree with every object key renamed by `rename`.
    static func renamingKeys(_ value: Any, _ rename: (String) -> String) -> Any {
        switch value {
        case let object as [String: Any]:
            Dictionary(uniqueKeysWithValues: object.map { (rename($0.key), renamingKeys($0.value, rename)) })
        case let array as [Any]: array.map { renamingKeys($0, rename) }
        default: value
        }
    }

    /// Sets `value` at a dotted path (`appi.affected_people`, `emergency_contacts.0.name`), creating objects on the
    /// way; numbered levels become arrays in ``arrays(_:)``.
    static func set(_ value: Any, at path: String, in tree: inout [String: Any]) {
        set(value, at: path.split(separator: ".").map(String.init)[...], in: &tree)
    }

    private static func set(_ value: Any, at path: ArraySlice<String>, in tree: inout [String: Any]) {
        guard let key = path.first else { return }
        if path.count == 1 {
            tree[key] = value
        } else {
            var child = tree[key] as? [String: Any] ?? [:]
            set(value, at: path.dropFirst(), in: &child)
            tree[key] = child
        }
    }

    /// The value at a dotted path, through objects and arrays.
    static func value(at path: String, in tree: Any) -> Any? {
        var current: Any? = tree
        for key in path.split(separator: ".") {
            switch current {
            case let object as [String: Any]: current = object[String(key)]
            case let array as [Any]: current = Int(key).flatMap { array.indices.contains($0) ? array[$0] : nil }
            default: return nil
            }
        }
        return current
    }

    /// Turns objects keyed `0`, `1`, … into arrays in that order.
    static func arrays(_ value: Any) -> Any {
        switch value {
        case let object as [String: Any]:
            let children = object.mapValues(arrays)
            let numbered = children.keys.compactMap(Int.init)
            if !children.isEmpty, numbered.count == children.count {
                return numbered.sorted().map { children[String($0)]! }
            }
            return children
        case let array as [Any]: return array.map(arrays)
        default: return value
        }
    }
}
