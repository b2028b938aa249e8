/// Reads the antivirus products Windows Security Center knows (`root/SecurityCenter2` `AntiVirusProduct`, client Windows only).
public enum WindowsSecurityCenterParser {
    /// What a `productState` integer says, by the community decoding (Microsoft does not document it).
    public struct ProductState: Sendable, Hashable {
        /// Real-time protection is on (byte 0x00FF00 has bit 0x10).
        public var realtime: Bool
        /// Definitions are up to date (byte 0x0000FF lacks bit 0x10).
        public var upToDate: Bool

        /// Decodes `productState`, e.g. 397568 = 0x061100: on, up to date.
        public init(_ productState: Int) {
            realtime = (productState >> 8) & 0x10 != 0
            upToDate = productState & 0x10 == 0
        }
    }

    private static let keys = [
        "windows.security_center.antivirus_products",
        "windows.security_center.realtime_products",
        "windows.security_center.outdated_products",
        "windows.security_center.antivirus_realtime",
        "windows.security_center.antivirus_current"
    ]

    /// Facts from `Get-CimInstance … AntiVirusProduct | ConvertTo-Json` (one object, an array, or nothing when none is registered).
    public static func antivirusProducts(json: String) -> [Fact] {
        let body = ConsoleText.trimmed(json)
        let products: [PrintedJSON]
        if body.isEmpty || body == "null" {
            products = []
        } else if let value = PrintedJSON.parse(body) {
            products = value.objects
        } else {
            return keys.map { Fact($0, .unknown("AntiVirusProduct output is not JSON")) }
        }
        var names: [String] = []
        var realtime: [String] = []
        var outdated: [String] = []
        var current = false
        var undecoded: [String] = []
        for product in products {
            let name = product["displayName"]?.scalarText ?? "(unnamed)"
            names.append(name)
            guard let raw = product["productState"], let number = raw.scalarText.flatMap({ Int($0) }) else {
                undecoded.append(name)
                continue
            }
            let state = ProductState(number)
            if state.realtime { realtime.append(name) }
            if !state.upToDate { outdated.append(name) }
            if state.realtime && state.upToDate { current = true }
        }
        let reason = "productState missing for: \(undecoded.joined(separator: ", "))"
        return [
            Fact(keys[0], .list(names)),
            Fact(keys[1], .list(realtime)),
            Fact(keys[2], .list(outdated)),
            Fact(keys[3], realtime.isEmpty && !undecoded.isEmpty ? .unknown(reason) : .bool(!realtime.isEmpty)),
            Fact(keys[4], !current && !undecoded.isEmpty ? .unknown(reason) : .bool(current))
        ]
    }
}
