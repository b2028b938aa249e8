import Foundation

/// Collects facts on Debian/Ubuntu from files under a root directory, and (on the live root only) the process list
/// and a simulated upgrade. Read-only; never keeps password hashes or Wi-Fi keys.
public struct LinuxCollector: Sendable {
    public let tree: FileTree
    public let runner: CommandRunner
    public let now: Date
    /// Whether commands describe this tree: only on the live root, or in tests with recorded outputs.
    public let runsCommands: Bool
    /// Whether to simulate an upgrade for pending security updates (seconds with full package lists).
    public let simulatesUpgrade: Bool

    /// A collector over `tree`, as of `now`.
    public init(tree: FileTree, runner: CommandRunner = .live, now: Date = Date(), runsCommands: Bool? = nil, simulatesUpgrade: Bool = false) {
        self.tree = tree
        self.runner = runner
        self.now = now
        self.runsCommands = runsCommands ?? tree.isLiveRoot
        self.simulatesUpgrade = simulatesUpgrade
    }

    /// Every fact, raw and derived.
    public func collect() -> [Fact] {
        var facts: [Fact] = []
        facts += parse("/etc/login.defs", LinuxPasswordPolicyParser.loginDefs)
        // libpwquality reads pwquality.conf.d/*.conf first and pwquality.conf last, so the main file's values win.
        facts += parse(tree.confFiles(in: "/etc/security/pwquality.conf.d") + ["/etc/security/pwquality.conf"], LinuxPasswordPolicyParser.pwqualityConf)
        facts += parse("/etc/pam.d/common-password", LinuxPasswordPolicyParser.pamPassword)
        facts += parse("/etc/shadow", LinuxAccountsParser.shadow)
        facts += parse("/etc/group", LinuxAccountsParser.group)
        let uidMin = LinuxPasswordPolicyParser.uidMin(tree.text("/etc/login.defs") ?? "")
        facts += parse("/etc/passwd") { LinuxAccountsParser.passwd($0, uidMin: uidMin) }
        // apt reads its parts first and apt.conf last, so the main file wins.
        facts += parse(
            tree.list("/etc/apt/apt.conf.d").filter(LinuxPackagesParser.aptReads).map { "/etc/apt/apt.conf.d/\($0)" }
                + (tree.modified("/etc/apt/apt.conf") != nil ? ["/etc/apt/apt.conf"] : []), LinuxPackagesParser.aptConfig)
        facts += parse("/var/lib/dpkg/status", LinuxPackagesParser.dpkgStatus)
        facts += parse("/etc/ufw/ufw.conf", LinuxSystemParser.ufwConf)
        facts += parse("/etc/crypttab", LinuxSystemParser.crypttab)
        facts += LinuxDesktopSettings(tree: tree, runner: runner, uidMin: uidMin).facts()
        // Debian's gdm3 reads daemon.conf, Ubuntu's custom.conf: either one turning automatic login on counts.
        facts += ["/etc/gdm3/daemon.conf", "/etc/gdm3/custom.conf"].compactMap(tree.text).map(LinuxDesktopParser.gdmCustomConf)
            .reduce(LinuxDesktopParser.gdmCustomConf("")) { worst, next in
                zip(worst, next).map { Fact($0.key, .worst([$0.value, $1.value], unsafe: true, none: "not read")) }
            }
        let connections = "/etc/NetworkManager/system-connections"
        facts += LinuxNetworkManagerParser.profiles(tree.list(connections).compactMap { tree.text("\(connections)/\($0)") })
        facts += LinuxDerivedFacts(
            facts: facts, tree: tree, runner: runner, now: now, runsCommands: runsCommands,
            simulatesUpgrade: simulatesUpgrade
        ).derive()
        return facts
    }

    private func parse(_ path: String, _ parser: (String) -> [Fact]) -> [Fact] {
        parse([path], parser)
    }

    /// Parses the files joined; when none can be read, the parser's unknown facts say which file was missing.
    private func parse(_ paths: [String], _ parser: (String) -> [Fact]) -> [Fact] {
        var texts: [String] = []
        var failures: [String] = []
        for path in paths {
            switch tree.read(path) {
            case .success(let text): texts.append(text)
            case .failure(let failure): failures.append(failure.reason)
            }
        }
        let facts = parser(texts.joined(separator: "\n"))
        guard texts.isEmpty else { return facts }
        let reason = failures.isEmpty ? "\(paths.first ?? "directory"): no files" : failures.joined(separator: "; ")
        return facts.unknown(because: reason)
    }
}
