/// The assignments of APT configuration text (`apt.conf.d/*`), flattened to `scope::name` keys, lowercased.
///
/// Handles `Name "value";`, nested `Scope { Name "value"; };`, lists `Name { "a"; "b"; };` and
/// `//`, `/* */` and `#` comments, and the `#clear Scope::Name;` directive (it forgets what was set under that name).
/// Later assignments of a scalar come last in its value list.
struct AptConfig {
    private enum Token {
        case word(String)
        case string(String)
        case open, close, end
        case clear(String)
    }

    /// Every value given for each key, in order.
    private(set) var values: [String: [String]] = [:]

    /// Reads `text` (several files may be appended in name order).
    init(_ text: String) {
        var scope: [[String]] = []
        var name: [String]?
        for token in Self.tokens(text) {
            switch token {
            case .word(let word):
                if name == nil { name = Self.components(word) } else { assign(word, scope: scope, name: name) }
            case .string(let value):
                assign(value, scope: scope, name: name)
            case .open:
                scope.append(name ?? [])
                name = nil
            case .close:
                _ = scope.popLast()
                name = nil
            case .end:
                name = nil
            case .clear(let key):
                let prefix = key.lowercased()
                values = values.filter { $0.key != prefix && !$0.key.hasPrefix(prefix + "::") }
            }
        }
    }

    /// The last value of `key` (`APT::Periodic::Unattended-Upgrade`), case-insensitively.
    func value(_ key: String) -> String? {
        values[key.lowercased()]?.last
    }

    /// Every value of a list `key` (`Unattended-Upgrade::Allowed-Origins`).
    func list(_ key: String) -> [String] {
        values[key.lowercased()] ?? []
    }

    private mutating func assign(_ value: String, scope: [[String]], name: [String]?) {
        let key = (scope.flatMap { $0 } + (name ?? [])).joined(separator: "::").lowercased()
        values[key, default: []].append(value)
    }

    private static func components(_ word: String) -> [String] {
        word.components(separatedBy: "::").filter { !$0.isEmpty }
    }

    private static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var characters = Substring(text)
        while let character = characters.first {
            if character.isWhitespace {
                characters.removeFirst()
            } else if characters.hasPrefix("#clear") {
                let rest = characters.dropFirst("#clear".count).drop { $0 == " " || $0 == "\t" }
                let key = rest.prefix { !$0.isWhitespace && $0 != ";" }
                tokens.append(.clear(String(key)))
                characters = rest.dropFirst(key.count)
            } else if character == "#" || characters.hasPrefix("//") {
                characters = characters.drop { !$0.isNewline }
            } else if characters.hasPrefix("/*") {
                let rest = characters.dropFirst(2)
                characters = rest.range(of: "*/").map { rest[$0.upperBound...] } ?? ""
            } else if character == "\"" {
                let rest = characters.dropFirst()
                let close = rest.firstIndex(of: "\"") ?? rest.endIndex
                tokens.append(.string(String(rest[..<close])))
                characters = close < rest.endIndex ? rest[rest.index(after: close)...] : ""
            } else if "{};".contains(character) {
                tokens.append(character == "{" ? .open : character == "}" ? .close : .end)
                characters.removeFirst()
            } else {
                let word = characters.prefix { !$0.isWhitespace && !"{};\"".contains($0) }
                tokens.append(.word(String(word)))
                characters = characters.dropFirst(word.count)
            }
        }
        return tokens
    }
}
