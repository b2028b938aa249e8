import MamoriAgentKit
import MamoriCore

extension AgentParameters {
    /// The thresholds and lists a contract sets for its PCs (the annex's defaults where it sets none).
    init(_ contract: ContractState, catalog: Catalog) {
        self.init()
        func seconds(_ id: String) -> Int? {
            guard case let .duration(period)? = contract.parameter(id, in: catalog) else { return nil }
            let unit = switch period.unit {
            case .minute: 60
            case .hour: 3600
            case .day: 86_400
            case .week: 7 * 86_400
            case .month: 30 * 86_400
            case .year: 365 * 86_400
            }
            // A period stored before periods were bounded counts as the longest accepted (100 years), never overflows.
            let maximum = Period.maximumEvery(period.unit)
            return min(max(period.every, -maximum), maximum) * unit
        }
        if case let .integer(length, _)? = contract.parameter("password_min_length", in: catalog) { passwordMinLength = length }
        if let age = seconds("password_max_age") { passwordMaxAgeDays = age / 86_400 }
        if let idle = seconds("screen_lock_max_idle") { screenLockMaxIdleSeconds = idle }
        if let age = seconds("av_definitions_max_age") { avDefinitionsMaxAgeDays = age / 86_400 }
        if case let .list(names)? = contract.parameter("denied_software", in: catalog) { deniedSoftware = names }
        if case let .list(devices)? = contract.parameter("allowed_usb_devices", in: catalog) { allowedUSBDevices = devices }
    }
}
