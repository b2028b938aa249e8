/// A length of time with its unit, e.g. 365 days or 1 year.
public struct Period: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How many units.
    public var every: Int
    /// The unit.
    public var unit: PeriodUnit

    /// Creates a period.
    public init(every: Int, unit: PeriodUnit) {
        self.every = every
        self.unit = unit
    }

    /// The period in Japanese and English, e.g. 「1年」 / "1 year".
    public var label: LocalizedText {
        LocalizedText(ja: "\(every)\(unit.label.ja)", en: "\(every) \(unit.rawValue)\(every == 1 ? "" : "s")")
    }

    /// `365 day`, as written in catalog files.
    public var description: String { "\(every) \(unit.rawValue)" }
}

/// The units a period may be given in.
public enum PeriodUnit: String, Sendable, CaseIterable, Codable {
    case minute, hour, day, week, month, year

    /// The unit's label.
    public var label: LocalizedText {
        switch self {
        case .minute: LocalizedText(ja: "分", en: "minute")
        case .hour: LocalizedText(ja: "時間", en: "hour")
        case .day: LocalizedText(ja: "日", en: "day")
        case .week: LocalizedText(ja: "週間", en: "week")
        case .month: LocalizedText(ja: "か月", en: "month")
        case .year: LocalizedText(ja: "年", en: "year")
        }
    }
}

/// How often a clause's evidence must be renewed, and which contract parameter can change it.
public struct Cycle: Sendable, Hashable {
    /// The default period.
    public var period: Period
    /// The parameter a contract sets to change the period, if any.
    public var parameter: String?

    /// Creates a cycle.
    public init(period: Period, parameter: String? = nil) {
        self.period = period
        self.parameter = parameter
    }
}
