/// Reads the firewall switch (`/etc/ufw/ufw.conf`) and encrypted volumes (`/etc/crypttab`).
public enum LinuxSystemParser {
    /// crypttab options or key sources that mark an entry as not LUKS (plain dm-crypt, other formats, throwaway keys).
    private static let notLUKS: Set<String> = ["plain", "tcrypt", "bitlk", "swap", "tmp"]

    /// Facts from `/etc/ufw/ufw.conf`: `ENABLED=yes`.
    public static func ufwConf(_ text: String) -> [Fact] {
        guard let raw = KeyFile(text).value("ENABLED") else { return [Fact("linux.ufw.enabled", .unknown("ENABLED not set"))] }
        let value = ConsoleText.unquoted(raw)
        return [Fact("linux.ufw.enabled", .bool(ConsoleText.boolean(value), else: "ENABLED is \(value)"))]
    }

    /// Facts from `/etc/crypttab`: every mapped name, and those that are LUKS (a `luks` option, or no sign of another format).
    public static func crypttab(_ text: String) -> [Fact] {
        var volumes: [String] = []
        var luks: [String] = []
        for line in ConsoleText.lines(text) {
            let fields = ConsoleText.withoutComment(line).split(whereSeparator: \.isWhitespace).map(String.init)
            guard fields.count >= 2 else { continue }
            volumes.append(fields[0])
            let options = Set(
                (fields.count >= 4 ? fields[3] : "").split(separator: ",").map { option in
                    option.split(separator: "=", omittingEmptySubsequences: false).first.map(String.init) ?? ""
                })
            let keySource = fields.count >= 3 ? fields[2] : ""
            let randomKey = keySource.hasPrefix("/dev/urandom") || keySource.hasPrefix("/dev/random")
            if options.contains("luks") || (options.isDisjoint(with: notLUKS) && !randomKey) { luks.append(fields[0]) }
        }
        return [Fact("linux.crypttab.volumes", .list(volumes)), Fact("linux.crypttab.luks_volumes", .list(luks))]
    }
}
