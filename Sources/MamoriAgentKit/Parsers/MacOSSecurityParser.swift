/// Reads the one-line answers of macOS security tools: FileVault, Gatekeeper, the application firewall and XProtect.
public enum MacOSSecurityParser {
    /// Facts from `fdesetup status` (`FileVault is On.`, `FileVault is Off.`, plus a progress line while converting).
    public static func fdesetupStatus(_ text: String) -> [Fact] {
        let lowered = text.lowercased()
        let enabled: Bool? = lowered.contains("filevault is on") ? true : lowered.contains("filevault is off") ? false : nil
        let reason = "fdesetup output not recognised"
        return [
            Fact("macos.filevault.enabled", .bool(enabled, else: reason)),
            Fact("macos.filevault.conversion_in_progress", .bool(enabled.map { _ in lowered.contains("in progress") }, else: reason))
        ]
    }

    /// Facts from `spctl --status` (`assessments enabled` / `assessments disabled`).
    public static func spctlStatus(_ text: String) -> [Fact] {
        let lowered = text.lowercased()
        let enabled: Bool? = lowered.contains("assessments enabled") ? true : lowered.contains("assessments disabled") ? false : nil
        return [Fact("macos.gatekeeper.enabled", .bool(enabled, else: "spctl output not recognised"))]
    }

    /// Facts from `socketfilterfw --getglobalstate`, read from the `(State = N)` number: 0 off, 1 on, 2 block all.
    public static func firewallGlobalState(_ text: String) -> [Fact] {
        var state: Int?
        if let marker = text.range(of: "State =") {
            state = ConsoleText.integer(String(text[marker.upperBound...]))
        } else if text.lowercased().contains("firewall is disabled") {
            state = 0
        } else if text.lowercased().contains("firewall is enabled") {
            state = 1
        }
        let reason = "socketfilterfw output not recognised"
        return [
            Fact("macos.firewall.state", .int(state, else: reason)),
            Fact("macos.firewall.enabled", .bool(state.map { $0 >= 1 }, else: reason)),
            Fact("macos.firewall.block_all", .bool(state.map { $0 == 2 }, else: reason))
        ]
    }

    /// Facts from `xprotect status` (macOS 15+): launch and background scans enabled or disabled.
    public static func xprotectStatus(_ text: String) -> [Fact] {
        var launch: Bool?
        var background: Bool?
        for line in ConsoleText.lines(text) {
            guard let (label, value) = ConsoleText.labeled(line) else { continue }
            let lowered = label.lowercased()
            if lowered.contains("launch") { launch = ConsoleText.boolean(value) }
            if lowered.contains("background") { background = ConsoleText.boolean(value) }
        }
        return [
            Fact("macos.xprotect.launch_scans", .bool(launch, else: "xprotect did not report launch scans")),
            Fact("macos.xprotect.background_scans", .bool(background, else: "xprotect did not report background scans"))
        ]
    }
}
