import Foundation
import MamoriTestSupport
import Testing

@testable import MamoriAgentKit

/// Values that mean never, off or not set can meet no threshold, whichever platform printed them and whichever layer
/// (a user's own setting, a lock, a policy, a profile) decides; the worst user is the one reported.
@Suite struct NoFalsePassTests {
    static func rule(_ fact: String, _ op: RuleCondition.Operator, _ value: Int) -> AgentRule {
        AgentRule(check: "x", all: [RuleCondition(fact: fact, op: op, value: .int(value), parameter: nil, emptyAllowsNothing: nil)], any: nil)
    }

    @Test func neverMeetsNoComparison() {
        let facts = [Fact("idle", .never("idle-delay 0")), Fact("idle.int", .int(0))]
        for op in [RuleCondition.Operator.le, .ge, .eq] {
            let result = RuleEvaluator(parameters: AgentParameters()).evaluate(RuleBook(platform: "linux", rules: [Self.rule("idle", op, 900)]), facts: facts)
            #expect(result.first?.status == .fail, "\(op)")
            #expect(result.first?.observed == "idle = never (idle-delay 0)")
        }
        // A plain 0 would have passed "≤ 900": the reason the parsers never report one for "never".
        let zero = RuleEvaluator(parameters: AgentParameters()).evaluate(RuleBook(platform: "linux", rules: [Self.rule("idle.int", .le, 900)]), facts: facts)
        #expect(zero.first?.status == .pass)
    }

    @Test func neverTravelsInACheckInAndIsReadBack() throws {
        let fact = Fact("linux.gnome.session.idle_delay_seconds", .never("hanako: idle-delay 0"))
        let json = try JSONEncoder().encode(fact)
        #expect(String(decoding: json, as: UTF8.self).contains(#""value":{"never":"hanako: idle-delay 0"}"#))
        #expect(try JSONDecoder().decode(Fact.self, from: json) == fact)
    }

    // MARK: Linux

