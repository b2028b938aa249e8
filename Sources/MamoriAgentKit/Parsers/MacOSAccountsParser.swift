/// Reads who may administer a Mac and whether it logs in by itself.
public enum MacOSAccountsParser {
    /// Facts from `dscl . -read /Groups/admin GroupMembership` (`GroupMembership: root alice`, possibly wrapped).
    public static func adminGroupMembership(_ text: String) -> [Fact] {
        let key = "macos.admin_group.members"
        if text.contains("No such key") { return [Fact(key, .list([]))] }
        var members: [String]?
        for line in ConsoleText.lines(text) {
            if line.hasPrefix("GroupMembership:") {
                members = line.dropFirst("GroupMembership:".count).split(separator: " ").map(String.init)
            } else if members != nil, line.first == " " {
                members? += line.split(separator: " ").map(String.init)
            } else if members != nil {
                break
            }
        }
        return [Fact(key, members.map { .list($0) } ?? .unknown("no GroupMembership in dscl output"))]
    }

    /// Facts from `defaults read /Library/Preferences/com.apple.loginwindow autoLoginUser` (stdout, or stderr when it fails).
    ///
    /// The "does not exist" error means no automatic login; a printed name means it is on.
    public static func autoLoginUser(_ text: String) -> [Fact] {
        let onKey = "macos.loginwindow.auto_login"
        let userKey = "macos.loginwindow.auto_login_user"
        if text.contains("does not exist") {
            return [Fact(onKey, .bool(false)), Fact(userKey, .unknown("automatic login is off"))]
        }
        guard let user = ConsoleText.lines(text).map(ConsoleText.trimmed).first(where: { !$0.isEmpty }),
            !user.contains(where: \.isWhitespace)
        else {
            let reason = "defaults output not recognised"
            return [Fact(onKey, .unknown(reason)), Fact(userKey, .unknown(reason))]
        }
        return [Fact(onKey, .bool(true)), Fact(userKey, .text(user))]
    }

    /// People with a login from `dscl . -list /Users UniqueID` (`name   501`): uid 501 or more, not a `_service` account, a
    /// plain name (it goes into a command's arguments and a path).
    static func people(_ text: String) -> [String] {
        ConsoleText.lines(text).compactMap { line in
            let words = line.split(whereSeparator: \.isWhitespace)
            guard words.count == 2, let uid = Int(words[1]), uid >= 501, let name = words.first, !name.hasPrefix("_"),
                name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
            else { return nil }
            return String(name)
        }
    }
}
