/// The named values of one PowerShell object, read from `ConvertTo-Json` or `Format-List`, matched case-insensitively.
struct PropertyBag {
    /// What printed the object, named in the reasons of unknown facts.
    let source: String
    private var values: [String: String] = [:]

    /// Reads the scalar members of a JSON object; null, array and object members are left out.
    init(json object: PrintedJSON, source: String) {
        self.source = source
        if case .object(let members) = object {
            for (name, value) in members {
                if let text = value.scalarText { values[name.lowercased()] = text }
            }
        }
    }

    /// Reads the first record of `Format-List` output (`Name : Value` lines); wrapped continuation lines are ignored.
    init(formatList text: String, source: String) {
        self.source = source
        var started = false
        for line in ConsoleText.lines(text) {
            if ConsoleText.trimmed(line).isEmpty {
                if started { break }
                continue
            }
            guard let (label, value) = ConsoleText.labeled(line), !label.contains(" ") else { continue }
            started = true
            values[label.lowercased()] = value
        }
    }

    /// True when no property was read.
    var isEmpty: Bool { values.isEmpty }

    /// The printed value of `name`, if present.
    func raw(_ name: String) -> String? {
        values[name.lowercased()]
    }

    /// `name` as a boolean (`True`/`False`, `1`/`0`), or unknown with the reason.
    func bool(_ name: String) -> FactValue {
        guard let raw = raw(name) else { return .unknown("\(name) missing from \(source)") }
        return .bool(ConsoleText.boolean(raw), else: "\(name) is not True or False: \(raw)")
    }

    /// `name` as a whole number, or unknown with the reason.
    func int(_ name: String) -> FactValue {
        guard let raw = raw(name) else { return .unknown("\(name) missing from \(source)") }
        return .int(Int(raw), else: "\(name) is not a whole number: \(raw)")
    }

    /// `name` as text, or unknown when it is missing or empty.
    func text(_ name: String) -> FactValue {
        guard let raw = raw(name), !raw.isEmpty else { return .unknown("\(name) missing from \(source)") }
        return .text(raw)
    }
}
