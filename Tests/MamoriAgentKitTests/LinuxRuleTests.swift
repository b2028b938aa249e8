import Foundation
import Testing

@testable import MamoriAgentKit

/// Every Linux rule passes on a compliant tree and fails when one setting is bent (one pair per rule).
@Suite struct LinuxRuleTests {
    static let flips: [(rule: String, bend: @Sendable (PreparedTree) throws -> Void)] = [
        ("av.installed", { try $0.packages(["gnome-shell", "libreoffice-calc"]) }),
        (
            "av.running",
            {
                try $0.remove("/proc/100")
                try $0.remove("/proc/101")
            }
        ),
        ("av.realtime", { try $0.remove("/proc/101") }),
        ("av.definitions_current", { try $0.touch("/var/lib/clamav/daily.cld", daysAgo: 30) }),
        ("firewall.enabled", { try $0.write("/etc/ufw/ufw.conf", "ENABLED=no\n") }),
        ("updates.automatic", { try $0.write("/etc/apt/apt.conf.d/20auto-upgrades", "APT::Periodic::Unattended-Upgrade \"0\";\n") }),
        ("updates.automatic", { try $0.packages(PreparedTree.installed.filter { $0 != "unattended-upgrades" }) }),
        ("logon.no_autologon", { try $0.write("/etc/gdm3/custom.conf", "[daemon]\nAutomaticLoginEnable=true\nAutomaticLogin=taro\n") }),
        ("accounts.no_empty_password", { try $0.write("/etc/shadow", "root:*:20000:0:99999:7:::\nguest::20000:0:99999:7:::\n") }),
        ("usb.autorun_disabled", { try $0.dconf(lockEnabled: true, idleDelay: 300, autorunNever: false) }),
        ("screenlock.enabled", { try $0.dconf(lockEnabled: false, idleDelay: 300, autorunNever: true) }),
        ("screenlock.idle_delay", { try $0.dconf(lockEnabled: true, idleDelay: 1800, autorunNever: true) }),
        ("wifi.secured", { try $0.write("/etc/NetworkManager/system-connections/cafe.nmconnection", "[connection]\nid=cafe\ntype=wifi\n[wifi]\nssid=cafe\n") }),
        ("user.standard_daily", { try $0.write("/etc/group", "root:x:0:\nsudo:x:27:taro\n") }),
        ("password.min_length", { try $0.write("/etc/security/pwquality.conf", "minlen = 4\nminclass = 3\n") }),
        ("password.complexity", { try $0.write("/etc/security/pwquality.conf", "minlen = 10\nminclass = 1\n") }),
        ("password.max_age", { try $0.write("/etc/login.defs", "PASS_MAX_DAYS\t99999\n") }),
        ("password.last_change", { tree in try tree.write("/etc/shadow", "taro:$y$j9T$x:\(tree.today - 400):0:99999:7:::\n") }),
        (
            "devices.usb_allowed",
            { tree in
                try tree.write("/sys/bus/usb/devices/1-1/idVendor", "0781\n")
                try tree.write("/sys/bus/usb/devices/1-1/idProduct", "5567\n")
                try tree.write("/sys/bus/usb/devices/1-1/serial", "4C530001\n")
                try tree.write("/sys/bus/usb/devices/1-1:1.0/bInterfaceClass", "08\n")
            }
        ),
        ("software.denied_absent", { try $0.packages(PreparedTree.installed + ["qbittorrent"]) }),
        ("software.allowed", { try $0.packages(PreparedTree.installed + ["steam"]) }),
        ("disk.encrypted", { try $0.write("/etc/crypttab", "# <target name> <source device> <key file> <options>\n") })
    ]

    @Test func compliantTreePassesEveryRule() throws {
        let results = try PreparedTree().scan()
        #expect(results.count == 23)
        for (rule, result) in results {
            #expect(result.status == .pass, "\(rule): \(result.observed)")
        }
    }

