/// Reads GNOME settings from dconf keyfiles (`/etc/dconf/db/local.d/*`, their `locks/`, each user's `dconf dump /`) and
/// GDM's `custom.conf`, and works out what each user is held to.
public enum LinuxDesktopParser {
    /// A GNOME setting the rules read, and which of its values is the worse one (reported when users differ).
    struct Setting: Sendable {
        enum Kind: Sendable {
            /// A flag; `safe` is the value the rules want.
            case bool(safe: Bool)
            /// Seconds; more is worse. Where 0 means never, what it means.
            case seconds(zeroMeansNever: String?)
        }

        var section: String
        var name: String
        var key: String
        var kind: Kind

        /// The dconf path a lock file names, e.g. `/org/gnome/desktop/session/idle-delay`.
        var path: String { "/\(section)/\(name)" }
    }

    static let settings: [Setting] = [
        Setting(section: "org/gnome/desktop/screensaver", name: "lock-enabled", key: "linux.gnome.screensaver.lock_enabled", kind: .bool(safe: true)),
        Setting(
            section: "org/gnome/desktop/screensaver", name: "lock-delay", key: "linux.gnome.screensaver.lock_delay_seconds",
            kind: .seconds(zeroMeansNever: nil)),
        Setting(
            section: "org/gnome/desktop/session", name: "idle-delay", key: "linux.gnome.session.idle_delay_seconds",
            kind: .seconds(zeroMeansNever: "idle-delay 0: the session never goes idle, so the screen never locks")),
        Setting(
            section: "org/gnome/desktop/lockdown", name: "disable-lock-screen", key: "linux.gnome.lockdown.disable_lock_screen",
            kind: .bool(safe: false)),
        Setting(
            section: "org/gnome/desktop/media-handling", name: "automount-open", key: "linux.gnome.media_handling.automount_open",
            kind: .bool(safe: false)),
        Setting(
            section: "org/gnome/desktop/media-handling", name: "autorun-never", key: "linux.gnome.media_handling.autorun_never",
            kind: .bool(safe: true))
    ]

    /// The dconf paths named in lock files (`/etc/dconf/db/local.d/locks/*`): users cannot change them. A line is taken
    /// as dconf takes it, whole: one with trailing blanks names no key and locks nothing.
    public static func locks(_ text: String) -> Set<String> {
        Set(text.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("/") && $0.last?.isWhitespace == false }.map(String.init))
    }

    /// The fact of when the screen locks after the last input: `idle-delay` plus `lock-delay` (0 unless set), per user.
    static let locksAfterKey = "linux.gnome.screen_locks_after_seconds"

    /// One user's own dconf settings: what `dconf dump /` printed for the user's database, nil when the user has no database
    /// (nothing of their own set), or why it could not be read.
    public typealias UserSettings = (user: String, dump: Result<String, ReadFailure>?)

    /// What every user is held to, the worst of them reported: a locked system value wins; otherwise the user's own value,
    /// then the system's. Without users, the system's values alone. `stale`: why the system keyfiles may not be what
    /// dconf uses (not compiled since they changed); what they set or lock is then not known.
    public static func effective(system: String, locks: Set<String>, users: [UserSettings], stale: String? = nil) -> [Fact] {
        let systemFile = KeyFile(system)
        let readers: [(user: String?, file: Result<KeyFile, ReadFailure>?)] =
            users.isEmpty
            ? [(nil, nil)] : users.map { ($0.user, $0.dump.map { $0.map { KeyFile($0) } }) }
        // Each setting as each user is held to it, in reader order; nil where nobody sets it (GNOME's default applies).
        var held: [String: [FactValue?]] = Dictionary(
            uniqueKeysWithValues: settings.map { setting in
                let systemValue = value(of: setting, in: systemFile)
                if let stale, systemValue != nil || locks.contains(setting.path) {
                    return (setting.key, readers.map { FactValue.unknown("\(setting.name): \(stale)").said(by: $0.user) })
                }
                return (
                    setting.key,
                    readers.map { reader in
                        if locks.contains(setting.path), let systemValue { return systemValue }
                        switch reader.file {
                        case nil: break
                        case .failure(let failure)?: return FactValue.unknown("\(setting.name) unknown: \(failure.reason)").said(by: reader.user)
                        case .success(let file)?: if let own = value(of: setting, in: file) { return own.said(by: reader.user) }
                        }
                        return systemValue
                    }
                )
            })
        // With the lock screen disabled by lockdown, GNOME never locks, whatever lock-enabled says.
        let lockKey = "linux.gnome.screensaver.lock_enabled"
        let disabled = held["linux.gnome.lockdown.disable_lock_screen"] ?? []
        held[lockKey] = zip(held[lockKey] ?? [], disabled).map { enabled, off in off == .bool(true) ? .bool(false) : enabled }
        let facts = settings.map { setting in
            let unsafe: Bool? = if case .bool(let safe) = setting.kind { !safe } else { nil }
            let values = zip(readers, held[setting.key] ?? []).map { reader, value in
                value ?? FactValue.unknown("\(setting.name) not set (the GNOME default applies, and the user may change it)").said(by: reader.user)
            }
            return Fact(setting.key, .worst(values, unsafe: unsafe, none: "\(setting.name): no value"))
        }
        // The screen locks lock-delay after it goes idle: both count (GNOME's lock-delay default is 0).
        let idle = held["linux.gnome.session.idle_delay_seconds"] ?? []
        let delay = held["linux.gnome.screensaver.lock_delay_seconds"] ?? []
        let after: [FactValue] = zip(readers, zip(idle, delay)).map { reader, both in
            switch both {
            case (.int(let idle)?, .int(let delay)?): .int(idle + delay)
            case (.int(let idle)?, nil): .int(idle)
            case (.int?, let delay?): delay
            case (let idle?, _): idle
            case (nil, _): FactValue.unknown("idle-delay not set (the GNOME default applies, and the user may change it)").said(by: reader.user)
            }
        }
        return facts + [Fact(locksAfterKey, .worst(after, none: "no value"))]
    }

    private static func value(of setting: Setting, in file: KeyFile) -> FactValue? {
        guard let raw = file.value(setting.name, in: setting.section) else { return nil }
        let value = ConsoleText.unquoted(String(raw.split(separator: " ").last ?? ""))
        switch setting.kind {
        case .bool: return .bool(ConsoleText.boolean(value), else: "\(setting.name) is not a boolean: \(raw)")
        case .seconds(let zeroMeansNever):
            guard let seconds = Int(value) else { return .unknown("\(setting.name) is not a number: \(raw)") }
            if seconds <= 0, let zeroMeansNever { return .never(seconds == 0 ? zeroMeansNever : "\(setting.name) \(seconds): never") }
            if seconds < 0 { return .unknown("\(setting.name) \(seconds) is not a delay") }
            return .int(seconds)
        }
    }

    /// Facts from GDM `custom.conf` `[daemon]`: automatic and timed login (absent means off, GDM's default).
    public static func gdmCustomConf(_ text: String) -> [Fact] {
        let file = KeyFile(text)
        func flag(_ name: String) -> FactValue {
            guard let raw = file.value(name, in: "daemon") else { return .bool(false) }
            return .bool(ConsoleText.boolean(raw), else: "\(name) is not a boolean: \(raw)")
        }
        return [
            Fact("linux.gdm.automatic_login", flag("AutomaticLoginEnable")),
            Fact("linux.gdm.timed_login", flag("TimedLoginEnable"))
        ]
    }
}
