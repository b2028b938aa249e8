import Foundation

/// One scan of one PC: who it is, what was seen, what the rules concluded, and its inventory.
public struct AgentReport: Sendable, Codable, Equatable {
    public var device: Device
    /// ISO 8601, UTC.
    public var generatedAt: String
    public var platform: String
    public var parameters: AgentParameters
    public var facts: [Fact]
    public var results: [AgentResult]
    public var inventory: Inventory
    /// Changes since the previous scan on this PC, if there was one.
    public var inventoryDiff: InventoryDiff?

    /// The PC as the server knows it.
    public struct Device: Sendable, Codable, Equatable {
        /// Stable ID: the SHA-256 of the device's public key, shortened.
        public var id: String
        public var hostname: String

        /// Names a device.
        public init(id: String, hostname: String) {
            self.id = id
            self.hostname = hostname
        }
    }

    private enum CodingKeys: String, CodingKey {
        case device, platform, parameters, facts, results, inventory
        case generatedAt = "generated_at"
        case inventoryDiff = "inventory_diff"
    }

    /// Whether every rule passed.
    public var allPass: Bool { results.allSatisfy { $0.status == .pass } }

    /// The report as canonical JSON (sorted keys), the bytes that are signed.
    public func canonicalJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
