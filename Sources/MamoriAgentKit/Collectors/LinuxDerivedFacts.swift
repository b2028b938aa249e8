import Foundation

/// Facts the Linux rules read, derived from the raw ones and from the antivirus, firewall, USB and update state.
struct LinuxDerivedFacts {
    let facts: [Fact]
    let tree: FileTree
    let runner: CommandRunner
    let now: Date
    let runsCommands: Bool
    let simulatesUpgrade: Bool

    /// Antivirus packages and the daemons that prove them running; the last group do real-time scanning.
    static let antivirusPackages = [
        "clamav", "clamav-daemon", "mdatp", "falcon-sensor", "sophos-av", "esets", "eset-endpoint",
        "ds-agent", "f-secure-linuxsecurity", "trendmicro"
    ]
    static let antivirusDaemons = [
        "clamd", "freshclam", "clamonacc", "wdavdaemon", "falcon-sensor", "savd", "sophos-spl", "esets_daemon",
        "oaeventd", "ds_agent", "fsaccessd"
    ]
    static let realtimeDaemons = ["clamonacc", "wdavdaemon", "falcon-sensor", "savd", "sophos-spl", "esets_daemon", "oaeventd", "ds_agent", "fsaccessd"]
    static let desktopPackages = ["gnome-shell", "gdm3", "xserver-xorg-core", "plasma-desktop", "xfce4-session"]

    func derive() -> [Fact] {
        let packages = list("linux.dpkg.installed")
        let names = Set((packages ?? []).map { String($0.prefix { $0 != "=" }) })
        let processes = runningProcesses()
        var derived: [Fact] = []
        derived.append(Fact("linux.desktop.installed", packages == nil ? .unknown("no package list") : .bool(!names.isDisjoint(with: Self.desktopPackages))))
        derived.append(
            Fact(
                "linux.av.installed",
                packages == nil
                    ? .unknown("no package list")
                    : .bool(!names.isDisjoint(with: Self.antivirusPackages))))
        derived.append(
            Fact("linux.av.running", processes.map { .bool(!$0.isDisjoint(with: Self.antivirusDaemons)) } ?? .unknown("no process list under this root")))
        derived.append(
            Fact("linux.av.realtime", processes.map { .bool(!$0.isDisjoint(with: Self.realtimeDaemons)) } ?? .unknown("no process list under this root")))
        derived.append(Fact("linux.av.definitions_age_days", definitionsAge()))
        derived.append(Fact("linux.firewall.enabled", firewall(installed: packages == nil ? nil : names)))
        derived.append(Fact("linux.login.automatic_login", automaticLogin()))
        derived.append(Fact("linux.updates.automatic", automaticUpdates(installed: packages == nil ? nil : names)))
        derived.append(Fact("linux.password.min_length", minimumLength()))
        derived.append(Fact("linux.password.character_classes", characterClasses()))
        derived.append(Fact("linux.password.oldest_change_days", oldestChange()))
        derived.append(Fact("linux.password.max_days", maximumAge()))
        derived.append(Fact("linux.accounts.empty_password_accounts", emptyPasswords()))
        derived.append(Fact("linux.users.admin_daily_users", adminDailyUsers()))
        derived.append(Fact("linux.usb.storage_devices", usbStorage()))
        derived.append(Fact("linux.apt.pending_security_updates", pendingSecurityUpdates()))
        derived.append(Fact("linux.inventory.collected", .bool(true)))
        return derived
    }

    private func value(_ key: String) -> FactValue? { facts.value(for: key) }

    private func int(_ key: String) -> Int? {
        if case .int(let value)? = value(key) { value } else { nil }
    }

    private func list(_ key: String) -> [String]? {
        if case .list(let items)? = value(key) { items } else { nil }
    }

    /// Process names from `/proc/*/comm`, when this tree has a process table.
    private func runningProcesses() -> Set<String>? {
        let pids = tree.list("/proc").filter { $0.allSatisfy(\.isNumber) }
        guard !pids.isEmpty else { return nil }
        return Set(pids.compactMap { tree.text("/proc/\($0)/comm")?.trimmingCharacters(in: .whitespacesAndNewlines) })
    }

    private func definitionsAge() -> FactValue {
        let files = ["daily.cld", "daily.cvd", "main.cld", "main.cvd"].compactMap { tree.modified("/var/lib/clamav/\($0)") }
        guard let newest = files.max() else { return .unknown("no ClamAV definitions in /var/lib/clamav") }
        return .int(max(0, Int(now.timeIntervalSince(newest) / 86_400)))
    }

