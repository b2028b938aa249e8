/// Reads Windows Firewall profile state from `Get-NetFirewallProfile` JSON or, as a fallback, `netsh advfirewall` text.
public enum WindowsFirewallParser {
    /// The three profiles, as fact name segments.
    static let profiles = ["domain", "private", "public"]

    /// `DefaultInboundAction` numbers when `ConvertTo-Json` writes the enum as a number.
    private static let actions = [0: "NotConfigured", 2: "Allow", 4: "Block"]

    /// Facts from `Get-NetFirewallProfile | ConvertTo-Json`; `Enabled` may be a boolean, `True`/`False` or the enum number.
    public static func netFirewallProfile(json: String) -> [Fact] {
        guard let value = PrintedJSON.parse(json) else {
            return facts([:], missing: "Get-NetFirewallProfile output is not JSON")
        }
        var found: [String: (enabled: FactValue, inbound: FactValue)] = [:]
        for object in value.objects {
            guard let name = object["Name"]?.scalarText?.lowercased(), profiles.contains(name) else { continue }
            let enabled: FactValue =
                switch object["Enabled"]?.scalarText {
                case nil: .unknown("Enabled missing for the \(name) profile")
                case let raw?: .bool(ConsoleText.boolean(raw), else: "Enabled is \(raw) for the \(name) profile")
                }
            let inbound: FactValue =
                switch object["DefaultInboundAction"] {
                case .int(let number)?: .text(actions[number], else: "DefaultInboundAction \(number) not recognised")
                case let raw?: .text(raw.scalarText, else: "DefaultInboundAction missing")
                case nil: .unknown("DefaultInboundAction missing for the \(name) profile")
                }
            found[name] = (enabled, inbound)
        }
        return facts(found, missing: "profile missing from Get-NetFirewallProfile output")
    }

    /// Facts from `netsh advfirewall show allprofiles`, English or Japanese labels.
    public static func netshAllProfiles(_ text: String) -> [Fact] {
        var found: [String: (enabled: FactValue, inbound: FactValue)] = [:]
        var current: String?
        for line in ConsoleText.lines(text) {
            let body = ConsoleText.trimmed(line)
            if body.hasSuffix(":") || body.hasSuffix("："),
                ConsoleLabels.contains(body, anyOf: ConsoleLabels.firewallProfileHeader)
            {
                current = ConsoleLabels.firewallProfiles.first { ConsoleLabels.contains(body, anyOf: $0.words) }?.profile
                if let current { found[current] = (.unknown("State row missing"), .unknown("Firewall Policy row missing")) }
                continue
            }
            guard let profile = current, let (key, value) = ConsoleText.columns(body) else { continue }
            if ConsoleLabels.matches(key, ConsoleLabels.firewallState) {
                found[profile]?.enabled = .bool(ConsoleLabels.onOff(value), else: "State is \(value)")
            } else if ConsoleLabels.matches(key, ConsoleLabels.firewallPolicy) {
                found[profile]?.inbound = .text(inboundAction(policy: value), else: "Firewall Policy is \(value)")
            }
        }
        return facts(found, missing: "profile missing from netsh output")
    }

    /// `BlockInbound,AllowOutbound` → `Block`; `AllowInbound,…` → `Allow`; `NotConfigured` as is.
    static func inboundAction(policy: String) -> String? {
        let inbound = policy.split(separator: ",").first.map { ConsoleText.trimmed($0).lowercased() } ?? ""
        if inbound.hasPrefix("blockinbound") { return "Block" }
        if inbound.hasPrefix("allowinbound") { return "Allow" }
        if inbound == "notconfigured" { return "NotConfigured" }
        return nil
    }

    private static func facts(_ found: [String: (enabled: FactValue, inbound: FactValue)], missing: String) -> [Fact] {
        profiles.flatMap { profile in
            let state = found[profile]
            return [
                Fact("windows.firewall.\(profile).enabled", state?.enabled ?? .unknown(missing)),
                Fact("windows.firewall.\(profile).default_inbound_action", state?.inbound ?? .unknown(missing))
            ]
        }
    }
}
