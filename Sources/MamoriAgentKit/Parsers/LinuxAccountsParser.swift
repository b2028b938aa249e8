/// Reads Linux account files: `/etc/shadow` (never the hashes), `/etc/group` and `/etc/passwd`.
public enum LinuxAccountsParser {
    /// Groups whose members may become root.
    static let adminGroups = ["sudo", "admin", "wheel"]
    /// Shells that do not allow a login.
    private static let noLoginShells: Set<String> = ["nologin", "false"]

    /// Facts from `/etc/shadow`: accounts with an empty password field, accounts with a usable password, and for
    /// each of those the day (since 1970-01-01) of the last password change. The password field itself is never kept.
    public static func shadow(_ text: String) -> [Fact] {
        var empty: [String] = [], usable: [String] = [], lastChanges: [Fact] = [], sawEntry = false
        for line in ConsoleText.lines(text) {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count >= 3, !fields[0].isEmpty else { continue }
            sawEntry = true
            let name = String(fields[0])
            let password = fields[1]
            if password.isEmpty {
                empty.append(name)
            } else if password.first == "!" || password.first == "*" {
                continue
            } else {
                usable.append(name)
            }
            let lastChange = Int(fields[2])
            lastChanges.append(Fact("linux.shadow.last_change_day.\(name)",
                                    .int(lastChange, else: fields[2].isEmpty ? "password aging is off" : "not a day number")))
        }
        if !sawEntry {
            let reason = FactValue.unknown("no shadow entries")
            return [Fact("linux.shadow.empty_password_accounts", reason), Fact("linux.shadow.password_accounts", reason)]
        }
        return [Fact("linux.shadow.empty_password_accounts", .list(empty)), Fact("linux.shadow.password_accounts", .list(usable))]
            + lastChanges
    }

    /// Facts from `/etc/group`: members of `sudo`, `admin` and `wheel`, and all of them together.
    public static func group(_ text: String) -> [Fact] {
        var members: [String: [String]] = [:]
        for line in ConsoleText.lines(text) {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count >= 4, adminGroups.contains(String(fields[0])) else { continue }
            members[String(fields[0])] = fields[3].split(separator: ",").map { ConsoleText.trimmed($0) }.filter { !$0.isEmpty }
        }
        var all: [String] = []
        for name in adminGroups { for member in members[name] ?? [] where !all.contains(member) { all.append(member) } }
        return adminGroups.map { name in
            Fact("linux.group.\(name).members", members[name].map { .list($0) } ?? .unknown("no \(name) group"))
        } + [Fact("linux.group.admin_members", members.isEmpty ? .unknown("no sudo, admin or wheel group") : .list(all))]
    }

    /// Facts from `/etc/passwd`: human users, i.e. uid ≥ 1000 (not `nobody`) with a login shell.
    public static func passwd(_ text: String) -> [Fact] {
        let sawEntry = ConsoleText.lines(text).contains { entry($0) != nil }
        return [Fact("linux.passwd.human_users", sawEntry ? .list(humanUsers(text).map(\.user)) : .unknown("no passwd entries"))]
    }

    /// The human users of `/etc/passwd` and their home directories.
    static func humanUsers(_ text: String) -> [(user: String, home: String)] {
        ConsoleText.lines(text).compactMap(entry).filter { $0.uid >= 1000 && $0.uid != 65534 && !noLoginShells.contains($0.shell) }
            .map { ($0.user, $0.home) }
    }

    private static func entry(_ line: String) -> (user: String, uid: Int, home: String, shell: String)? {
        let fields = line.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count >= 7, let uid = Int(fields[2]) else { return nil }
        return (String(fields[0]), uid, String(fields[5]), fields[6].split(separator: "/").last.map(String.init) ?? "")
    }
}