    /// Settings an outside attack found passing, each on the otherwise compliant tree: every one must fail.
    static let attacks: [(rule: String, what: String, bend: @Sendable (PreparedTree) throws -> Void)] = [
        (
            "logon.no_autologon", "Debian's gdm3 reads daemon.conf",
            { try $0.write("/etc/gdm3/daemon.conf", "[daemon]\nAutomaticLoginEnable=true\nAutomaticLogin=taro\n") }
        ),
        ("logon.no_autologon", "LightDM", { try $0.write("/etc/lightdm/lightdm.conf.d/50-auto.conf", "[Seat:*]\nautologin-user=taro\n") }),
        ("logon.no_autologon", "SDDM", { try $0.write("/etc/sddm.conf", "[Autologin]\nUser=taro\nSession=plasma\n") }),
        (
            "logon.no_autologon", "a console getty",
            {
                try $0.write(
                    "/etc/systemd/system/getty@tty1.service.d/override.conf",
                    "[Service]\nExecStart=\nExecStart=-/sbin/agetty --autologin taro --noclear %I $TERM\n")
            }
        ),
        (
            "accounts.no_empty_password", "an empty field in /etc/passwd",
            {
                try $0.write(
                    "/etc/passwd", "root:x:0:0:root:/root:/bin/bash\ntaro:x:1000:1000:Taro:/home/taro:/bin/bash\nalice::1001:1001::/home/alice:/bin/bash\n")
            }
        ),
        (
            "user.standard_daily", "a second uid 0",
            {
                try $0.write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\ntaro:x:1000:1000:Taro:/home/taro:/bin/bash\nbob:x:0:0::/root:/bin/bash\n")
            }
        ),
        (
            "user.standard_daily", "sudo as the primary group",
            { try $0.write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\ntaro:x:1000:27:Taro:/home/taro:/bin/bash\n") }
        ),
        ("user.standard_daily", "a sudoers.d grant", { try $0.write("/etc/sudoers.d/taro", "taro ALL=(ALL:ALL) ALL\n") }),
        (
            "screenlock.idle_delay", "a lock a day after the screen blanks",
            { tree in
                try tree.write("/etc/dconf/db/local.d/01-delay", "[org/gnome/desktop/screensaver]\nlock-delay=uint32 86400\n")
                try tree.compileDconf()
            }
        ),
        (
            "screenlock.idle_delay", "idle-delay -1",
            { tree in
                try tree.write("/etc/dconf/db/local.d/01-idle", "[org/gnome/desktop/session]\nidle-delay=-1\n")
                try tree.compileDconf()
            }
        ),
        ("password.max_age", "a comment after the value", { try $0.write("/etc/login.defs", "PASS_MAX_DAYS\t90\t# was 99999\n") }),
        ("password.max_age", "a unit after the value", { try $0.write("/etc/login.defs", "PASS_MAX_DAYS 90 days\n") }),
        ("password.max_age", "090 (no octal number)", { try $0.write("/etc/login.defs", "PASS_MAX_DAYS 090\n") }),
        (
            "password.max_age", "a user's own maximum of 99999",
            { tree in
                try tree.write("/etc/shadow", "root:*:20000:0:99999:7:::\ntaro:$y$j9T$SECRETHASH$abc:\(tree.today - 10):1:99999:7:::\n")
            }
        ),
        (
            "password.min_length", "the pwquality line commented out",
            { tree in
                try tree.write(
                    "/etc/pam.d/common-password",
                    "#password\trequisite\tpam_pwquality.so retry=3\npassword\t[success=1 default=ignore]\tpam_unix.so obscure yescrypt\n")
                try tree.write("/etc/security/pwquality.conf", "minlen = 10\nminclass = 3\n")
            }
        ),
        ("password.min_length", "pwquality only warning", { try $0.write("/etc/security/pwquality.conf", "minlen = 10\nminclass = 3\nenforcing = 0\n") }),
        ("firewall.enabled", "ufw on but not installed", { try $0.packages(PreparedTree.installed.filter { $0 != "ufw" }) }),
        (
            "firewall.enabled", "ufw masked",
            { tree in
                try FileManager.default.createDirectory(at: tree.root.appendingPathComponent("etc/systemd/system"), withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(
                    atPath: tree.root.appendingPathComponent("etc/systemd/system/ufw.service").path,
                    withDestinationPath: "/dev/null")
            }
        ),
        ("firewall.enabled", "ufw's input policy ACCEPT", { try $0.write("/etc/default/ufw", "IPV6=yes\nDEFAULT_INPUT_POLICY=\"ACCEPT\"\n") }),
        (
            "firewall.enabled", "iptables accepting, a comment saying drop",
            { tree in
                try tree.remove("/etc/ufw")
                try tree.write("/etc/iptables/rules.v4", "*filter\n:INPUT ACCEPT [0:0]\n# was: :INPUT DROP [0:0]\n:FORWARD DROP [0:0]\nCOMMIT\n")
            }
        ),
        (
            "logon.no_autologon", "LightDM's packaged defaults",
            { try $0.write("/usr/share/lightdm/lightdm.conf.d/60-auto.conf", "[Seat:*]\nautologin-user=taro\n") }
        ),
        (
            "logon.no_autologon", "greetd's initial session",
            { try $0.write("/etc/greetd/config.toml", "[initial_session]\ncommand = \"sway\"\nuser = \"taro\"\n") }
        ),
        ("logon.no_autologon", "nodm", { try $0.write("/etc/default/nodm", "NODM_ENABLED=true\nNODM_USER=taro\n") }),
        (
            "user.standard_daily", "a name listed first with uid 0",
            {
                try $0.write(
                    "/etc/passwd", "root:x:0:0:root:/root:/bin/bash\ntaro:x:0:0:Taro:/home/taro:/bin/bash\ntaro:x:1000:1000:Taro:/home/taro:/bin/bash\n")
            }
        ),
        (
            "password.max_age", "ageing off by an empty last change",
            { try $0.write("/etc/shadow", "root:*:20000:0:99999:7:::\ntaro:$y$j9T$SECRETHASH$abc::1:90:7:::\n") }
        ),
        (
            "password.max_age", "a second shadow line for the same user",
            { tree in
                try tree.write("/etc/shadow", "taro:$y$j9T$x:\(tree.today - 10):0:99999:7:::\ntaro:$y$j9T$x:\(tree.today - 10):1:90:7:::\n")
            }
        ),
        (
            "screenlock.enabled", "the lock screen disabled by lockdown",
            { tree in
                try tree.write("/etc/dconf/db/local.d/01-lockdown", "[org/gnome/desktop/lockdown]\ndisable-lock-screen=true\n")
                try tree.compileDconf()
            }
        ),
        (
            "screenlock.idle_delay", "a system database named before local",
            { tree in
                try tree.write("/etc/dconf/profile/user", "user-db:user\nsystem-db:site\nsystem-db:local\n")
                try tree.write("/etc/dconf/db/site.d/00-site", "[org/gnome/desktop/session]\nidle-delay=uint32 0\n")
                try tree.write("/etc/dconf/db/site", "GVariant")
                try FileManager.default.setAttributes(
                    [.modificationDate: Date().addingTimeInterval(60)],
                    ofItemAtPath: tree.root.appendingPathComponent("etc/dconf/db/site").path)
            }
        ),
        ("updates.automatic", "apt.conf wins over apt.conf.d", { try $0.write("/etc/apt/apt.conf", "APT::Periodic::Unattended-Upgrade \"0\";\n") }),
        ("updates.automatic", "#clear", { try $0.write("/etc/apt/apt.conf.d/99-clear", "#clear APT::Periodic;\n") }),
        ("updates.automatic", "periodic work off", { try $0.write("/etc/apt/apt.conf.d/99-off", "APT::Periodic::Enable \"0\";\n") }),
        (
            "updates.automatic", "package lists never refreshed",
            {
                try $0.write("/etc/apt/apt.conf.d/20auto-upgrades", "APT::Periodic::Update-Package-Lists \"0\";\nAPT::Periodic::Unattended-Upgrade \"1\";\n")
            }
        ),
        (
            "updates.automatic", "enabled only in a file apt skips",
            { tree in
                try tree.write("/etc/apt/apt.conf.d/20auto-upgrades", "APT::Periodic::Unattended-Upgrade \"0\";\n")
                try tree.write("/etc/apt/apt.conf.d/90auto.dpkg-dist", "APT::Periodic::Unattended-Upgrade \"1\";\n")
            }
        )
    ]

    @Test(arguments: attacks.indices)
    func anAttackThatPassedNowFails(index: Int) throws {
        let attack = Self.attacks[index]
        let tree = try PreparedTree()
        try attack.bend(tree)
        var stricter = tree.parameters
        stricter.passwordMinLength = 8  // above pam_unix's own 6, below the tree's 10
        let result = tree.scan(stricter)[attack.rule]
        #expect(result?.status == .fail, "\(attack.rule), \(attack.what): \(result?.observed ?? "missing")")
    }

    @Test func systemSettingsDconfDoesNotUseAreNotAPass() throws {
        // No user profile naming the system database (Debian ships none): its keyfiles bind nobody.
        let unnamed = try PreparedTree()
        try unnamed.remove("/etc/dconf/profile/user")
        #expect(unnamed.scan()["screenlock.idle_delay"]?.status == .unknown)
        // Keyfiles changed after the database was compiled: not what dconf uses.
        let stale = try PreparedTree()
        try stale.write("/etc/dconf/db/local.d/00-security", "[org/gnome/desktop/session]\nidle-delay=uint32 300\n")
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(3600)],
            ofItemAtPath: stale.root.appendingPathComponent("etc/dconf/db/local.d/00-security").path)
        #expect(stale.scan()["screenlock.idle_delay"]?.observed.contains("changed after the database was compiled") == true)
        // A lock line with trailing blanks locks nothing for dconf.
        #expect(
            LinuxDesktopParser.locks("/org/gnome/desktop/session/idle-delay \n/org/gnome/desktop/screensaver/lock-enabled\n")
                == ["/org/gnome/desktop/screensaver/lock-enabled"])
    }

    @Test func linksOutOfTheTreeAndFutureDatesAreNotRead() throws {
        let tree = try PreparedTree()
        try tree.remove("/etc/login.defs")
        try FileManager.default.createSymbolicLink(
            atPath: tree.root.appendingPathComponent("etc/login.defs").path, withDestinationPath: "../../../../../../etc/login.defs")
        let results = tree.scan()
        #expect(results["password.max_age"]?.status == .unknown)
        #expect(results["password.max_age"]?.observed.contains("a link out of the tree") == true)
        try tree.write("/etc/shadow", "taro:$y$j9T$x:\(tree.today + 400):0:90:7:::\n")
        #expect(tree.scan()["password.last_change"]?.status == .unknown)
    }

    @Test func nftablesCountsOnlyAnInputChainThatDrops() {
        let accept =
            "table inet filter {\n chain input { type filter hook input priority filter; policy accept; }\n chain forward { type filter hook forward priority filter; policy drop; }\n}\n"
        #expect(!LinuxDerivedFacts.filtersInput(accept), "a drop policy on forward is not a firewall on input")
        #expect(!LinuxDerivedFacts.filtersInput("table inet filter {\n chain input {\n  type filter hook input priority 0;\n  # policy drop;\n }\n}\n"))
        #expect(
            LinuxDerivedFacts.filtersInput(
                "table inet filter {\n chain input {\n  type filter hook input priority 0; policy drop;\n  ct state established accept\n }\n}\n"))
        // nft list ruleset form: accept policy, then a final rule that drops whatever reaches it.
        let finalDrop =
            "table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n\t\tct state established,related accept\n\t\tcounter packets 12 bytes 720 drop\n\t}\n}\n"
        #expect(LinuxDerivedFacts.filtersInput(finalDrop))
        #expect(
            !LinuxDerivedFacts.filtersInput(finalDrop.replacingOccurrences(of: "counter packets 12 bytes 720 drop", with: "ip saddr 10.0.0.0/8 drop")),
            "a drop with a match lets everything else in")
    }

    @Test func theMainPwqualityFileWinsOverItsDirectory() throws {
        let tree = try PreparedTree()
        try tree.write("/etc/security/pwquality.conf", "minlen = 12\nminclass = 3\n")
        try tree.write("/etc/security/pwquality.conf.d/50-local.conf", "minlen = 4\n")
        #expect(tree.scan()["password.min_length"]?.observed == "linux.password.min_length = 12")
        try tree.write("/etc/security/pwquality.conf", "minlen = 4\nminclass = 3\n")
        try tree.write("/etc/security/pwquality.conf.d/50-local.conf", "minlen = 12\n")
        #expect(tree.scan()["password.min_length"]?.status == .fail)
    }

    @Test func passwordsThatNeverExpireFailWhateverTheMaximum() throws {
        var lenient = try PreparedTree().parameters
        lenient.passwordMaxAgeDays = 100_000
        for line in ["PASS_MAX_DAYS\t-1\n", "PASS_MAX_DAYS\t99999\n", "PASS_MIN_DAYS\t1\n"] {
            let tree = try PreparedTree()
            try tree.write("/etc/login.defs", line)
            #expect(tree.scan(lenient)["password.max_age"]?.status == .fail, "\(line)")
        }
    }

    /// A tree with two people (taro, hanako) whose own dconf databases are compiled by dconf itself.
    static func desktop(taro: String?, hanako: String?, lock: Bool = false) throws -> PreparedTree {
        let tree = try PreparedTree()
        try tree.write(
            "/etc/passwd",
            "root:x:0:0:root:/root:/bin/bash\ntaro:x:1000:1000:Taro:/home/taro:/bin/bash\n"
                + "hanako:x:1001:1001:Hanako:/home/hanako:/bin/bash\nsvc:x:1002:1002::/srv:/usr/sbin/nologin\n")
        if lock {
            try tree.write("/etc/dconf/db/local.d/locks/screensaver", "/org/gnome/desktop/session/idle-delay\n")
            try tree.compileDconf()
        }
        for (user, settings) in [("taro", taro), ("hanako", hanako)] {
            guard let settings else { continue }
            let keyfiles = tree.root.appendingPathComponent("keyfiles-\(user)")
            try FileManager.default.createDirectory(at: keyfiles, withIntermediateDirectories: true)
            try Data(settings.utf8).write(to: keyfiles.appendingPathComponent("00-own"))
            let database = tree.root.appendingPathComponent("home/\(user)/.config/dconf")
            try FileManager.default.createDirectory(at: database, withIntermediateDirectories: true)
            let compile = try ChildProcess.run(
                ["/usr/bin/dconf", "compile", database.appendingPathComponent("user").path, keyfiles.path], timeout: .seconds(60))
            try #require(compile.succeeded, "dconf compile: \(compile.termination) \(compile.errorText)")
        }
        return tree
    }

    static func gnome(_ tree: PreparedTree) -> [Fact] {
        LinuxCollector(tree: FileTree(root: tree.root), runner: .live, now: tree.now, runsCommands: false).collect()
    }

    @Test(.needs(.dconf)) func eachUsersOwnGnomeSettingsAreReadAndTheWorstReported() throws {
        // The system says 300 s and locking on; taro keeps 600 s, hanako set 0 (never idle) in her own database.
        let tree = try Self.desktop(
            taro: "[org/gnome/desktop/session]\nidle-delay=uint32 600\n",
            hanako: "[org/gnome/desktop/session]\nidle-delay=uint32 0\n\n[org/gnome/desktop/screensaver]\nlock-enabled=false\n")
        let facts = Self.gnome(tree)
        #expect(facts["linux.gnome.session.idle_delay_seconds"] == .never("hanako: idle-delay 0: the session never goes idle, so the screen never locks"))
        #expect(facts["linux.gnome.screensaver.lock_enabled"] == .bool(false))
        let results = tree.scan()
        #expect(results["screenlock.idle_delay"]?.status == .fail)
        #expect(results["screenlock.enabled"]?.status == .fail)
        // Only taro's own 600 s: the worst user is still reported.
        let one = try Self.desktop(taro: "[org/gnome/desktop/session]\nidle-delay=uint32 600\n", hanako: nil)
        #expect(Self.gnome(one)["linux.gnome.session.idle_delay_seconds"] == .int(600))
        #expect(one.scan()["screenlock.idle_delay"]?.status == .pass)
    }

    @Test(.needs(.dconf)) func aLockedSystemValueWinsOverAUsersOwn() throws {
        let tree = try Self.desktop(taro: nil, hanako: "[org/gnome/desktop/session]\nidle-delay=uint32 0\n", lock: true)
        #expect(Self.gnome(tree)["linux.gnome.session.idle_delay_seconds"] == .int(300))
        #expect(tree.scan()["screenlock.idle_delay"]?.status == .pass)
    }

    @Test func aUsersDatabaseThatCannotBeReadIsNotAPass() throws {
        let tree = try PreparedTree()
        try tree.write("/home/taro/.config/dconf/user", "GVariant")
        let facts = LinuxCollector(
            tree: FileTree(root: tree.root),
            runner: CommandRunner { arguments, _ in
                .failure(ReadFailure("\(arguments[0]): exit status 127"))
            }, now: tree.now
        ).collect()
        let idle = facts["linux.gnome.session.idle_delay_seconds"]
        #expect(idle?.isKnown == false)
        #expect(idle.map(RuleEvaluator.describe)?.contains("taro: idle-delay unknown: /home/taro/.config/dconf/user not read") == true)
    }

    // MARK: Windows

    @Test func neverUpdatedDefinitionsAndNeverSetPasswordsMeetNoMaximum() {
        let status = WindowsDefenderParser.mpComputerStatus(json: #"{"AntivirusSignatureAge": 65535, "FullScanAge": 4294967295, "AntivirusEnabled": true}"#)
        #expect(status["windows.defender.signature_age_days"] == .never("AntivirusSignatureAge 65535: never"))
        #expect(status["windows.defender.full_scan_age_days"] == .never("FullScanAge 4294967295: never"))
        let users = #"[{"Name": "taro", "PasswordLastSet": "\/Date(1794000000000)\/"}, {"Name": "kiosk", "PasswordLastSet": null}]"#
        #expect(
            WindowsUpdateParser.passwordAges(json: users, now: PlatformScanTests.now)["windows.password.oldest_change_days"]
                == .never("kiosk: PasswordLastSet empty: the password was never set"))
    }

    // MARK: macOS

    /// A runner answering `defaults` reads by user and source; `dscl` lists taro and hanako.
    static func mac(_ answers: [String: String]) -> CommandRunner {
        CommandRunner { arguments, _ in
            let command = arguments.joined(separator: " ")
            if command.hasSuffix("-list /Users UniqueID") { return .success("_amavisd 83\nroot 0\ntaro 501\nhanako 502\n") }
            guard let answer = answers.first(where: { command.contains($0.key) })?.value else {
                return .failure(ReadFailure("\(arguments[0]): exit status 1"))
            }
            return .success(answer + "\n")
        }
    }

    @Test func everyMacUserIsReadAsThemselvesAndAProfileWins() {
        let own = [
            "-u taro /usr/bin/defaults -currentHost read com.apple.screensaver idleTime": "600",
            "-u hanako /usr/bin/defaults -currentHost read com.apple.screensaver idleTime": "0",
            "-u taro /usr/bin/defaults read com.apple.screensaver askForPassword": "1",
            "-u hanako /usr/bin/defaults read com.apple.screensaver askForPassword": "1"
        ]
        let facts = MacOSScreenSaver(runner: Self.mac(own)).facts(users: "taro 501\nhanako 502\n")
        #expect(facts["macos.screensaver.idle_seconds"] == .never("hanako: idleTime 0: the screen saver never starts"))
        #expect(facts["macos.screensaver.ask_for_password"] == .bool(true))
        // A configuration profile for hanako sets 300 s: the profile wins over her own 0.
        let managed = own.merging(["/Library/Managed Preferences/hanako/com.apple.screensaver idleTime": "300"]) { $1 }
        #expect(MacOSScreenSaver(runner: Self.mac(managed)).facts(users: "taro 501\nhanako 502\n")["macos.screensaver.idle_seconds"] == .int(600))
        // Nothing set anywhere for anyone: not known, never a pass.
        let unset = MacOSScreenSaver(runner: Self.mac([:])).facts(users: "taro 501\n")
        #expect(unset["macos.screensaver.idle_seconds"] == .unknown("taro: idleTime not set"))
        #expect(unset["macos.screensaver.ask_for_password"]?.isKnown == false)
    }

    @Test func serviceAccountsAndOddNamesAreNotPeople() {
        #expect(MacOSAccountsParser.people("_amavisd 83\nnobody -2\nroot 0\ntaro 501\nbad;name 503\nhanako 502\n") == ["taro", "hanako"])
    }
}
