/// Reads GNOME settings from dconf keyfiles (`/etc/dconf/db/local.d/*`) and GDM's `custom.conf`.
public enum LinuxDesktopParser {
    private enum Kind { case bool, int }

    /// dconf section and key → fact key.
    private static let dconfKeys: [(section: String, name: String, key: String, kind: Kind)] = [
        ("org/gnome/desktop/screensaver", "lock-enabled", "linux.gnome.screensaver.lock_enabled", .bool),
        ("org/gnome/desktop/screensaver", "lock-delay", "linux.gnome.screensaver.lock_delay_seconds", .int),
        ("org/gnome/desktop/session", "idle-delay", "linux.gnome.session.idle_delay_seconds", .int),
        ("org/gnome/desktop/media-handling", "automount-open", "linux.gnome.media_handling.automount_open", .bool),
        ("org/gnome/desktop/media-handling", "autorun-never", "linux.gnome.media_handling.autorun_never", .bool),
    ]

    /// Facts from dconf keyfile text (all `local.d` files appended in name order); values may carry a GVariant type (`uint32 300`).
    public static func dconf(_ text: String) -> [Fact] {
        let file = KeyFile(text)
        return dconfKeys.map { entry in
            guard let raw = file.value(entry.name, in: entry.section) else {
                return Fact(entry.key, .unknown("\(entry.name) not set in dconf (the GNOME default applies)"))
            }
            let value = ConsoleText.unquoted(String(raw.split(separator: " ").last ?? ""))
            switch entry.kind {
            case .bool: return Fact(entry.key, .bool(ConsoleText.boolean(value), else: "\(entry.name) is not a boolean: \(raw)"))
            case .int: return Fact(entry.key, .int(Int(value), else: "\(entry.name) is not a number: \(raw)"))
            }
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
            Fact("linux.gdm.timed_login", flag("TimedLoginEnable")),
        ]
    }
}
