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

    /// The longest period accepted: 100 years in any unit, so that a deadline is never computed past year 9999.
    public static func maximumEvery(_ unit: PeriodUnit) -> Int {
        switch unit {
        case .minute: 100 * 366 * 24 * 60
        case .hour: 100 * 366 * 24
        case .day: 100 * 366
        case .week: 100 * 53
        case .month: 100 * 12
        case .year: 100
        }
    }

    /// Refuses a period shorter than one unit or longer than 100 years.
    public func check(_ field: String) throws(CommandError) {
        let maximum = Period.maximumEvery(unit)
        guard (1...maximum).contains(every) else {
            throw .invalid(
                field, ja: "期間は 1 から \(maximum) \(unit.label.ja)までです（入力 \(every)）",
                en: "a period must be 1 to \(maximum) \(unit.rawValue)s (got \(every))")
        }
    }
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
