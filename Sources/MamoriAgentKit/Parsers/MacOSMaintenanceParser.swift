import Foundation

/// Reads macOS update, XProtect definition, screen saver and password-age outputs.
public enum MacOSMaintenanceParser {
    /// `system_profiler -json SPInstallHistoryDataType` → `macos.xprotect.definitions_age_days` from the newest XProtect install.
    public static func xprotectAge(json: String, now: Date) -> [Fact] {
        let key = "macos.xprotect.definitions_age_days"
        guard let root = PrintedJSON.parse(ConsoleText.trimmed(json)), let items = root["SPInstallHistoryDataType"]?.items else {
            return [Fact(key, .unknown("no SPInstallHistoryDataType in system_profiler output"))]
        }
        let dates = items.filter { $0["_name"]?.scalarText?.hasPrefix("XProtect") == true }
            .compactMap { $0["install_date"]?.scalarText }.compactMap { try? Date($0, strategy: .iso8601) }
        guard let newest = dates.max() else { return [Fact(key, .unknown("no XProtect update in the install history"))] }
        return [Fact(key, .int(max(0, Int(now.timeIntervalSince(newest) / 86_400))))]
    }

    /// `softwareupdate --list` → `macos.softwareupdate.pending_security`: recommended updates (macOS updates carry security fixes).
    public static func pendingUpdates(_ text: String) -> [Fact] {
        let key = "macos.softwareupdate.pending_security"
        let lines = ConsoleText.lines(text)
        if lines.contains(where: { $0.contains("No new software available") }) { return [Fact(key, .int(0))] }
        let titles = lines.filter { $0.contains("Title:") }
        guard !titles.isEmpty || lines.contains(where: { $0.hasPrefix("Software Update found") }) else {
            return [Fact(key, .unknown("softwareupdate printed no list"))]
        }
        return [Fact(key, .int(titles.filter { $0.contains("Recommended: YES") || $0.localizedCaseInsensitiveContains("security") }.count))]
    }

    /// `defaults -currentHost read com.apple.screensaver idleTime` → `macos.screensaver.idle_seconds` (0 means never).
    public static func screenSaverIdle(_ text: String) -> [Fact] {
        let key = "macos.screensaver.idle_seconds"
        guard let seconds = Int(ConsoleText.trimmed(text)) else { return [Fact(key, .unknown("idleTime not set"))] }
        return [Fact(key, seconds <= 0 ? .never("idleTime \(seconds): the screen saver never starts") : .int(seconds))]
    }

    /// `dscl . -readpl /Users/NAME accountPolicyData passwordLastSetTime` → `macos.password.oldest_change_days`.
    public static func passwordAge(_ text: String, now: Date) -> [Fact] {
        let key = "macos.password.oldest_change_days"
        let line = ConsoleText.lines(text).first { $0.contains("passwordLastSetTime") } ?? ""
        guard let value = ConsoleText.labeled(line)?.value, let seconds = Double(value) else {
            return [Fact(key, .unknown("passwordLastSetTime not readable"))]
        }
        return [Fact(key, .int(max(0, Int(now.timeIntervalSince1970 - seconds) / 86_400)))]
    }
}
