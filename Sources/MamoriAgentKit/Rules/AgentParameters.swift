import Foundation
import Yams

/// The contract's thresholds and lists the rules compare against; the annex's values by default.
public struct AgentParameters: Sendable, Codable, Equatable {
    public var passwordMinLength = 6
    public var passwordMaxAgeDays = 365
    public var screenLockMaxIdleSeconds = 900
    public var avDefinitionsMaxAgeDays = 7
    /// Substrings of package or product names that must not be installed (peer-to-peer clients by default).
    public var deniedSoftware = [
        "winny", "share", "perfect dark", "bittorrent", "qbittorrent", "transmission", "utorrent",
        "deluge", "limewire", "frostwire", "emule", "cabos", "bitcomet", "vuze"
    ]
    /// Names of allowed software; empty means no allow list is set.
    public var allowedSoftware: [String] = []
    /// Allowed USB storage devices as `vendor:product` or `vendor:product:serial`.
    public var allowedUSBDevices: [String] = []

    private enum CodingKeys: String, CodingKey {
        case passwordMinLength = "password_min_length"
        case passwordMaxAgeDays = "password_max_age_days"
        case screenLockMaxIdleSeconds = "screen_lock_max_idle_seconds"
        case avDefinitionsMaxAgeDays = "av_definitions_max_age_days"
        case deniedSoftware = "denied_software"
        case allowedSoftware = "allowed_software"
        case allowedUSBDevices = "allowed_usb_devices"
    }

    /// The annex's defaults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let defaults = AgentParameters()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        passwordMinLength = try container.decodeIfPresent(Int.self, forKey: .passwordMinLength) ?? defaults.passwordMinLength
        passwordMaxAgeDays = try container.decodeIfPresent(Int.self, forKey: .passwordMaxAgeDays) ?? defaults.passwordMaxAgeDays
        screenLockMaxIdleSeconds = try container.decodeIfPresent(Int.self, forKey: .screenLockMaxIdleSeconds) ?? defaults.screenLockMaxIdleSeconds
        avDefinitionsMaxAgeDays = try container.decodeIfPresent(Int.self, forKey: .avDefinitionsMaxAgeDays) ?? defaults.avDefinitionsMaxAgeDays
        deniedSoftware = try container.decodeIfPresent([String].self, forKey: .deniedSoftware) ?? defaults.deniedSoftware
        allowedSoftware = try container.decodeIfPresent([String].self, forKey: .allowedSoftware) ?? defaults.allowedSoftware
        allowedUSBDevices = try container.decodeIfPresent([String].self, forKey: .allowedUSBDevices) ?? defaults.allowedUSBDevices
    }

    /// Reads a parameters file (YAML or JSON); keys not given keep the annex's values.
    public static func load(_ url: URL) throws -> AgentParameters {
        try YAMLDecoder().decode(AgentParameters.self, from: Data(contentsOf: url))
    }

    /// A number parameter by its name in rule files.
    func number(_ name: String) -> Int? {
        switch name {
        case "password_min_length": passwordMinLength
        case "password_max_age_days": passwordMaxAgeDays
        case "screen_lock_max_idle_seconds": screenLockMaxIdleSeconds
        case "av_definitions_max_age_days": avDefinitionsMaxAgeDays
        default: nil
        }
    }

    /// A list parameter by its name in rule files.
    func list(_ name: String) -> [String]? {
        switch name {
        case "denied_software": deniedSoftware
        case "allowed_software": allowedSoftware
        case "allowed_usb_devices": allowedUSBDevices
        default: nil
        }
    }
}
