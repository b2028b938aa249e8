import Crypto
import Foundation
import Synchronization

/// What a server evaluates of a check-in: the PC, when and on which platform it scanned, its host name and its facts,
/// read straight from the signed bytes (``JSONScanner``). The rest (the agent's parameters, the inventory's fields,
/// the diff) stays in the stored check-in; it is decoded once to prove that the stored body can be read back whole,
/// and its bytes' digest remembered, so that the next check-in carrying the same bytes is not decoded again.
public struct PostedFacts: Sendable, Equatable {
    public var device: AgentReport.Device
    public var generatedAt: String
    public var platform: String
    /// The inventory's host name.
    public var hostname: String
    public var facts: [PostedFact]
    /// The part holding the inventory's software list, when it is one.
    public var softwarePart: String?

    /// The digest of every part the check-in names.
    public var partDigests: Set<String> {
        Set(facts.compactMap(\.part) + [softwarePart].compactMap { $0 })
    }

    /// The part each list fact came in, by fact key.
    public var listDigests: [String: String] {
        Dictionary(facts.compactMap { fact in fact.part.map { (fact.key, $0) } }, uniquingKeysWith: { first, _ in first })
    }

    /// The facts with every part written out again; `lists` gives a part's names by digest.
    public func resolvedFacts(_ lists: [String: [String]]) throws -> [Fact] {
        try facts.map { fact in
            if let digest = fact.part {
                guard let names = lists[digest] else { throw CheckIn.MissingParts(digests: [digest]) }
                return Fact(fact.key, .list(names))
            }
            return Fact(fact.key, fact.value ?? .unknown("no value"))
        }
    }

    /// What a decoded check-in holds of these.
    init(_ checkIn: CheckIn) {
        device = checkIn.device
        generatedAt = checkIn.generatedAt
        platform = checkIn.platform
        hostname = checkIn.inventory.fields.hostname
        facts = checkIn.facts
        softwarePart = checkIn.inventory.softwarePart
    }

    /// Reads a check-in's bytes; what is not JSON of a check-in's shape throws `DecodingError.dataCorrupted` naming
    /// the byte offset and what was expected there.
    public init(reading body: Data) throws {
        var device: AgentReport.Device?
        var generatedAt: String?
        var platform: String?
        var hostname: String?
        var facts: [PostedFact]?
        var softwarePart: String?
        var parameters: Range<Int>?
        var fields: Range<Int>?
        do {
            try JSONScanner.scan(body) { scanner in
                var diff: Range<Int>?
                try scanner.object { scanner, key in
                    switch key {
                    case "device": device = try Self.device(&scanner)
                    case "generated_at": generatedAt = try scanner.string()
                    case "platform": platform = try scanner.string()
                    case "facts": facts = try Self.facts(&scanner)
                    case "parameters": parameters = try Self.skipped(&scanner)
                    case "inventory_diff": diff = try Self.skipped(&scanner)
                    case "inventory":
                        try scanner.object { scanner, key in
                            switch key {
                            case "fields":
                                let start = scanner.offset
                                try scanner.object { scanner, key in
                                    if case "hostname" = key { hostname = try scanner.string() } else { try scanner.skip() }
                                }
                                fields = start..<scanner.offset
                            case "software_part": softwarePart = try Self.digest(&scanner)
                            default: try scanner.skip()
                            }
                        }
                    default: try scanner.skip()
                    }
                }
                try scanner.end()
                // What is missing is named below, once the scanner is gone, before anything is decoded.
                guard let parameters, let fields, device != nil, generatedAt != nil, platform != nil, hostname != nil, facts != nil
                else { return }
                try Self.checkReadable(
                    parameters: scanner.bytes(parameters), fields: scanner.bytes(fields),
                    diff: diff.map(scanner.bytes) ?? UnsafeRawBufferPointer(start: Self.null.utf8Start, count: Self.null.utf8CodeUnitCount))
            }
        } catch let failure as JSONScanner.Failure {
            throw Self.unreadable(failure.description)
        }
        guard let device, let generatedAt, let platform, let hostname, let facts, parameters != nil, fields != nil else {
            let missing = [
                ("device", device == nil), ("generated_at", generatedAt == nil), ("platform", platform == nil),
                ("facts", facts == nil), ("parameters", parameters == nil), ("inventory.fields", fields == nil || hostname == nil)
            ]
            throw Self.unreadable("missing " + missing.filter(\.1).map(\.0).joined(separator: ", "))
        }
        let parts = Set(facts.compactMap(\.part) + [softwarePart].compactMap { $0 })
        guard parts.count <= Self.maxParts else {
            throw Self.unreadable("\(parts.count) parts named; at most \(Self.maxParts)")
        }
        self.device = device
        self.generatedAt = generatedAt
        self.platform = platform
        self.hostname = hostname
        self.facts = facts
        self.softwarePart = softwarePart
    }

