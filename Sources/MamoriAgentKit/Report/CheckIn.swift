import Crypto
import Foundation
import MamoriCore

/// A report as an agent posts it to the server: the scan's facts and inventory, with every long list (the installed
/// software, a thousand names or more) named by the SHA-256 of its JSON instead of written out. The lists travel as
/// ``ReportPart``s only when the server does not hold them yet, so the daily check-in of a PC whose software did not
/// change is a few KB. The agent's own results stay on the PC: the server evaluates the facts itself.
///
/// The signed bytes are the check-in's canonical JSON, sent as the request body; the digests in it bind the parts.
public struct CheckIn: Sendable, Codable, Equatable {
    public var device: AgentReport.Device
    /// ISO 8601, UTC.
    public var generatedAt: String
    public var platform: String
    /// The parameters the agent checked with (the server uses the contract's own).
    public var parameters: AgentParameters
    public var facts: [PostedFact]
    public var inventory: PostedInventory
    public var inventoryDiff: InventoryDiff?

    /// Lists longer than this travel as parts.
    public static let inlineLimit = 32

    private enum CodingKeys: String, CodingKey {
        case device, platform, parameters, facts, inventory
        case generatedAt = "generated_at"
        case inventoryDiff = "inventory_diff"
    }

    /// The check-in of a scan, with its long lists taken out as parts (each named once).
    public init(_ report: AgentReport) throws {
        var parts: [String: ReportPart] = [:]
        func posted(_ names: [String]) throws -> String? {
            guard names.count > Self.inlineLimit else { return nil }
            let part = try ReportPart(names: names)
            parts[part.digest] = part
            return part.digest
        }
        device = report.device
        generatedAt = report.generatedAt
        platform = report.platform
        parameters = report.parameters
        facts = try report.facts.map { fact in
            if case .list(let names) = fact.value, let digest = try posted(names) { return PostedFact(key: fact.key, part: digest) }
            return PostedFact(key: fact.key, value: fact.value)
        }
        var fields = report.inventory
        let softwarePart = try posted(fields.software)
        if softwarePart != nil { fields.software = [] }
        inventory = PostedInventory(fields: fields, softwarePart: softwarePart)
        inventoryDiff = report.inventoryDiff
        self.parts = parts.values.sorted { $0.digest < $1.digest }
    }

    /// The parts this check-in names, made by ``init(_:)``; not part of the signed bytes.
    public private(set) var parts: [ReportPart] = []

    /// What a server evaluates of this check-in.
    public var posted: PostedFacts { PostedFacts(self) }

    /// The digest of every part the check-in names.
    public var partDigests: Set<String> { posted.partDigests }

    /// The canonical JSON (sorted keys), the bytes that are signed and posted.
    public func canonicalJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The whole report again, with `results` (the server's own) in place of the agent's.
    public func report(results: [AgentResult], lists: [String: [String]]) throws -> AgentReport {
        var inventory = inventory.fields
        if let digest = self.inventory.softwarePart {
            guard let names = lists[digest] else { throw MissingParts(digests: [digest]) }
            inventory.software = names
        }
        return AgentReport(
            device: device, generatedAt: generatedAt, platform: platform, parameters: parameters,
            facts: try posted.resolvedFacts(lists), results: results, inventory: inventory, inventoryDiff: inventoryDiff)
    }

    /// Checks `signature` over `body` with the device's public key, then reads what a server evaluates and checks
    /// that it names that device (see ``DeviceKey``: a bad signature throws ``AgentError/badSignature``).
    public static func verified(_ body: Data, signature: Data, publicKey: Data) throws -> PostedFacts {
        try DeviceKey.opened(body, signature: signature, publicKey: publicKey, read: PostedFacts.init(reading:)) { $0.device.id }
    }

    /// Parts a check-in names that the server does not hold.
    public struct MissingParts: Error, Sendable, Equatable {
        public var digests: [String]

        /// Names the missing parts.
        public init(digests: [String]) {
            self.digests = digests
        }
    }
}

/// A fact as posted: its value, or the digest of the part holding its list.
public struct PostedFact: Sendable, Codable, Equatable {
    public var key: String
    public var value: FactValue?
    public var part: String?

    /// A fact written out.
    public init(key: String, value: FactValue) {
        self.key = key
        self.value = value
    }

    /// A list fact whose names are in a part.
    public init(key: String, part: String) {
        self.key = key
        self.part = part
    }

    private enum CodingKeys: String, CodingKey {
        case key, value, part
    }

    /// Decodes `{"key", "value"}` or `{"key", "part"}`, refusing both or neither.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        key = try container.decode(String.self, forKey: .key)
        value = try container.decodeIfPresent(FactValue.self, forKey: .value)
        part = try container.decodeIfPresent(String.self, forKey: .part)
        guard (value == nil) != (part == nil) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: container.codingPath + [CodingKeys.key],
                    debugDescription: "a posted fact has exactly one of value, part"))
        }
    }
}

/// The inventory as posted: its fields, with the software list in a part when it is long.
public struct PostedInventory: Sendable, Codable, Equatable {
    /// The inventory; its software is empty when ``softwarePart`` names it.
    public var fields: Inventory
    public var softwarePart: String?

    private enum CodingKeys: String, CodingKey {
        case fields
        case softwarePart = "software_part"
    }
}

/// A long list of names a check-in refers to by digest: the JSON array, and the SHA-256 of those bytes (hex).
public struct ReportPart: Sendable, Equatable {
    public var digest: String
    public var bytes: Data

    /// The part holding `names`.
    public init(names: [String]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        bytes = try encoder.encode(names)
        digest = Self.digest(of: bytes)
    }

    /// The lowercase hex SHA-256 of `bytes`.
    public static func digest(of bytes: Data) -> String {
        Hex.string(SHA256.hash(data: bytes))
    }

    /// The names in a part's bytes, or nil when they are not a JSON array of strings.
    public static func names(_ bytes: Data) -> [String]? {
        try? JSONDecoder().decode([String].self, from: bytes)
    }
}
