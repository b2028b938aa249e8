import Foundation

/// What each user of a Linux desktop is held to in GNOME: the system database's keyfiles and locks
/// (`/etc/dconf/db/local.d`), and every human user's own dconf database (`~/.config/dconf/user`, a binary file read with
/// dconf's own `dconf dump /` rather than a parser of ours).
struct LinuxDesktopSettings {
    let tree: FileTree
    let runner: CommandRunner

    static let dconf = "/usr/bin/dconf"
    static let systemDatabase = "/etc/dconf/db/local.d"

    /// A dconf profile naming only the user database, so that a dump shows the user's own settings, not this machine's.
    static var userOnlyProfile: String {
        Bundle.module.url(forResource: "user-only", withExtension: nil, subdirectory: "dconf")?.path ?? "/nonexistent"
    }

    func facts() -> [Fact] {
        let directory = Self.systemDatabase
        let keyfiles = tree.list(directory).compactMap { tree.text("\(directory)/\($0)") }
        let locks = tree.list("\(directory)/locks").compactMap { tree.text("\(directory)/locks/\($0)") }
        let users = homes().map { user, home in (user: user, dump: ownSettings(home: home)) }
        return LinuxDesktopParser.effective(system: keyfiles.joined(separator: "\n"),
                                            locks: LinuxDesktopParser.locks(locks.joined(separator: "\n")), users: users)
    }

    /// A user's own settings as `dconf dump /` prints them; nil when the user has no database.
    private func ownSettings(home: String) -> Result<String, ReadFailure>? {
        guard tree.modified("\(home)/.config/dconf/user") != nil else { return nil }
        let command = ["/usr/bin/env", "-i", "XDG_CONFIG_HOME=\(tree.url(home).path)/.config", "DCONF_PROFILE=\(Self.userOnlyProfile)",
                       Self.dconf, "dump", "/"]
        return runner(command, timeout: .seconds(10)).mapError { failure in
            ReadFailure("\(home)/.config/dconf/user not read (\(failure.reason); dconf-cli installed?)")
        }
    }

    /// Human users (uid ≥ 1000, a login shell) and their home directories, from `/etc/passwd`.
    private func homes() -> [(user: String, home: String)] {
        LinuxAccountsParser.humanUsers(tree.text("/etc/passwd") ?? "").filter { $0.home.hasPrefix("/") && !$0.home.contains("..") }
    }
}
