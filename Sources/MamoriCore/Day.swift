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
        guard (1...12).contains(month), (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day on which `date` falls in Japan; a date outside years 0…9999 (`distantFuture`, a corrupt value) is
    /// taken as the nearest of them rather than trapping.
    public init(_ date: Date) {
        let days = ((date.timeIntervalSince1970 + Day.utcOffset) / 86_400).rounded(.down)
        self.init(dayNumber: Int(min(max(days.isNaN ? 0 : days, Double(Day.dayNumberRange.lowerBound)), Double(Day.dayNumberRange.upperBound))))
    }

    /// Day numbers of 0000-01-01 and 9999-12-31.
    static let dayNumberRange = -719_528...2_932_896

    /// The days people may give: from 1900-01-01 to 2199-12-31 (a day outside is a typing mistake, not a contract).
    public static let acceptedRange = Day(year: 1900, month: 1, day: 1)!...Day(year: 2199, month: 12, day: 31)!

    /// Parses `2026-04-01` exactly (four, two and two ASCII digits, a day that exists, within ``acceptedRange``);
    /// nil for anything else, `2026-1-1`, `+026-01-01` and `9999-12-31` included.
    public init?(_ text: String) {
        guard let day = Day(stored: text), Day.acceptedRange.contains(day) else { return nil }
        self = day
    }

    /// Parses `YYYY-MM-DD` as stored: exact digits and a day that exists, any year (journals written before days were
    /// bounded may hold one outside ``acceptedRange``, and must still be read).
    public init?(stored text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Japan keeps one offset all year (no daylight saving time), so days convert by arithmetic, not a calendar.
    static let utcOffset: TimeInterval = 9 * 3600

    /// Days since 1970-01-01 (proleptic Gregorian).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `dayNumber` days after 1970-01-01.
    init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Midnight at the start of the day in Japan.
    public var start: Date {
        Date(timeIntervalSince1970: Double(dayNumber) * 86_400 - Day.utcOffset)
    }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> Day {
        let (sum, overflow) = dayNumber.addingReportingOverflow(count)
        return Day(
            dayNumber: overflow
                ? (count < 0 ? Day.dayNumberRange.lowerBound : Day.dayNumberRange.upperBound)
                : min(max(sum, Day.dayNumberRange.lowerBound), Day.dayNumberRange.upperBound))
    }

    /// The day one period later, e.g. a year after the last training.
    public func adding(_ period: Period) -> Day {
        Day(start.adding(period))
    }

    /// `2026-04-01`.
    public var description: String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(stored: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a day: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
