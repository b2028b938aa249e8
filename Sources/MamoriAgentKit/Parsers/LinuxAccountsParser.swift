/// Reads Linux account files: `/etc/shadow` (never the hashes), `/etc/group` and `/etc/passwd`.
public enum LinuxAccountsParser {
    /// Groups whose members may become root.
    static let adminGroups = ["sudo", "admin", "wheel"]
    /// Shells that do not allow a login.
    private static let noLoginShells: Set<String> = ["nologin", "false"]

    /// Facts from `/etc/shadow`: accounts with an empty password field, accounts with a usable password, and for
    /// each of those the day (since 1970-01-01) of the last password change. The password field itself is never kept.
    public static func shadow(_ text: String) -> [Fact] {
        var empty: [String] = []
        var usable: [String] = []
        var lastChanges: [Fact] = []
        var sawEntry = false
        var seen: Set<String> = []
        for line in ConsoleText.lines(text) {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count >= 3, !fields[0].isEmpty else { continue }
            sawEntry = true
            let name = String(fields[0])
            // The first entry of a name is the one the system uses (getspnam).
            guard seen.insert(name).inserted else { continue }
            let password = fields[1]
            if password.isEmpty {
                empty.append(name)
            } else if password.first == "!" || password.first == "*" {
                continue
            } else {
                usable.append(name)
            }
            let lastChange = Int(fields[2])
            lastChanges.append(
                Fact(
                    "linux.shadow.last_change_day.\(name)",
                    .int(lastChange, else: fields[2].isEmpty ? "password aging is off" : "not a day number")))
            // Field 5, this account's own maximum age: empty, negative or 99999 and more means it never expires.
            // An empty last-change field switches ageing off for the account.
            let maximum = fields.count > 4 && !fields[2].isEmpty ? Int(fields[4]) : nil
            lastChanges.append(
                Fact(
                    "linux.shadow.max_days.\(name)",
                    maximum.map { $0 >= 0 && $0 < 99_999 ? .int($0) : .never("\(name): maximum age \($0): never expires") }
                        ?? .never("\(name): no maximum age, or ageing off: never expires")))
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

    /// Facts from `/etc/passwd`: human users, i.e. uid ≥ `uidMin` (`UID_MIN` of `login.defs`; not `nobody`) with a login
    /// shell; accounts whose password field is empty (no password at all: PAM reads `/etc/shadow` only for `x`); and
    /// accounts other than root with uid 0.
    public static func passwd(_ text: String, uidMin: Int = 1000) -> [Fact] {
        let entries = firstEntries(text)
        guard !entries.isEmpty else {
            return ["linux.passwd.human_users", "linux.passwd.empty_password_accounts", "linux.passwd.root_equivalents"]
                .map { Fact($0, .unknown("no passwd entries")) }
        }
        return [
            Fact("linux.passwd.human_users", .list(humanUsers(text, uidMin: uidMin).map(\.user))),
            Fact("linux.passwd.empty_password_accounts", .list(entries.filter { $0.password.isEmpty }.map(\.user))),
            Fact("linux.passwd.root_equivalents", .list(entries.filter { $0.uid == 0 && $0.user != "root" && !noLoginShells.contains($0.shell) }.map(\.user)))
        ]
    }

    /// The human users of `/etc/passwd` and their home directories.
    static func humanUsers(_ text: String, uidMin: Int = 1000) -> [(user: String, home: String)] {
        firstEntries(text).filter { $0.uid >= uidMin && $0.uid != 65534 && !noLoginShells.contains($0.shell) }
            .map { ($0.user, $0.home) }
    }

    /// Each account's first entry: the one `getpwnam` returns when a name is listed twice.
    static func firstEntries(_ text: String) -> [(user: String, password: Substring, uid: Int, gid: Int, home: String, shell: String)] {
        var seen: Set<String> = []
        return ConsoleText.lines(text).compactMap(entry).filter { seen.insert($0.user).inserted }
    }

    /// An account's name, password field, uid, primary gid, home and shell.
    static func entry(_ line: String) -> (user: String, password: Substring, uid: Int, gid: Int, home: String, shell: String)? {
        let fields = line.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count >= 7, !fields[0].isEmpty, let uid = Int(fields[2]) else { return nil }
        return (String(fields[0]), fields[1], uid, Int(fields[3]) ?? -1, String(fields[5]), fields[6].split(separator: "/").last.map(String.init) ?? "")
    }
}
