/// A threshold or period a contract may set, with the annex's default (e.g. minimum password length 6).
public struct CatalogParameter: Sendable, Hashable {
    /// The parameter's ID, e.g. `password_min_length`.
    public var id: String
    /// What it sets.
    public var title: LocalizedText
    /// Its default value.
    public var value: ParameterValue
    /// The endpoint agent's setting it gives its value to (``AgentSetting``), if the agent compares against it.
    public var agent: AgentSetting?
    /// Which side of a contract sets it: the city (a threshold of the annex, the default) or the contractor (how it
    /// runs its own work, e.g. how early it wants reminders).
    public var setBy: Organization.Kind

    /// Creates a parameter.
    public init(id: String, title: LocalizedText, value: ParameterValue, agent: AgentSetting? = nil, setBy: Organization.Kind = .city) {
        self.id = id
        self.title = title
        self.value = value
        self.agent = agent
        self.setBy = setBy
    }
}

extension CatalogParameter {
    /// Refuses, where a contract's value for this parameter enters (the settings page, `mamori contract set`), a value of
    /// another kind; a count below 1 (below 0 where the catalog's default is 0); a list item that is empty, longer than
    /// 200 characters or holds control or format characters (they would reach the PCs and terminals as they are); a USB
    /// device that is not `VVVV:PPPP` in hex; and whatever ``ParameterValue/check()`` refuses.
    public func accept(_ candidate: ParameterValue) throws(CommandError) {
        guard candidate.kind == value.kind else {
            throw .invalid("value", ja: "\(value.kind) の値が必要です", en: "needs a value of kind \(value.kind)")
        }
        try candidate.check()
        switch (candidate, value) {
        case (.integer(let number, _), .integer(let fallback, _)):
            let minimum = min(1, fallback)
            guard number >= minimum else {
                throw .invalid("value", ja: "\(minimum) 以上の整数で入力してください", en: "must be a whole number of at least \(minimum)")
            }
            // No PC can be set to more (Windows stops at 14 without a policy, 128 with one); a larger value is a typo.
            if agent == .passwordMinLength, number > 128 {
                throw .invalid("value", ja: "128 文字以下で入力してください", en: "must be at most 128 characters")
            }
        case (.list(let items), _):
            for item in items {
                try requirePlainText(item, "value")
                try requireLength(item, atMost: 200, "value")
                if agent == .allowedUSBDevices {
                    let parts = item.split(separator: ":", omittingEmptySubsequences: false)
                    guard parts.count == 2, parts.allSatisfy({ $0.count == 4 && $0.allSatisfy(\.isHexDigit) }) else {
                        throw .invalid(
                            "value", ja: "USB 機器は「ベンダー ID:プロダクト ID」（16 進 4 桁ずつ、例 0781:5581）で入力してください（\(item)）",
                            en: "a USB device is VENDOR:PRODUCT in 4 hex digits each, e.g. 0781:5581 (got \(item))")
                    }
                }
            }
        default: break
        }
    }
}

/// The value of a contract parameter.
public enum ParameterValue: Sendable, Hashable {
    /// A count with its unit word, e.g. 6 characters.
    case integer(Int, unit: String)
    /// A period, e.g. 365 days.
    case duration(Period)
    /// A list of names, e.g. denied software.
    case list([String])

    /// The value's kind as written in catalog files.
    public var kind: String {
        switch self {
        case .integer: "integer"
        case .duration: "duration"
        case .list: "list"
        }
    }

    /// The value as people read it.
    public var label: LocalizedText {
        switch self {
        case .integer(let value, let unit): LocalizedText(ja: "\(value)", en: "\(value) \(unit)")
        case .duration(let period): period.label
        case .list(let items):
            LocalizedText(ja: items.joined(separator: "、"), en: items.joined(separator: ", "))
        }
    }
}

extension ParameterValue {
    /// Refuses a count or a period outside what Mamori can evaluate (``CountLimit/parameter``, ``Period/check(_:)``),
    /// and lists of more than 10,000 names.
    public func check() throws(CommandError) {
        switch self {
        case .integer(let value, _): try CountLimit.parameter.check(value)
        case .duration(let period): try period.check("value")
        case .list(let items):
            guard items.count <= 10_000 else {
                throw .invalid("value", ja: "一覧は 10,000 件までです（\(items.count) 件）", en: "a list holds at most 10,000 names (got \(items.count))")
            }
        }
    }
}

extension ParameterValue: Codable {
    private enum CodingKeys: String, CodingKey { case kind, value, unit }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "integer": self = .integer(try container.decode(Int.self, forKey: .value), unit: try container.decode(String.self, forKey: .unit))
        case "duration":
            self = .duration(Period(every: try container.decode(Int.self, forKey: .value), unit: try container.decode(PeriodUnit.self, forKey: .unit)))
        case "list": self = .list(try container.decode([String].self, forKey: .value))
        case let kind:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown parameter kind \(kind)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .integer(let value, let unit):
            try container.encode(value, forKey: .value)
            try container.encode(unit, forKey: .unit)
        case .duration(let period):
            try container.encode(period.every, forKey: .value)
            try container.encode(period.unit, forKey: .unit)
        case .list(let items): try container.encode(items, forKey: .value)
        }
    }
}

/// A threshold or list the endpoint agent's rules compare against: a catalog parameter names the one it sets
/// (`agent: password_min_length`), so that each city's values reach the PCs whatever it calls its parameters.
public enum AgentSetting: String, Sendable, Hashable, CaseIterable {
    case passwordMinLength = "password_min_length"
    case passwordMaxAge = "password_max_age"
    case screenLockMaxIdle = "screen_lock_max_idle"
    case avDefinitionsMaxAge = "av_definitions_max_age"
    case deniedSoftware = "denied_software"
    case allowedSoftware = "allowed_software"
    case allowedUSBDevices = "allowed_usb_devices"

    /// The kind of parameter that can set it.
    public var kind: String {
        switch self {
        case .passwordMinLength: "integer"
        case .passwordMaxAge, .screenLockMaxIdle, .avDefinitionsMaxAge: "duration"
        case .deniedSoftware, .allowedSoftware, .allowedUSBDevices: "list"
        }
    }
}

extension ParameterValue {
    /// Parses a value of the same kind as `example` as people type it: a number; a period as a number and a unit
    /// (`6 month`; the example's unit when none is given); a list separated by commas or lines.
    public static func parse(_ text: String, like example: ParameterValue) -> ParameterValue? {
        switch example {
        case .integer(_, let unit): Int(text).map { .integer($0, unit: unit) }
        case .duration(let period):
            parseDuration(text.split(separator: " ").map(String.init), defaultUnit: period.unit)
        case .list: .list(text.split(whereSeparator: { $0 == "," || $0.isNewline }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
    }

    private static func parseDuration(_ words: [String], defaultUnit: PeriodUnit) -> ParameterValue? {
        guard let count = words.first.flatMap(Int.init), count > 0 else { return nil }
        let unit = words.count > 1 ? PeriodUnit(rawValue: words[1].hasSuffix("s") ? String(words[1].dropLast()) : words[1]) : defaultUnit
        return unit.map { .duration(Period(every: count, unit: $0)) }
    }
}
