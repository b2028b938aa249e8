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
            if line.hasPrefix("HKEY_") {
                sawKey = true
                continue
            }
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
        let autoKey = "windows.winlogon.auto_admin_logon"
        let passwordKey = "windows.winlogon.default_password_present"
        guard let values = values(text) else {
            return [Fact(autoKey, .unknown("no Winlogon key in reg output")), Fact(passwordKey, .unknown("no Winlogon key in reg output"))]
        }
        let autoLogon: FactValue =
            switch values["autoadminlogon"]?.integer {
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
            Fact(
                "windows.explorer.autorun_disabled_removable",
                .bool(mask.map { $0 & 0x04 != 0 }, else: reason(values, "NoDriveTypeAutoRun"))),
            Fact(
                "windows.explorer.no_autorun",
                .bool(values?["noautorun"]?.integer.map { $0 != 0 }, else: reason(values, "NoAutorun")))
        ]
    }

    /// `windows.screenlock.inactivity_timeout_seconds` from `reg query …\Policies\System`: the machine's inactivity limit
    /// (`InactivityTimeoutSecs`); 0 or not set means the machine never locks by itself.
    public static func inactivityPolicy(_ text: String) -> [Fact] {
        let key = "windows.screenlock.inactivity_timeout_seconds"
        guard let seconds = values(text)?["inactivitytimeoutsecs"] else {
            return [Fact(key, .never("InactivityTimeoutSecs not set: no machine inactivity limit"))]
        }
        guard let number = seconds.integer else { return [Fact(key, .unknown("InactivityTimeoutSecs is not a number: \(seconds.data)"))] }
        return [Fact(key, number > 0 ? .int(number) : .never("InactivityTimeoutSecs \(number): no machine inactivity limit"))]
    }

    /// The screen saver every signed-in user is held to, from the scan script's `users` section (per loaded hive: `Sid`,
    /// `Name`, and `reg query` texts of `Control Panel\Desktop` and of its policy key). A policy value wins over the user's;
    /// the worst user is reported. Screen saver off, none chosen, or no timeout means it never starts.
    public static func userScreenSavers(json: String) -> [Fact] {
        let keys = (active: "windows.screensaver.active", secure: "windows.screensaver.secure", timeout: "windows.screensaver.timeout_seconds")
        guard let root = PrintedJSON.parse(ConsoleText.trimmed(json)) else {
            return [keys.active, keys.secure, keys.timeout].map { Fact($0, .unknown("no user list in the scan output")) }
        }
        let users = root.objects
        guard !users.isEmpty else {
            return [keys.active, keys.secure, keys.timeout].map {
                Fact($0, .unknown("no user profile loaded (nobody signed in): screen saver settings are per user"))
            }
        }
        var active: [FactValue] = []
        var secure: [FactValue] = []
        var timeout: [FactValue] = []
        for user in users {
            let who = user["Name"]?.scalarText ?? user["Sid"]?.scalarText ?? "?"
            let own = values(user["Desktop"]?.scalarText ?? "") ?? [:]
            let policy = values(user["Policy"]?.scalarText ?? "") ?? [:]
            func effective(_ name: String) -> Value? { policy[name.lowercased()] ?? own[name.lowercased()] }
            let isActive = effective("ScreenSaveActive")?.integer.map { $0 != 0 } ?? false
            let program = effective("SCRNSAVE.EXE")?.data ?? ""
            active.append(.bool(isActive))
            secure.append(.bool(effective("ScreenSaverIsSecure")?.integer.map { $0 != 0 } ?? false))
            let seconds = effective("ScreenSaveTimeOut")?.integer ?? 0
            timeout.append(
                !isActive
                    ? .never("\(who): ScreenSaveActive off: the screen saver never starts")
                    : program.isEmpty
                        ? .never("\(who): no screen saver chosen (SCRNSAVE.EXE): it never starts")
                        : seconds <= 0
                            ? .never("\(who): ScreenSaveTimeOut not set: the screen saver never starts")
                            : .int(seconds))
        }
        return [
            Fact(keys.active, .worst(active, unsafe: false, none: "no user")),
            Fact(keys.secure, .worst(secure, unsafe: false, none: "no user")),
            Fact(keys.timeout, .worst(timeout, none: "no user"))
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