    /// A firewall that drops incoming traffic nothing lets in: ufw switched on (installed, its input policy not ACCEPT),
    /// an nftables input chain that drops, or saved iptables rules whose filter table drops INPUT by default.
    private func firewall(installed names: Set<String>?) -> FactValue {
        let ufwPolicy = KeyFile(tree.text("/etc/default/ufw") ?? "").value("DEFAULT_INPUT_POLICY").map(ConsoleText.unquoted)
        if case .bool(true)? = value("linux.ufw.enabled"), names?.contains("ufw") != false, ufwPolicy?.uppercased() != "ACCEPT",
            !masked("ufw")
        {
            return .bool(true)
        }
        let nftables = tree.text("/etc/nftables.conf")
        let iptables = tree.text("/etc/iptables/rules.v4")
        if let nftables, Self.filtersInput(nftables), !masked("nftables") { return .bool(true) }
        // The ruleset loaded in the kernel, where nft is installed: what filters now, whatever the files say.
        if runsCommands, case .success(let live) = runner(["/usr/sbin/nft", "list", "ruleset"], timeout: .seconds(5)) {
            return .bool(Self.filtersInput(live))
        }
        if let iptables, Self.dropsInput(iptables: iptables) { return .bool(true) }
        if case .bool(false)? = value("linux.ufw.enabled") { return .bool(false) }
        if nftables != nil || iptables != nil { return .bool(false) }
        if tree.modified("/etc/firewalld/firewalld.conf") != nil { return .unknown("firewalld is installed; its zones are not read") }
        return .never("no firewall configured: no ufw, nftables ruleset, iptables-persistent rules or firewalld")
    }

    /// Whether systemd will never start a service here: masked (`/etc/systemd/system/NAME.service` → `/dev/null`).
    private func masked(_ service: String) -> Bool {
        let path = tree.url("/etc/systemd/system/\(service).service").path
        return (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) == "/dev/null"
    }

    /// Whether `iptables-save` text has a `*filter` table, committed, whose INPUT chain's policy is DROP.
    static func dropsInput(iptables text: String) -> Bool {
        var table = ""
        var dropping = false
        for line in ConsoleText.lines(text).map({ ConsoleText.trimmed($0) }) where !line.hasPrefix("#") {
            if line.hasPrefix("*") {
                table = String(line.dropFirst())
                dropping = false
            }
            if table == "filter", line.hasPrefix(":INPUT ") { dropping = line.split(separator: " ").dropFirst().first == "DROP" }
            if table == "filter", line == "COMMIT" { return dropping }
        }
        return false
    }

    /// Whether some way in logs a person in without a password: GDM (`daemon.conf` or `custom.conf`), LightDM
    /// (`autologin-user`), SDDM (`[Autologin] User`), LXDM, nodm, greetd's initial session, or a console getty started
    /// with `--autologin`.
    private func automaticLogin() -> FactValue {
        if case .bool(true)? = value("linux.gdm.automatic_login") { return .bool(true) }
        let lightdm =
            (tree.confFiles(in: "/usr/share/lightdm/lightdm.conf.d") + ["/etc/lightdm/lightdm.conf"] + tree.confFiles(in: "/etc/lightdm/lightdm.conf.d"))
            .compactMap(tree.text).joined(separator: "\n")
        if KeyFile(lightdm).names("autologin-user") { return .bool(true) }
        let sddm = (tree.confFiles(in: "/usr/lib/sddm/sddm.conf.d") + ["/etc/sddm.conf"] + tree.confFiles(in: "/etc/sddm.conf.d")).compactMap(tree.text).joined(
            separator: "\n")
        if KeyFile(sddm).names("user", in: "autologin") { return .bool(true) }
        // LXDM `autologin=`, nodm switched on, greetd's `[initial_session]`.
        if KeyFile(tree.text("/etc/lxdm/lxdm.conf") ?? "").names("autologin") { return .bool(true) }
        if KeyFile(tree.text("/etc/default/nodm") ?? "").value("NODM_ENABLED").map(ConsoleText.unquoted).flatMap(ConsoleText.boolean) == true {
            return .bool(true)
        }
        if KeyFile(tree.text("/etc/greetd/config.toml") ?? "").hasSection("initial_session") { return .bool(true) }
        let units = tree.list("/etc/systemd/system").filter { $0.hasSuffix("getty@.service.d") || ($0.contains("getty@") && $0.hasSuffix(".d")) }
        let getty = units.flatMap { unit in tree.list("/etc/systemd/system/\(unit)").compactMap { tree.text("/etc/systemd/system/\(unit)/\($0)") } }
        if getty.flatMap(ConsoleText.lines).contains(where: { line in
            ConsoleText.withoutComment(line).hasPrefix("ExecStart=") && (line.contains("--autologin") || line.contains(" -a "))
        }) {
            return .bool(true)
        }
        return value("linux.gdm.automatic_login") ?? .bool(false)
    }

