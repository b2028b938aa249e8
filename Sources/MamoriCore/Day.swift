import Foundation

/// A calendar day in Japan (Asia/Tokyo), written `2026-04-01`: join dates, due dates, training days.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Year, month and day in the Gregorian calendar.
    public let year: Int, month: Int, day: Int

    /// The time zone every day and deadline in Mamori is counted in.
    public static let timeZone = TimeZone(identifier: "Asia/Tokyo")!

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Day.timeZone
        return calendar
    }()

    /// Creates a day; nil when the date does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard let date = Day.calendar.date(from: DateComponents(year: year, month: month, day: day)),
              Day.calendar.component(.day, from: date) == day, Day.calendar.component(.month, from: date) == month
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day on which `date` falls in Japan.
    public init(_ date: Date) {
        let parts = Day.calendar.dateComponents([.year, .month, .day], from: date)
        year = parts.year!
        month = parts.month!
        day = parts.day!
    }

    /// Parses `2026-04-01`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Midnight at the start of the day in Japan.
    public var start: Date {
        Day.calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> Day {
        Day(Day.calendar.date(byAdding: .day, value: count, to: start)!)
    }

    /// The day one period later, e.g. a year after the last training.
    public func adding(_ period: Period) -> Day {
        Day(start.adding(period))
    }

    /// `2026-04-01`.
    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (lhs: Day, rhs: Day) -> Bool { (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a day: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
