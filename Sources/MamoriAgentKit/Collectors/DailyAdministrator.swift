/// Whether the person using the PC every day is an administrator: the signed-in user against the admin group.
enum DailyAdministrator {
    /// `<platform>.users.admin_daily_users`: the signed-in user when the admin group's `membersKey` lists them, else empty.
    static func facts(platform: String, user: String?, members membersKey: String, in facts: [Fact]) -> Fact {
        let key = "\(platform).users.admin_daily_users"
        let name = user.map(ConsoleText.trimmed)?.lowercased() ?? ""
        guard !name.isEmpty, case .list(let members)? = facts.value(for: membersKey) else {
            return Fact(key, .unknown("signed-in user or administrators unknown"))
        }
        let short = name.split(separator: "\\").last.map(String.init) ?? name
        let isAdmin = members.contains { [name, short].contains($0.lowercased()) || $0.lowercased().hasSuffix("\\" + short) }
        return Fact(key, .list(isAdmin ? [name] : []))
    }
}