    /// Unattended upgrades: the package installed and switched on in APT's periodic settings.
    private func automaticUpdates(installed names: Set<String>?) -> FactValue {
        guard let names else { return .unknown("no package list") }
        guard names.contains("unattended-upgrades") else { return .bool(false) }
        // Periodic work switched off, package lists never refreshed, or no security origin allowed: nothing is installed.
        for key in ["linux.apt.periodic_enabled", "linux.apt.update_package_lists", "linux.apt.security_origin_allowed"] {
            if case .bool(false)? = value(key) { return .bool(false) }
        }
        return value("linux.apt.unattended_upgrade") ?? .unknown("APT::Periodic::Unattended-Upgrade not read")
    }

    /// Whether an nftables ruleset (a file, or `nft list ruleset`) has an input chain that drops what no rule lets in: its
    /// policy is `drop`, or its last rule drops or rejects. Comments do not count, nor does a drop in another chain.
    static func filtersInput(_ rules: String) -> Bool {
        let text = ConsoleText.lines(rules).map { ConsoleText.withoutComment($0) }.joined(separator: "\n")
        return chainBodies(text).contains { body in
            let statements = body.split(whereSeparator: { $0 == ";" || $0 == "\n" })
                .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.filter { !$0.isEmpty }
            guard statements.contains(where: { $0.contains("hook input") }) else { return false }
            if statements.contains(where: { $0 == "policy drop" || $0.hasSuffix(" policy drop") }) { return true }
            let rules = statements.filter { !$0.hasPrefix("type ") && !$0.hasPrefix("policy ") }
            return rules.last.map(dropsEverything) ?? false
        }
    }

    /// Whether a rule drops or rejects whatever reaches it: no match before the verdict, only counting or logging.
    private static func dropsEverything(_ rule: String) -> Bool {
        let words = rule.split(separator: " ")
        guard let verdict = words.firstIndex(where: { $0 == "drop" || $0 == "reject" }) else { return false }
        return words[..<verdict].allSatisfy { ["counter", "packets", "bytes", "log"].contains($0) || $0.allSatisfy(\.isNumber) }
    }

    /// The text between the braces of each `chain NAME { … }`.
    private static func chainBodies(_ text: String) -> [Substring] {
        var bodies: [Substring] = []
        var search = text.startIndex
        while let chain = text.range(of: "chain ", range: search..<text.endIndex),
            let open = text[chain.upperBound...].firstIndex(of: "{")
        {
            var depth = 0
            var index = open
            while index < text.endIndex {
                if text[index] == "{" { depth += 1 }
                if text[index] == "}" {
                    depth -= 1
                    if depth == 0 { break }
                }
                index = text.index(after: index)
            }
            bodies.append(text[text.index(after: open)..<index])
            search = index < text.endIndex ? text.index(after: index) : text.endIndex
        }
        return bodies
    }

    /// Whether a quality module (pam_pwquality, pam_cracklib) is on a live `password` line and enforcing: with
    /// `enforcing=0` (its argument or pwquality.conf) it only warns, and its rules bind nobody.
    private var qualityEnforced: Bool {
        guard case .text? = value("linux.pam_password.quality_module") else { return false }
        return (int("linux.pam_password.enforcing") ?? int("linux.pwquality.enforcing") ?? 1) != 0
    }

    /// The length PAM enforces: an enforcing quality module's argument, else pwquality.conf's, else its default of 8;
    /// without one, pam_unix's default of 6.
    private func minimumLength() -> FactValue {
        if qualityEnforced { return .int(int("linux.pam_password.minlen") ?? int("linux.pwquality.minlen") ?? 8) }
        return tree.text("/etc/pam.d/common-password") == nil ? .unknown("/etc/pam.d/common-password: not found") : .int(6)
    }

    /// Character classes an enforcing quality module requires: `minclass`, or the number of negative credits.
    private func characterClasses() -> FactValue {
        guard qualityEnforced else { return .int(0) }
        if let classes = int("linux.pam_password.minclass") ?? int("linux.pwquality.minclass") { return .int(classes) }
        let credits = ["dcredit", "ucredit", "lcredit", "ocredit"].compactMap { int("linux.pwquality.\($0)") }.filter { $0 < 0 }
        return .int(credits.count)
    }

    /// Days since the least recently changed password of a human user; a change dated in the future is no date.
    private func oldestChange() -> FactValue {
        guard let users = list("linux.passwd.human_users") else { return .unknown("no user list") }
        let today = Int(now.timeIntervalSince1970 / 86_400)
        let days = users.compactMap { int("linux.shadow.last_change_day.\($0)") }
        guard !days.isEmpty else {
            if case .unknown(let reason)? = value("linux.shadow.password_accounts") { return .unknown(reason) }
            return users.isEmpty ? .int(0) : .unknown("no last change recorded for \(users.joined(separator: ", "))")
        }
        if let future = days.max(), future > today { return .unknown("a last change dated in the future (day \(future))") }
        return .int(today - days.min()!)
    }

