/// The screen saver each person on a Mac is held to. The agent runs as root, and `defaults -currentHost read` as root
/// reads root's own preferences, so each user's are read as that user (`sudo -n -u`); a configuration profile's value
/// (`/Library/Managed Preferences/<user>/…`, then the machine's) wins over the user's. The worst user is reported.
struct MacOSScreenSaver {
    let runner: CommandRunner

    static let managed = "/Library/Managed Preferences"

    /// `macos.screensaver.idle_seconds` and `macos.screensaver.ask_for_password` for the people in `dscl . -list /Users
    /// UniqueID` output.
    func facts(users listing: String) -> [Fact] {
        let people = MacOSAccountsParser.people(listing)
        let keys = (idle: "macos.screensaver.idle_seconds", ask: "macos.screensaver.ask_for_password")
        guard !people.isEmpty else {
            return [Fact(keys.idle, .unknown("no user accounts listed")), Fact(keys.ask, .unknown("no user accounts listed"))]
        }
        var idle: [FactValue] = []
        var ask: [FactValue] = []
        for user in people {
            let seconds = setting("idleTime", currentHost: true, user: user)
            idle.append(
                MacOSMaintenanceParser.screenSaverIdle(seconds ?? "").first?.value.said(by: user)
                    ?? .unknown("\(user): idleTime not read"))
            ask.append(
                setting("askForPassword", currentHost: false, user: user).map { text in
                    .bool(ConsoleText.boolean(ConsoleText.trimmed(text)), else: "\(user): askForPassword is not a flag: \(text)")
                } ?? .unknown("\(user): askForPassword not set by a profile or the user"))
        }
        return [Fact(keys.idle, .worst(idle, none: "no user")), Fact(keys.ask, .worst(ask, unsafe: false, none: "no user"))]
    }

    /// The first value set: the user's profile, the machine's profile, then the user's own preference.
    private func setting(_ key: String, currentHost: Bool, user: String) -> String? {
        let own = ["/usr/bin/sudo", "-n", "-u", user, "/usr/bin/defaults"] + (currentHost ? ["-currentHost"] : []) + ["read", "com.apple.screensaver", key]
        let sources = [
            ["/usr/bin/defaults", "read", "\(Self.managed)/\(user)/com.apple.screensaver", key],
            ["/usr/bin/defaults", "read", "\(Self.managed)/com.apple.screensaver", key], own
        ]
        for command in sources {
            // A key that is not set makes `defaults` fail with nothing on its output: the runner reports a failure.
            if case .success(let text) = runner(command), !ConsoleText.trimmed(text).isEmpty { return text }
        }
        return nil
    }
}
