import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body.
struct FormData: Sendable {
    private(set) var fields: [String: String] = [:]
    /// Every value of every name, in order (checkboxes send one name several times).
    private(set) var all: [String: [String]] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            let name = decode(parts[0])
            let value = parts.count == 2 ? decode(parts[1]) : ""
            if fields[name] == nil { fields[name] = value }
            all[name, default: []].append(value)
        }
    }

    /// A form filled with `values` (a stored record shown for editing).
    init(values: [String: String]) {
        fields = values
        all = values.mapValues { [$0] }
    }

    /// Reads a form body of at most `limit` bytes (413 beyond).
    static func read(_ request: Request, limit: Int) async throws -> FormData {
        let buffer = try await request.collectBody(limit: limit)
        return FormData(String(buffer: buffer))
    }

    subscript(_ name: String) -> String { fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
}