    /// The longest a password may be kept: `login.defs` for new accounts and each human user's own maximum in
    /// `/etc/shadow`, the worst of them.
    private func maximumAge() -> FactValue {
        let users = list("linux.passwd.human_users") ?? []
        let own = users.compactMap { user in value("linux.shadow.max_days.\(user)") }
        return .worst([value("linux.login_defs.pass_max_days") ?? .unknown("login.defs not read")] + own, none: "no maximum age")
    }

    /// Accounts without a password: an empty field in `/etc/shadow`, or in `/etc/passwd` itself.
    private func emptyPasswords() -> FactValue {
        guard let shadow = list("linux.shadow.empty_password_accounts") else {
            return value("linux.shadow.empty_password_accounts") ?? .unknown("shadow not read")
        }
        let passwd = list("linux.passwd.empty_password_accounts") ?? []
        return .list(shadow + passwd.filter { !shadow.contains($0) })
    }

    /// Human users who may become root: members of `sudo`/`admin`/`wheel` (as a listed member or by primary group), users
    /// granted `ALL` in `/etc/sudoers` or `sudoers.d`, and any account other than root with uid 0.
    private func adminDailyUsers() -> FactValue {
        guard let users = list("linux.passwd.human_users") else { return .unknown("no user list") }
        var admins = Set(list("linux.group.admin_members") ?? [])
        let groups = ConsoleText.lines(tree.text("/etc/group") ?? "").map { $0.split(separator: ":", omittingEmptySubsequences: false) }
        let adminGIDs = Set(groups.filter { $0.count >= 3 && LinuxAccountsParser.adminGroups.contains(String($0[0])) }.compactMap { Int($0[2]) })
        let members = Dictionary(
            groups.filter { $0.count >= 4 }.map { (String($0[0]), $0[3].split(separator: ",").map(String.init)) },
            uniquingKeysWith: { first, _ in first })
        let entries = LinuxAccountsParser.firstEntries(tree.text("/etc/passwd") ?? "")
        admins.formUnion(entries.filter { adminGIDs.contains($0.gid) }.map(\.user))
        let sudoers = ["/etc/sudoers"] + tree.list("/etc/sudoers.d").filter { !$0.contains(".") && !$0.hasSuffix("~") }.map { "/etc/sudoers.d/\($0)" }
        for line in sudoers.compactMap(tree.text).flatMap(ConsoleText.lines) {
            let words = ConsoleText.withoutComment(line).split(whereSeparator: \.isWhitespace)
            guard let who = words.first, words.count >= 2, words.dropFirst().joined(separator: " ").contains("ALL"),
                !["Defaults", "User_Alias", "Runas_Alias", "Host_Alias", "Cmnd_Alias"].contains(where: { who.hasPrefix($0) })
            else { continue }
            if who.hasPrefix("%") { admins.formUnion(members[String(who.dropFirst())] ?? []) } else { admins.insert(String(who)) }
        }
        let rootEquivalents = list("linux.passwd.root_equivalents") ?? []
        return .list(users.filter { admins.contains($0) && !rootEquivalents.contains($0) } + rootEquivalents)
    }

    /// Connected USB mass-storage devices as `vendor:product:serial`, from `/sys/bus/usb/devices`.
    private func usbStorage() -> FactValue {
        let base = "/sys/bus/usb/devices"
        let entries = tree.list(base)
        guard !entries.isEmpty else { return .list([]) }
        var devices: [String] = []
        for device in entries where !device.contains(":") {
            guard let vendor = tree.text("\(base)/\(device)/idVendor"), let product = tree.text("\(base)/\(device)/idProduct") else { continue }
            let storage = entries.contains { $0.hasPrefix(device + ":") && tree.text("\(base)/\($0)/bInterfaceClass")?.hasPrefix("08") == true }
            guard storage else { continue }
            let serial = tree.text("\(base)/\(device)/serial") ?? ""
            devices.append([vendor, product, serial].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ":"))
        }
        return .list(devices)
    }

    /// Security updates a simulated upgrade would install (live root only).
    private func pendingSecurityUpdates() -> FactValue {
        guard runsCommands, simulatesUpgrade else { return .unknown("not checked: run on the live system with --check-updates") }
        switch runner(["/usr/bin/apt-get", "-s", "-o", "Debug::NoLocking=1", "upgrade"], timeout: .seconds(20)) {
        case .success(let output):
            return .int(output.split(separator: "\n").filter { $0.hasPrefix("Inst ") && $0.contains("-security") }.count)
        case .failure(let failure):
            return .unknown(failure.reason)
        }
    }
}
