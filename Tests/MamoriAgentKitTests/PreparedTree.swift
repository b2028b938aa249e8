import Foundation

@testable import MamoriAgentKit

/// A Debian root tree in a temporary directory that meets every Linux rule; each test bends one file.
final class PreparedTree {
    let root: URL
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    var today: Int { Int(now.timeIntervalSince1970 / 86_400) }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-root-\(UUID().uuidString)")
        try write("/etc/login.defs", "PASS_MAX_DAYS\t90\nPASS_MIN_DAYS\t1\nPASS_MIN_LEN\t8\nPASS_WARN_AGE\t7\n")
        try write("/etc/security/pwquality.conf", "minlen = 10\nminclass = 3\n")
        try write(
            "/etc/pam.d/common-password",
            """
            password\trequisite\t\t\tpam_pwquality.so retry=3
            password\t[success=1 default=ignore]\tpam_unix.so obscure use_authtok try_first_pass yescrypt
            password\trequisite\t\t\tpam_deny.so

            """)
        try write("/etc/shadow", "root:*:20000:0:99999:7:::\ntaro:$y$j9T$SECRETHASH$abc:\(today - 10):1:90:7:::\n")
        try write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\ntaro:x:1000:1000:Taro:/home/taro:/bin/bash\n")
        try write("/etc/group", "root:x:0:\nsudo:x:27:\nusers:x:100:taro\n")
        try write("/etc/apt/apt.conf.d/20auto-upgrades", "APT::Periodic::Update-Package-Lists \"1\";\nAPT::Periodic::Unattended-Upgrade \"1\";\n")
        try packages(PreparedTree.installed)
        try write("/proc/100/comm", "clamd\n")
        try write("/proc/101/comm", "clamonacc\n")
        try write("/proc/1/comm", "systemd\n")
        try write("/var/lib/clamav/daily.cld", "definitions")
        try touch("/var/lib/clamav/daily.cld", daysAgo: 1)
        try write("/etc/ufw/ufw.conf", "ENABLED=yes\nLOGLEVEL=low\n")
        try write("/etc/crypttab", "sda3_crypt UUID=0b1c-22 none luks,discard\n")
        try dconf(lockEnabled: true, idleDelay: 300, autorunNever: true)
        try write("/etc/gdm3/custom.conf", "[daemon]\nAutomaticLoginEnable=false\n")
        try write(
            "/etc/NetworkManager/system-connections/office.nmconnection",
            "[connection]\nid=office\ntype=wifi\n[wifi]\nssid=office\n[wifi-security]\nkey-mgmt=wpa-psk\npsk=WIFISECRET123\n")
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    static let installed = ["clamav", "clamav-daemon", "gnome-shell", "libreoffice-calc", "ufw", "unattended-upgrades"]

    /// Allows exactly what is installed, so that `software.allowed` can pass.
    var parameters: AgentParameters {
        var parameters = AgentParameters()
        parameters.allowedSoftware = PreparedTree.installed
        return parameters
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(String(path.dropFirst()))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(String(path.dropFirst())))
    }

    func touch(_ path: String, daysAgo: Double) throws {
        try FileManager.default.setAttributes(
            [.modificationDate: now.addingTimeInterval(-daysAgo * 86_400)],
            ofItemAtPath: root.appendingPathComponent(String(path.dropFirst())).path)
    }

    func packages(_ names: [String]) throws {
        try write(
            "/var/lib/dpkg/status",
            names.map {
                "Package: \($0)\nStatus: install ok installed\nPriority: optional\nVersion: 1.0-1\nDescription: \($0)\n"
            }.joined(separator: "\n"))
    }

    func dconf(lockEnabled: Bool, idleDelay: Int, autorunNever: Bool) throws {
        try write(
            "/etc/dconf/db/local.d/00-security",
            """
            [org/gnome/desktop/screensaver]
            lock-enabled=\(lockEnabled)

            [org/gnome/desktop/session]
            idle-delay=uint32 \(idleDelay)

            [org/gnome/desktop/media-handling]
            automount-open=false
            autorun-never=\(autorunNever)

            """)
        try write("/etc/dconf/profile/user", "user-db:user\nsystem-db:local\n")
        try compileDconf()
    }

    /// Stands for `dconf update`: the compiled system database, newer than its keyfiles (its content is not read).
    func compileDconf() throws {
        try write("/etc/dconf/db/local", "GVariant")
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(60)],
            ofItemAtPath: root.appendingPathComponent("etc/dconf/db/local").path)
    }

    /// Scans the tree; `aptOutput` and `nftOutput` stand in for `apt-get -s upgrade` and `nft list ruleset`; users' dconf
    /// databases are read by the real dconf.
    func scan(
        _ parameters: AgentParameters? = nil, aptOutput: String = "Reading package lists...\n0 upgraded, 0 newly installed.\n",
        nftOutput: String? = nil
    ) -> [String: AgentResult] {
        let runner = CommandRunner { arguments, _ in
            if arguments[0].hasSuffix("/nft") { return nftOutput.map { .success($0) } ?? .failure(ReadFailure("nft: not installed")) }
            if arguments.contains(LinuxDesktopSettings.dconf) { return CommandRunner.live(arguments, timeout: .seconds(10)) }
            return .success(aptOutput)
        }
        let facts = LinuxCollector(tree: FileTree(root: root), runner: runner, now: now, runsCommands: true, simulatesUpgrade: true).collect()
        let results = RuleEvaluator(parameters: parameters ?? self.parameters).evaluate(try! RuleBook.bundled("linux"), facts: facts)
        return Dictionary(results.map { ($0.rule, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
