import Foundation

/// The Japanese eras (元号) used for 和暦 dates in documents submitted to the city.
public enum JapaneseEra: String, Sendable, CaseIterable {
    case reiwa = "令和"
    case heisei = "平成"
    case showa = "昭和"

    /// The first day of the era.
    public var firstDay: Day {
        switch self {
        case .reiwa: Day(year: 2019, month: 5, day: 1)!
        case .heisei: Day(year: 1989, month: 1, day: 8)!
        case .showa: Day(year: 1926, month: 12, day: 25)!
        }
    }

    /// The era `day` falls in; nil before 昭和.
    public static func of(_ day: Day) -> JapaneseEra? {
        allCases.first { $0.firstDay <= day }
    }
}

extension Day {
    /// The day in 和暦, e.g. `令和8年4月1日`; the first year of an era is written 元年. Days before 昭和 stay Western.
    public var wareki: String {
        guard let era = JapaneseEra.of(self) else { return "\(year)年\(month)月\(day)日" }
        let eraYear = year - era.firstDay.year + 1
        return "\(era.rawValue)\(eraYear == 1 ? "元" : String(eraYear))年\(month)月\(day)日"
    }
}

extension Date {
    /// The moment in Japan time with a fixed (POSIX) date format, e.g. `yyyy-MM-dd HH:mm`.
    public func formattedInJapan(_ format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = Day.timeZone
        formatter.dateFormat = format
        return formatter.string(from: self)
    }

    /// The moment in Japan time for English text, e.g. `2026-04-01 10:30 JST`.
    public var japanTimeEnglish: String {
        EvaluationContext.format(self) + " JST"
    }

    /// The moment in 和暦 and Japan time, e.g. `令和8年4月1日 10:30`.
    public var warekiTime: String {
        let seconds = Int(timeIntervalSince(Day(self).start))
        let minutes = String(seconds / 60 % 60)
        return "\(Day(self).wareki) \(seconds / 3600):\(minutes.count == 1 ? "0" + minutes : minutes)"
    }
}
