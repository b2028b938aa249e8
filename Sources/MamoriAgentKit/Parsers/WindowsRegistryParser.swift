/// Reads `reg query` output for the Winlogon, Explorer-policy and screen-lock values the agent checks.
///
/// Values that may hold a password (`DefaultPassword`) are recorded as present or absent, never read.
public enum WindowsRegistryParser {
    /// One `    Name    REG_TYPE    data` line.
    struct Value {
        var type: String
        var data: String

        /// `REG_DWORD` `0x…` or a decimal `REG_SZ` as a number.
        var integer: Int? {
            if data.lowercased().hasPrefix("0x") { return Int(data.dropFirst(2), radix: 16) }
            return Int(data)
        }
    }

    /// Value names whose data is never kept.
    private static let secretNames: Set<String> = ["defaultpassword", "altdefaultpassword"]

    /// Parses `reg query` output into values by lowercased name; nil when no key path (`HKEY_…`) was printed.
    static func values(_ text: String) -> [String: Value]? {
        var sawKey = false
        var values: [String: Value] = [:]
        for line in ConsoleText.lines(text) {
            if line.hasPrefix("HKEY_") { sawKey = true; continue }
            guard let typeStart = line.range(of: "    REG_") else { continue }
            let name = ConsoleText.trimmed(line[..<typeStart.lowerBound]).lowercased()
            let rest = line[line.index(typeStart.lowerBound, offsetBy: 4)...]
            let type = String(rest.prefix(while: { !$0.isWhitespace }))
            let data = secretNames.contains(name) ? "" : ConsoleText.trimmed(rest.dropFirst(type.count))
            values[name] = Value(type: type, data: data)
        }
        return sawKey ? values : nil
    }

    /// Facts from `reg query "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon"`; absent values mean off.
    public static func winlogon(_ text: String) -> [Fact] {
        let autoKey = "windows.winlogon.auto_admin_logon", passwordKey = "windows.winlogon.default_password_present"
        guard let values = values(text) else {
            return [Fact(autoKey, .unknown("no Winlogon key in reg output")), Fact(passwordKey, .unknown("no Winlogon key in reg output"))]
        }
        let autoLogon: FactValue = switch values["autoadminlogon"]?.integer {
        case nil where values["autoadminlogon"] == nil: .bool(false)
        case nil: .unknown("AutoAdminLogon is not a number")
        case let number?: .bool(number != 0)
        }
        return [Fact(autoKey, autoLogon), Fact(passwordKey, .bool(values["defaultpassword"] != nil))]
    }

    /// Facts from `reg query …\Policies\Explorer` (HKLM or HKCU): `NoDriveTypeAutoRun` and `NoAutorun`.
    public static func explorerPolicies(_ text: String) -> [Fact] {
        let values = values(text)
        let mask = values?["nodrivetypeautorun"]?.integer
        return [
            Fact("windows.explorer.no_drive_type_autorun", number(values, "NoDriveTypeAutoRun")),
            Fact("windows.explorer.autorun_disabled_removable",
                 .bool(mask.map { $0 & 0x04 != 0 }, else: reason(values, "NoDriveTypeAutoRun"))),
            Fact("windows.explorer.no_autorun",
                 .bool(values?["noautorun"]?.integer.map { $0 != 0 }, else: reason(values, "NoAutorun"))),
        ]
    }

    /// Facts from `reg query` of `Control Panel\Desktop` (user or policy) and `…\Policies\System`, in one or several outputs.
    public static func screenLock(_ text: String) -> [Fact] {
        let values = values(text)
        return [
            Fact("windows.screensaver.active",
                 .bool(values?["screensaveactive"]?.integer.map { $0 != 0 }, else: reason(values, "ScreenSaveActive"))),
            Fact("windows.screensaver.secure",
                 .bool(values?["screensaverissecure"]?.integer.map { $0 != 0 }, else: reason(values, "ScreenSaverIsSecure"))),
            Fact("windows.screensaver.timeout_seconds", number(values, "ScreenSaveTimeOut")),
            Fact("windows.screenlock.inactivity_timeout_seconds", number(values, "InactivityTimeoutSecs")),
        ]
    }

    private static func number(_ values: [String: Value]?, _ name: String) -> FactValue {
        .int(values?[name.lowercased()]?.integer, else: reason(values, name))
    }

    private static func reason(_ values: [String: Value]?, _ name: String) -> String {
        guard let values else { return "no registry key in reg output" }
        guard let value = values[name.lowercased()] else { return "\(name) not configured" }
        return "\(name) is not a number: \(value.data)"
    }
}