    @Test(arguments: Set(flips.map(\.rule)).sorted())
    func bendingOneSettingFailsItsRule(rule: String) throws {
        for flip in Self.flips where flip.rule == rule {
            let tree = try PreparedTree()
            try flip.bend(tree)
            let result = try #require(tree.scan()[rule])
            #expect(result.status == .fail, "\(rule): \(result.observed)")
            #expect(!result.expected.isEmpty)
        }
    }

    @Test func everyRuleButTheInventoryHasAFlip() throws {
        let rules = try RuleBook.bundled("linux").rules.map(\.check)
        #expect(Set(rules).subtracting(Self.flips.map(\.rule)) == ["inventory.snapshot", "updates.security_pending"])
    }

    @Test func pendingSecurityUpdatesComeFromTheSimulatedUpgrade() throws {
        let output = """
            Reading package lists...
            Inst libssl3 [3.0.15-1~deb12u1] (3.0.17-1~deb12u2 Debian-Security:12/stable-security [amd64])
            Inst tzdata [2024a-0+deb12u1] (2025b-0+deb12u1 Debian:12.11/stable [all])
            Conf libssl3 (3.0.17-1~deb12u2 Debian-Security:12/stable-security [amd64])

            """
        let result = try #require(try PreparedTree().scan(aptOutput: output)["updates.security_pending"])
        #expect(result.status == .fail)
        #expect(result.observed.contains("= 1"))
    }

    @Test func theLiveNftablesRulesetDecidesWhenNoFirewallIsConfigured() throws {
        let tree = try PreparedTree()
        try tree.remove("/etc/ufw")
        #expect(tree.scan()["firewall.enabled"]?.status == .fail, "no configuration, no nft: no firewall")
        let filtering = """
            table inet filter {
            	chain input {
            		type filter hook input priority filter; policy drop;
            		ct state established,related accept
            	}
            }

            """
        #expect(tree.scan(nftOutput: filtering)["firewall.enabled"]?.status == .pass)
        #expect(
            tree.scan(nftOutput: "table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n\t}\n}\n")[
                "firewall.enabled"]?.status == .fail)
    }

    @Test func aContractMayRaiseTheThreshold() throws {
        let tree = try PreparedTree()
        var stricter = tree.parameters
        stricter.passwordMinLength = 12
        #expect(tree.scan(stricter)["password.min_length"]?.status == .fail)
    }

    @Test func missingFilesGiveUnknownWithTheReasonNeverACrash() throws {
        let tree = try PreparedTree()
        try tree.remove("/etc/login.defs")
        try tree.remove("/etc/ufw")
        let results = tree.scan()
        #expect(results["password.max_age"]?.status == .unknown)
        #expect(results["password.max_age"]?.observed.contains("/etc/login.defs: not found") == true)
        // No ufw, no nftables or iptables rules, no firewalld: no firewall, which is a failure, not a question.
        #expect(results["firewall.enabled"]?.status == .fail)
        #expect(results["firewall.enabled"]?.observed.contains("no firewall configured") == true)
    }

    @Test func noSecretFromTheTreeReachesAnyFact() throws {
        let tree = try PreparedTree()
        let facts = LinuxCollector(tree: FileTree(root: tree.root), runner: CommandRunner { _, _ in .success("") }, now: tree.now).collect()
        let text = String(decoding: try JSONEncoder().encode(facts), as: UTF8.self)
        #expect(!text.contains("WIFISECRET123"))
        #expect(!text.contains("SECRETHASH"))
    }

    @Test func scanningThisMachineForRealGivesKnownFacts() throws {
        let report = try AgentScan(root: URL(fileURLWithPath: "/")).run(deviceID: "test")
        let facts = Dictionary(report.facts.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        #expect(facts["linux.login_defs.pass_max_days"]?.isKnown == true)
        #expect(facts["linux.dpkg.installed"]?.isKnown == true)
        #expect(report.results.count == 23)
        #expect(!report.inventory.software.isEmpty)
        #expect(!report.inventory.os.isEmpty)
    }
}