    /// A check-in that is not of a check-in's shape, as `JSONDecoder` reports one.
    private static func unreadable(_ reason: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: [], debugDescription: reason))
    }

    /// Parts one check-in may name (a PC has one software list; the rest is room for other long lists).
    public static let maxParts = 16

    /// Digests of the parameters, inventory fields and diff already decoded once, at most `validatedLimit` of them.
    private static let validated = Mutex<Set<SIMD4<UInt64>>>([])
    private static let validatedLimit = 100_000
    /// An absent diff, as the decoder reads it.
    private static let null: StaticString = "null"

    /// Proves that the parts the scanner skips decode as the stored check-in will be decoded; once per distinct bytes.
    private static func checkReadable(parameters: UnsafeRawBufferPointer, fields: UnsafeRawBufferPointer, diff: UnsafeRawBufferPointer) throws {
        var hash = SHA256()
        for (offset, bytes) in [parameters, fields, diff].enumerated() {
            if offset > 0 { hash.update(data: [0]) }
            hash.update(bufferPointer: bytes)
        }
        let digest = hash.finalize().withUnsafeBytes { bytes in
            SIMD4((0..<4).map { bytes.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) })
        }
        if validated.withLock({ $0.contains(digest) }) { return }
        let decoder = JSONDecoder()
        _ = try decoder.decode(AgentParameters.self, from: Data(parameters))
        _ = try decoder.decode(Inventory.self, from: Data(fields))
        _ = try decoder.decode(InventoryDiff?.self, from: Data(diff))
        validated.withLock { validated in
            if validated.count >= validatedLimit { validated.removeAll() }
            validated.insert(digest)
        }
    }

    /// Skips a value and returns where it stands.
    private static func skipped(_ scanner: inout JSONScanner) throws -> Range<Int> {
        let start = scanner.offset
        try scanner.skip()
        return start..<scanner.offset
    }

    /// A part's name: 64 lowercase hex digits.
    private static func digest(_ scanner: inout JSONScanner) throws -> String {
        let digest = try scanner.string()
        guard digest.utf8.count == 64, digest.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw Self.unreadable("a part is named by 64 lowercase hex digits, not \(digest.prefix(80))")
        }
        return digest
    }

    private static func device(_ scanner: inout JSONScanner) throws -> AgentReport.Device {
        var id: String?
        var hostname: String?
        try scanner.object { scanner, key in
            switch key {
            case "id": id = try scanner.string()
            case "hostname": hostname = try scanner.string()
            default: try scanner.skip()
            }
        }
        guard let id, let hostname else { throw Self.unreadable("device needs id and hostname") }
        return AgentReport.Device(id: id, hostname: hostname)
    }

    private static func facts(_ scanner: inout JSONScanner) throws -> [PostedFact] {
        var facts: [PostedFact] = []
        try scanner.array { scanner in
            var key: String?
            var value: FactValue?
            var part: String?
            try scanner.object { scanner, member in
                switch member {
                case "key": key = try scanner.string()
                case "value": value = try Self.value(&scanner)
                case "part": part = try Self.digest(&scanner)
                default: try scanner.skip()
                }
            }
            guard let key, (value == nil) != (part == nil) else {
                throw Self.unreadable("fact \(facts.count + 1): a key and exactly one of value, part")
            }
            facts.append(part.map { PostedFact(key: key, part: $0) } ?? PostedFact(key: key, value: value!))
        }
        return facts
    }

    /// A fact value's one-key form, as `FactValue` encodes it.
    private static func value(_ scanner: inout JSONScanner) throws -> FactValue {
        var value: FactValue?
        var kinds = 0
        try scanner.object { scanner, kind in
            kinds += 1
            switch kind {
            case "bool": value = .bool(try scanner.bool())
            case "int": value = .int(try scanner.int())
            case "text": value = .text(try scanner.string())
            case "unknown": value = .unknown(try scanner.string())
            case "never": value = .never(try scanner.string())
            case "list":
                var names: [String] = []
                try scanner.array { names.append(try $0.string()) }
                value = .list(names)
            default: throw Self.unreadable("unknown fact value kind \(kind.text)")
            }
        }
        guard let value, kinds == 1 else {
            throw Self.unreadable("a fact value has exactly one of bool, int, text, list, unknown, never")
        }
        return value
    }
}
