import Foundation

/// What each user of a Linux desktop is held to in GNOME: the system database's keyfiles and locks
/// (`/etc/dconf/db/local.d`), and every human user's own dconf database (`~/.config/dconf/user`, a binary file read with
/// dconf's own `dconf dump /` rather than a parser of ours).
struct LinuxDesktopSettings {
    let tree: FileTree
    let runner: CommandRunner
    /// The lowest uid of a person (`UID_MIN`).
    let uidMin: Int

    static let dconf = "/usr/bin/dconf"

    func facts() -> [Fact] {
        // The system databases the user profile names, in its order: the first that sets a key wins, a lock in any
        // binds. dconf compile skips names that start with a dot. Debian ships no profile: then none binds anyone.
        let userProfile = (tree.text("/etc/dconf/profile/user") ?? "").split(whereSeparator: \.isNewline).map { ConsoleText.trimmed($0) }
        let databases = userProfile.filter { $0.hasPrefix("system-db:") }.map { String($0.dropFirst("system-db:".count)) }
            .filter { !$0.isEmpty && !$0.contains("/") && !$0.contains("..") }
        var keyfiles: [String] = []
        var locks: [String] = []
        var stale: String?
        for database in databases {
            let directory = "/etc/dconf/db/\(database).d"
            let keyfileNames = tree.list(directory).filter { !$0.hasPrefix(".") }.map { "\(directory)/\($0)" }
            let lockNames = tree.list("\(directory)/locks").filter { !$0.hasPrefix(".") }.map { "\(directory)/locks/\($0)" }
            // Later text wins in a keyfile, and the first database named must win: prepend.
            keyfiles.insert(keyfileNames.compactMap(tree.text).joined(separator: "\n"), at: 0)
            locks += lockNames.compactMap(tree.text)
            // What dconf uses is the compiled database; keyfiles changed since it was compiled (or never compiled) are not it.
            let newest = (keyfileNames + lockNames).compactMap(tree.modified).max()
            let compiled = tree.modified("/etc/dconf/db/\(database)")
            if let newest, compiled.map({ $0 < newest }) ?? true {
                stale = stale ?? "\(directory) changed after the database was compiled (run dconf update)"
            }
        }
        let homes = homes()
        // A dconf profile naming only the user database, so that a dump shows the user's own settings and not this
        // machine's system ones; written in a directory of the agent's own (created, not reused: never a planted link).
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-agent-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let profile = scratch.appendingPathComponent("user-only-profile")
        let written =
            homes.contains { tree.modified("\($0.home)/.config/dconf/user") != nil }
            && (try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])) != nil
            && FileManager.default.createFile(atPath: profile.path, contents: Data("user-db:user\n".utf8), attributes: [.posixPermissions: 0o600])
        let users = homes.map { user, home in (user: user, dump: ownSettings(home: home, profile: written ? profile.path : nil)) }
        return LinuxDesktopParser.effective(
            system: keyfiles.joined(separator: "\n"),
            locks: LinuxDesktopParser.locks(locks.joined(separator: "\n")), users: users, stale: stale)
    }

    /// A user's own settings as `dconf dump /` prints them; nil when the user has no database.
    private func ownSettings(home: String, profile: String?) -> Result<String, ReadFailure>? {
        let database = "\(home)/.config/dconf/user"
        guard let type = (try? FileManager.default.attributesOfItem(atPath: tree.url(database).path))?[.type] as? FileAttributeType else { return nil }
        guard type == .typeRegular else { return .failure(ReadFailure("\(database) is not a regular file")) }
        guard let profile else { return .failure(ReadFailure("\(database) not read (no temporary directory for its profile)")) }
        let command = [
            "/usr/bin/env", "-i", "XDG_CONFIG_HOME=\(tree.url(home).path)/.config", "DCONF_PROFILE=\(profile)",
            Self.dconf, "dump", "/"
        ]
        return runner(command, timeout: .seconds(10)).mapError { failure in
            ReadFailure("\(database) not read (\(failure.reason); dconf-cli installed?)")
        }
    }

    /// Human users (uid ≥ `UID_MIN`, a login shell) and their home directories, from `/etc/passwd`.
    private func homes() -> [(user: String, home: String)] {
        LinuxAccountsParser.humanUsers(tree.text("/etc/passwd") ?? "", uidMin: uidMin).filter { $0.home.hasPrefix("/") && !$0.home.contains("..") }
    }
}
