import Foundation

/// What a PC is and holds, for the initial configuration sheet: hardware, OS, network, software, accounts, settings.
public struct Inventory: Sendable, Codable, Equatable {
    public var hostname: String
    public var os: String
    public var kernel: String
    public var hardware: String
    public var cpu: String
    public var memoryMB: Int?
    public var interfaces: [NetworkInterface]
    /// Installed software as `name=version`.
    public var software: [String]
    /// Human user accounts.
    public var accounts: [String]
    /// Members of the administrators' groups.
    public var administrators: [String]
    /// The checked settings as `fact = value`.
    public var settings: [String]

    /// Differences from an earlier inventory, for the record of changes to the initial configuration.
    public func diff(from previous: Inventory) -> InventoryDiff {
        func changes(_ old: [String], _ new: [String]) -> (added: [String], removed: [String]) {
            let (oldSet, newSet) = (Set(old), Set(new))
            return (new.filter { !oldSet.contains($0) }, old.filter { !newSet.contains($0) })
        }
        let software = changes(previous.software, self.software)
        let accounts = changes(previous.accounts, self.accounts)
        let settings = changes(previous.settings, self.settings)
        var fields: [String] = []
        if previous.hostname != hostname { fields.append("hostname: \(previous.hostname) → \(hostname)") }
        if previous.os != os { fields.append("os: \(previous.os) → \(os)") }
        if previous.kernel != kernel { fields.append("kernel: \(previous.kernel) → \(kernel)") }
        if previous.interfaces != interfaces { fields.append("network interfaces changed") }
        return InventoryDiff(
            softwareAdded: software.added, softwareRemoved: software.removed, accountsAdded: accounts.added,
            accountsRemoved: accounts.removed, settingsChanged: settings.added, fieldsChanged: fields)
    }
}

/// A network interface with its hardware and IP addresses.
public struct NetworkInterface: Sendable, Codable, Equatable {
    public var name: String
    public var mac: String
    public var addresses: [String]
}

/// What changed between two inventories.
public struct InventoryDiff: Sendable, Codable, Equatable {
    public var softwareAdded: [String]
    public var softwareRemoved: [String]
    public var accountsAdded: [String]
    public var accountsRemoved: [String]
    /// Settings whose `fact = value` line is new.
    public var settingsChanged: [String]
    public var fieldsChanged: [String]

    /// Whether nothing changed.
    public var isEmpty: Bool {
        softwareAdded.isEmpty && softwareRemoved.isEmpty && accountsAdded.isEmpty && accountsRemoved.isEmpty
            && settingsChanged.isEmpty && fieldsChanged.isEmpty
    }
}
