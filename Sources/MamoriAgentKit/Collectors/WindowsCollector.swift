import Foundation

/// Collects facts on Windows 10/11 with one PowerShell process (``WindowsScanScript``) whose sections the parsers read.
/// Never runs `netsh wlan … key=clear` and never reads Winlogon's `DefaultPassword`.
public struct WindowsCollector: Sendable {
    public let runner: CommandRunner
    public let now: Date

    /// A collector running its commands through `runner`, as of `now`.
    public init(runner: CommandRunner, now: Date) {
        self.runner = runner
        self.now = now
    }

    static let powershell = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"

    /// The scan script as a fixed argument array.
    static let scan = [powershell, "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-Command", WindowsScanScript.text]

    /// Each section and the parser of its text, in collection order.
    static let sections: [(name: String, parse: @Sendable (String) -> [Fact])] = [
        ("defender", { WindowsDefenderParser.mpComputerStatus(json: $0) }),
        ("antivirus", { WindowsSecurityCenterParser.antivirusProducts(json: $0) }),
        ("firewall", { WindowsFirewallParser.netFirewallProfile(json: $0) }),
        ("securityPolicy", { WindowsPolicyParser.secedit(text: $0) }),
        ("winlogon", { WindowsRegistryParser.winlogon($0) }),
        ("explorer", { WindowsRegistryParser.explorerPolicies($0) }),
        ("lockPolicy", { WindowsRegistryParser.inactivityPolicy($0) }),
        ("users", { WindowsRegistryParser.userScreenSavers(json: $0) }),
        ("updatePolicy", { WindowsInventoryParser.updatePolicy($0) }),
        ("bitlocker", { WindowsBitLockerParser.bitLockerVolumes(json: $0) }),
        ("wifi", { WindowsWiFiParser.interfaces($0) }),
        ("software", { WindowsInventoryParser.installedSoftware(json: $0) }),
        ("usb", { WindowsInventoryParser.usbStorage(json: $0) }),
        ("pendingUpdates", { WindowsUpdateParser.pendingUpdates(json: $0) })
    ]

    /// Every fact, and the inventory's system part (the `system` section's JSON); a failed section gives `unknown` facts
    /// with its reason.
    public func collect() -> (facts: [Fact], system: String) {
        let document = WindowsScanDocument(runner(Self.scan, timeout: .seconds(300)))
        var facts = Self.sections.flatMap { section in document.facts(section.name, section.parse) }
        let administrators = document.facts("administrators") { WindowsAdministratorsParser.localGroupMember(json: $0) }
        facts += administrators
        let user = try? document.text("whoami").get()
        facts.append(DailyAdministrator.facts(platform: "windows", user: user, members: "windows.administrators.members", in: administrators))
        facts += document.facts("localUsers") { WindowsUpdateParser.passwordAges(json: $0, now: now) }
        facts.append(Fact("windows.inventory.collected", .bool(true)))
        return (facts, (try? document.text("system").get()) ?? "")
    }
}
