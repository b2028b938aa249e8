/// A saved or current Wi-Fi network and whether it is protected (neither open nor WEP).
public struct WiFiProfile: Sendable, Hashable {
    /// The profile or network name.
    public var name: String
    /// The security as the platform prints it, e.g. `WPA2-Personal/CCMP`, `wpa2_personal`, `wpa-psk`.
    public var security: String
    /// False for open or WEP, true for WPA and later, nil when the words are not recognised.
    public var isSecured: Bool?

    /// Makes a profile from what a parser read.
    public init(name: String, security: String, isSecured: Bool?) {
        self.name = name
        self.security = security
        self.isSecured = isSecured
    }

    /// `<platform>.wifi.profiles`, `.insecure_profiles` and `.all_secured` for a set of saved profiles.
    public static func facts(_ profiles: [WiFiProfile], platform: String) -> [Fact] {
        let prefix = "\(platform).wifi"
        let unrecognised = profiles.filter { $0.isSecured == nil }.map(\.name)
        let allSecured: FactValue =
            if profiles.contains(where: { $0.isSecured == false }) { .bool(false) } else if unrecognised.isEmpty { .bool(true) } else {
                .unknown("security not recognised for: \(unrecognised.joined(separator: ", "))")
            }
        return [
            Fact("\(prefix).profiles", .list(profiles.map(\.name))),
            Fact("\(prefix).insecure_profiles", .list(profiles.filter { $0.isSecured == false }.map(\.name))),
            Fact("\(prefix).all_secured", allSecured)
        ]
    }
}
