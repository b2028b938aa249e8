/// Reads Microsoft Defender status from `Get-MpComputerStatus`, whose property names are never translated.
public enum WindowsDefenderParser {
    private enum Kind { case bool, int, days, text }

    /// Property → fact key; ages in days where `FullScanAge` 4294967295 and `AntivirusSignatureAge` 65535 mean "never"
    /// (never scanned, never updated) and become `never`.
    private static let properties: [(name: String, key: String, kind: Kind)] = [
        ("AMServiceEnabled", "windows.defender.service_enabled", .bool),
        ("AntivirusEnabled", "windows.defender.antivirus_enabled", .bool),
        ("AntispywareEnabled", "windows.defender.antispyware_enabled", .bool),
        ("RealTimeProtectionEnabled", "windows.defender.realtime", .bool),
        ("OnAccessProtectionEnabled", "windows.defender.on_access", .bool),
        ("BehaviorMonitorEnabled", "windows.defender.behavior_monitor", .bool),
        ("IoavProtectionEnabled", "windows.defender.ioav_protection", .bool),
        ("NISEnabled", "windows.defender.network_inspection", .bool),
        ("IsTamperProtected", "windows.defender.tamper_protected", .bool),
        ("DefenderSignaturesOutOfDate", "windows.defender.signatures_out_of_date", .bool),
        ("AntivirusSignatureAge", "windows.defender.signature_age_days", .days),
        ("FullScanAge", "windows.defender.full_scan_age_days", .days),
        ("AMRunningMode", "windows.defender.running_mode", .text)
    ]

    private static let source = "Get-MpComputerStatus"

    /// Facts from `Get-MpComputerStatus | ConvertTo-Json`.
    public static func mpComputerStatus(json: String) -> [Fact] {
        guard let object = PrintedJSON.parse(json)?.objects.first else {
            return unknown("\(source) output is not a JSON object")
        }
        return facts(PropertyBag(json: object, source: source))
    }

    /// Facts from `Get-MpComputerStatus | Format-List` (`Name : Value` lines).
    public static func mpComputerStatus(formatList: String) -> [Fact] {
        let bag = PropertyBag(formatList: formatList, source: source)
        return bag.isEmpty ? unknown("\(source) printed no properties") : facts(bag)
    }

    private static func facts(_ bag: PropertyBag) -> [Fact] {
        properties.map { property in
            switch property.kind {
            case .bool: Fact(property.key, bag.bool(property.name))
            case .int: Fact(property.key, bag.int(property.name))
            case .days:
                if case .int(let days) = bag.int(property.name), days >= 65_535 {
                    Fact(property.key, .never("\(property.name) \(days): never"))
                } else {
                    Fact(property.key, bag.int(property.name))
                }
            case .text: Fact(property.key, bag.text(property.name))
            }
        }
    }

    private static func unknown(_ reason: String) -> [Fact] {
        properties.map { Fact($0.key, .unknown(reason)) }
    }
}
