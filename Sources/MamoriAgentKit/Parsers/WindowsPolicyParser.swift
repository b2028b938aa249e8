import Foundation

/// Reads the local password and account policy from `secedit /export` or, as a fallback, `net accounts`.
///
/// Both give the same `windows.password_policy.*` keys so rules need not care which ran. "Never expires" (-1, 0 or
/// `Unlimited`) becomes `never`; "no lockout" and "no history" become 0, as Windows itself stores them.
public enum WindowsPolicyParser {
    private enum Kind { case int, bool, maxAge }

    /// `[System Access]` entry → fact key.
    private static let seceditEntries: [(name: String, key: String, kind: Kind)] = [
        ("MinimumPasswordLength", "windows.password_policy.min_length", .int),
        ("PasswordComplexity", "windows.password_policy.complexity", .bool),
        ("MaximumPasswordAge", "windows.password_policy.max_age_days", .maxAge),
        ("MinimumPasswordAge", "windows.password_policy.min_age_days", .int),
        ("PasswordHistorySize", "windows.password_policy.history_size", .int),
        ("LockoutBadCount", "windows.password_policy.lockout_threshold", .int),
        ("ClearTextPassword", "windows.password_policy.reversible_encryption", .bool),
        ("EnableAdminAccount", "windows.accounts.builtin_admin_enabled", .bool),
        ("EnableGuestAccount", "windows.accounts.guest_enabled", .bool)
    ]

    /// `net accounts` rows in their fixed order → fact key (nil: not reported).
    private static let netAccountsKeys: [String?] = [
        nil,
        "windows.password_policy.min_age_days",
        "windows.password_policy.max_age_days",
        "windows.password_policy.min_length",
        "windows.password_policy.history_size",
        "windows.password_policy.lockout_threshold",
        "windows.password_policy.lockout_duration_minutes",
        "windows.password_policy.lockout_window_minutes",
        "windows.computer_role"
    ]

    /// Facts from the file `secedit /export /cfg F /areas SECURITYPOLICY` writes (UTF-16LE with BOM, or UTF-8).
    public static func secedit(_ data: Data) -> [Fact] {
        guard let text = ConsoleText.decode(data) else {
            return seceditEntries.map { Fact($0.key, .unknown("secedit export is neither UTF-16 nor UTF-8")) }
        }
        return secedit(text: text)
    }

    /// Facts from secedit export text already decoded.
    public static func secedit(text: String) -> [Fact] {
        let file = KeyFile(text)
        let hasSection = file.hasSection("System Access")
        return seceditEntries.map { entry in
            guard let raw = file.value(entry.name, in: "System Access") else {
                return Fact(entry.key, .unknown(hasSection ? "\(entry.name) not set" : "no [System Access] section"))
            }
            guard let number = Int(raw) else { return Fact(entry.key, .unknown("\(entry.name) is not a number: \(raw)")) }
            switch entry.kind {
            case .int: return Fact(entry.key, .int(number))
            case .bool: return Fact(entry.key, .bool(number != 0))
            case .maxAge: return Fact(entry.key, number <= 0 ? .never("MaximumPasswordAge \(number): passwords never expire") : .int(number))
            }
        }
    }

    /// Facts from `net accounts`, matching English or Japanese labels and falling back on the fixed row order.
    public static func netAccounts(_ text: String) -> [Fact] {
        let rows = ConsoleText.lines(text).compactMap(ConsoleText.labeled)
        var values: [String: String] = [:]
        for (position, row) in rows.enumerated() {
            let label = row.label.lowercased()
            let index = ConsoleLabels.netAccounts.firstIndex { $0.contains { label.contains($0) } } ?? position
            guard index < netAccountsKeys.count, let key = netAccountsKeys[index], values[key] == nil else { continue }
            values[key] = row.value
        }
        return netAccountsKeys.compactMap { $0 }.map { key in
            guard let raw = values[key] else { return Fact(key, .unknown("row missing from net accounts output")) }
            if key == "windows.computer_role" { return Fact(key, .text(raw)) }
            if ConsoleLabels.noLimit.contains(raw.lowercased()) {
                return Fact(key, key.hasSuffix("max_age_days") ? .never("no maximum password age: passwords never expire") : .int(0))
            }
            return Fact(key, .int(ConsoleText.integer(raw), else: "not a number: \(raw)"))
        }
    }
}
