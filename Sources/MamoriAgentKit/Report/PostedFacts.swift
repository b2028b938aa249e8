import Foundation

/// What a server evaluates of a check-in: the PC, when and on which platform it scanned, its host name and its facts,
/// read straight from the signed bytes (``JSONScanner``) — the rest (the agent's parameters, the inventory's other
/// fields, the diff) is checked to be there and of the right kind, and stays in the stored check-in.
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
        var device: AgentReport.Device?, generatedAt: String?, platform: String?, hostname: String?, facts: [PostedFact]?
        var softwarePart: String?, parameters = false
        do {
            try JSONScanner.scan(body) { scanner in
                try scanner.object { scanner, key in
                    switch key {
                    case "device": device = try Self.device(&scanner)
                    case "generated_at": generatedAt = try scanner.string()
                    case "platform": platform = try scanner.string()
                    case "facts": facts = try Self.facts(&scanner)
                    case "parameters":
                        try scanner.object { scanner, _ in try scanner.skip() }
                        parameters = true
                    case "inventory":
                        try scanner.object { scanner, key in
                            switch key {
                            case "fields":
                                try scanner.object { scanner, key in
                                    if key == "hostname" { hostname = try scanner.string() } else { try scanner.skip() }
                                }
                            case "software_part": softwarePart = try scanner.string()
                            default: try scanner.skip()
                            }
                        }
                    default: try scanner.skip()
                    }
                }
                try scanner.end()
            }
        } catch let failure as JSONScanner.Failure {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: failure.description))
        }
        guard let device, let generatedAt, let platform, let hostname, let facts, parameters else {
            let missing = [("device", device == nil), ("generated_at", generatedAt == nil), ("platform", platform == nil),
                           ("facts", facts == nil), ("parameters", !parameters), ("inventory.fields.hostname", hostname == nil)]
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "missing " + missing.filter(\.1).map(\.0).joined(separator: ", ")))
        }
        self.device = device
        self.generatedAt = generatedAt
        self.platform = platform
        self.hostname = hostname
        self.facts = facts
        self.softwarePart = softwarePart
    }

    private static func device(_ scanner: inout JSONScanner) throws -> AgentReport.Device {
        var id: String?, hostname: String?
        try scanner.object { scanner, key in
            switch key {
            case "id": id = try scanner.string()
            case "hostname": hostname = try scanner.string()
            default: try scanner.skip()
            }
        }
        guard let id, let hostname else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "device needs id and hostname")) }
        return AgentReport.Device(id: id, hostname: hostname)
    }

    private static func facts(_ scanner: inout JSONScanner) throws -> [PostedFact] {
        var facts: [PostedFact] = []
        try scanner.array { scanner in
            var key: String?, value: FactValue?, part: String?
            try scanner.object { scanner, member in
                switch member {
                case "key": key = try scanner.string()
                case "value": value = try Self.value(&scanner)
                case "part": part = try scanner.string()
                default: try scanner.skip()
                }
            }
            guard let key, (value == nil) != (part == nil) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "fact \(facts.count + 1): a key and exactly one of value, part"))
            }
            facts.append(part.map { PostedFact(key: key, part: $0) } ?? PostedFact(key: key, value: value!))
        }
        return facts
    }

    /// A fact value's one-key form, as `FactValue` encodes it.
    private static func value(_ scanner: inout JSONScanner) throws -> FactValue {
        var value: FactValue?, kinds = 0
        try scanner.object { scanner, kind in
            kinds += 1
            switch kind {
            case "bool": value = .bool(try scanner.bool())
            case "int": value = .int(try scanner.int())
            case "text": value = .text(try scanner.string())
            case "unknown": value = .unknown(try scanner.string())
            case "list":
                var names: [String] = []
                try scanner.array { names.append(try $0.string()) }
                value = .list(names)
            default: throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown fact value kind \(kind)"))
            }
        }
        guard let value, kinds == 1 else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "a fact value has exactly one of bool, int, text, list, unknown"))
        }
        return value
    }
}
