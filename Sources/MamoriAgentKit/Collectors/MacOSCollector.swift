import Foundation

/// Collects facts on macOS 13+ with fixed, read-only commands — JSON and plist forms first — and the parsers.
public struct MacOSCollector: Sendable {
    public let runner: CommandRunner
    public let now: Date

    /// A collector running its commands through `runner`, as of `now`.
    public init(runner: CommandRunner, now: Date) {
        self.runner = runner
        self.now = now
    }

    static let steps: [(command: [String], parse: @Sendable (String) -> [Fact])] = [
        (["/usr/bin/fdesetup", "status"], { MacOSSecurityParser.fdesetupStatus($0) }),
        (["/usr/sbin/spctl", "--status"], { MacOSSecurityParser.spctlStatus($0) }),
        (["/usr/libexec/ApplicationFirewall/socketfilterfw", "--getglobalstate"], { MacOSSecurityParser.firewallGlobalState($0) }),
        (["/usr/bin/xprotect", "status"], { MacOSSecurityParser.xprotectStatus($0) }),
        (["/usr/bin/pwpolicy", "-getaccountpolicies"], { MacOSPasswordPolicyParser.accountPolicies($0) }),
        (["/usr/bin/dscl", ".", "-read", "/Groups/admin", "GroupMembership"], { MacOSAccountsParser.adminGroupMembership($0) }),
        (["/usr/bin/defaults", "read", "/Library/Preferences/com.apple.loginwindow", "autoLoginUser"], { MacOSAccountsParser.autoLoginUser($0) }),
        (["/usr/sbin/system_profiler", "-json", "SPAirPortDataType"], { MacOSSystemProfilerParser.airport(json: $0) }),
        (["/usr/sbin/system_profiler", "-json", "SPUSBDataType"], { MacOSSystemProfilerParser.usb(json: $0) }),
        (["/usr/sbin/system_profiler", "-json", "SPApplicationsDataType"], { MacOSSoftwareParser.applications(json: $0) }),
        (
            ["/usr/bin/defaults", "read", "/Library/Preferences/com.apple.SoftwareUpdate", "AutomaticallyInstallMacOSUpdates"],
            { MacOSSoftwareParser.automaticUpdates($0) }
        )
    ]

    static let users = ["/usr/bin/dscl", ".", "-list", "/Users", "UniqueID"]

    /// Every fact; a command that fails gives `unknown` facts with its reason.
    public func collect() -> [Fact] {
        var facts = Self.steps.flatMap { step in runner.facts(step.command, step.parse) }
        facts += runner.facts(["/usr/sbin/system_profiler", "-json", "SPInstallHistoryDataType"]) { MacOSMaintenanceParser.xprotectAge(json: $0, now: now) }
        facts += runner.facts(["/usr/sbin/softwareupdate", "--list"], MacOSMaintenanceParser.pendingUpdates)
        facts += MacOSScreenSaver(runner: runner).facts(users: (try? runner(Self.users).get()) ?? "")
        let user = try? runner(["/usr/bin/stat", "-f", "%Su", "/dev/console"]).get()
        if let user = user.map(ConsoleText.trimmed), !user.isEmpty, !user.contains("/") {
            facts += runner.facts(["/usr/bin/dscl", ".", "-readpl", "/Users/\(user)", "accountPolicyData", "passwordLastSetTime"]) {
                MacOSMaintenanceParser.passwordAge($0, now: now)
            }
        }
        facts.append(DailyAdministrator.facts(platform: "macos", user: user, members: "macos.admin_group.members", in: facts))
        // macOS has no AUTORUN for removable media: nothing on a USB stick starts by itself.
        facts.append(Fact("macos.usb.autorun_supported", .bool(false)))
        facts.append(Fact("macos.inventory.collected", .bool(true)))
        return facts
    }

    /// The inventory's system part: `system_profiler` JSON and the user list.
    func describeSystem() -> (json: String, users: String) {
        (
            (try? runner(
                ["/usr/sbin/system_profiler", "-json", "SPHardwareDataType", "SPSoftwareDataType", "SPNetworkDataType"],
                timeout: .seconds(60)
            ).get()) ?? "",
            (try? runner(Self.users).get()) ?? ""
        )
    }
}
