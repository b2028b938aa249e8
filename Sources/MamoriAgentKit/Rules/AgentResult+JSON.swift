extension AgentResult {
    /// Results as a JSON array (what `JSONDecoder` reads back as `[AgentResult]`), written directly: a server writes
    /// one per check-in, and `JSONEncoder` cost more than evaluating the rules.
    public static func json(_ results: [AgentResult]) -> String {
        var json = "["
        json.reserveCapacity(results.count * 160)
        for (offset, result) in results.enumerated() {
            if offset > 0 { json += "," }
            json += "{\"rule\":"
            quote(result.rule, into: &json)
            json += ",\"clause\":"
            quote(result.clause, into: &json)
            json += ",\"clauses\":["
            for (index, clause) in result.clauses.enumerated() {
                if index > 0 { json += "," }
                quote(clause, into: &json)
            }
            json += "],\"status\":"
            quote(result.status.rawValue, into: &json)
            json += ",\"observed\":"
            quote(result.observed, into: &json)
            json += ",\"expected\":"
            quote(result.expected, into: &json)
            json += "}"
        }
        return json + "]"
    }

    /// Appends `text` as a JSON string: quotes, backslashes and control characters escaped, the rest as it is.
    private static func quote(_ text: String, into json: inout String) {
        json += "\""
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            json += text
            json += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            case "\n": json += "\\n"
            case "\r": json += "\\r"
            case "\t": json += "\\t"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                json += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: json.unicodeScalars.append(scalar)
            }
        }
        json += "\""
    }
}
