/// An INI-style text (`[section]`, `key=value`) as secedit, dconf, NetworkManager, GDM and shell-style configs write it.
struct KeyFile {
    /// One `key=value` line and the section it sits in ("" before any section header).
    struct Entry {
        var section: String
        var key: String
        var value: String
    }

    /// Every assignment, in file order.
    private(set) var entries: [Entry] = []
    /// Every section header seen, lowercased.
    private(set) var sections: Set<String> = []

    /// Reads `text`; lines starting with one of `commentMarkers` and lines without `=` are skipped.
    /// Keys for which `isSecret` is true are kept with an empty value, so secrets never leave this type.
    init(_ text: String, commentMarkers: Set<Character> = ["#", ";"], isSecret: (String) -> Bool = { _ in false }) {
        var section = ""
        for raw in ConsoleText.lines(text) {
            let line = ConsoleText.trimmed(raw)
            guard let first = line.first, !commentMarkers.contains(first) else { continue }
            if first == "[", line.last == "]" {
                section = ConsoleText.trimmed(line.dropFirst().dropLast())
                sections.insert(section.lowercased())
            } else if let equals = line.firstIndex(of: "=") {
                let key = ConsoleText.trimmed(line[..<equals])
                guard !key.isEmpty else { continue }
                let value = isSecret(key) ? "" : ConsoleText.trimmed(line[line.index(after: equals)...])
                entries.append(Entry(section: section, key: key, value: value))
            }
        }
    }

    /// The last value of `key` in `section` ("" for the top), both matched case-insensitively.
    func value(_ key: String, in section: String = "") -> String? {
        let key = key.lowercased()
        let section = section.lowercased()
        return entries.last { $0.key.lowercased() == key && $0.section.lowercased() == section }?.value
    }

    /// True when `key` is given a value that is not empty: in `section`, or in any section when none is named.
    func names(_ key: String, in section: String? = nil) -> Bool {
        entries.contains { entry in
            entry.key.lowercased() == key.lowercased() && !entry.value.isEmpty
                && section.map { entry.section.lowercased() == $0.lowercased() } ?? true
        }
    }

    /// True when a `[section]` header appears.
    func hasSection(_ section: String) -> Bool {
        sections.contains(section.lowercased())
    }
}
