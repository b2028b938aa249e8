import Foundation

/// What each user of a Linux desktop is held to in GNOME: the system database's keyfiles and locks
/// (`/etc/dconf/db/local.d`), and every human user's own dconf database (`~/.config/dconf/user`, a binary file read with
/// dconf's own `dconf dump /` rather than a parser of ours).
struct LinuxDesktopSettings {
    let tree: FileTree
    let runner: CommandRunner

    static let dconf = "/usr/bin/dconf"
    static let systemDatabase = "/etc/dconf/db/local.d"

    func facts() -> [Fact] {
        let directory = Self.systemDatabase
        let keyfiles = tree.list(directory).compactMap { tree.text("\(directory)/\($0)") }
        let locks = tree.list("\(directory)/locks").compactMap { tree.text("\(directory)/locks/\($0)") }
        let homes = homes()
        // A dconf profile naming only the user database, so that a dump shows the user's own settings and not this
        // machine's system ones; written in a directory of the agent's own (created, not reused: never a planted link).
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-agent-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let profile = scratch.appendingPathComponent("user-only-profile")
        let written = homes.contains { tree.modified("\($0.home)/.config/dconf/user") != nil }
            && (try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])) != nil
            && FileManager.default.createFile(atPath: profile.path, contents: Data("user-db:user\n".utf8), attributes: [.posixPermissions: 0o600])
        let users = homes.map { user, home in (user: user, dump: ownSettings(home: home, profile: written ? profile.path : nil)) }
        return LinuxDesktopParser.effective(system: keyfiles.joined(separator: "\n"),
                                            locks: LinuxDesktopParser.locks(locks.joined(separator: "\n")), users: users)
    }

    /// A user's own settings as `dconf dump /` prints them; nil when the user has no database.
    private func ownSettings(home: String, profile: String?) -> Result<String, ReadFailure>? {
        guard tree.modified("\(home)/.config/dconf/user") != nil else { return nil }
        guard let profile else { return .failure(ReadFailure("\(home)/.config/dconf/user not read (no temporary directory for its profile)")) }
        let command = ["/usr/bin/env", "-i", "XDG_CONFIG_HOME=\(tree.url(home).path)/.config", "DCONF_PROFILE=\(profile)",
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
