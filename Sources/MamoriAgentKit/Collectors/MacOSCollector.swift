/// Collects facts on macOS 13+ with fixed, read-only commands — JSON and plist forms first — and the parsers.
public struct MacOSCollector: Sendable {
    public let runner: CommandRunner

    /// A collector running its commands through `runner`.
    public init(runner: CommandRunner) {
        self.runner = runner
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
        (["/usr/bin/defaults", "read", "/Library/Preferences/com.apple.SoftwareUpdate", "AutomaticallyInstallMacOSUpdates"],
         { MacOSSoftwareParser.automaticUpdates($0) }),
    ]

    /// Every fact; a command that fails gives `unknown` facts with its reason.
    public func collect() -> [Fact] {
        var facts = Self.steps.flatMap { step -> [Fact] in
            switch runner(step.command, timeout: .seconds(30)) {
            case let .success(text): return step.parse(text)
            case let .failure(failure):
                return step.parse("").unknown(because: failure.reason, all: true)
            }
        }
        let user = try? runner(["/usr/bin/stat", "-f", "%Su", "/dev/console"]).get()
        facts.append(DailyAdministrator.facts(platform: "macos", user: user, members: "macos.admin_group.members", in: facts))
        // macOS has no AUTORUN for removable media: nothing on a USB stick starts by itself.
        facts.append(Fact("macos.usb.autorun_supported", .bool(false)))
        facts.append(Fact("macos.inventory.collected", .bool(true)))
        return facts
    }
}
