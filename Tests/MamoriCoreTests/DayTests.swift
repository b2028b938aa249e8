import Foundation
import Testing

@testable import MamoriCore

/// Days convert by arithmetic; the results must agree with Foundation's calendar in Asia/Tokyo.
@Suite struct DayTests {
    @Test func arithmeticAgreesWithTheCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Tokyo")!
        for number in stride(from: -800, through: 40_000, by: 13) {
            let day = Day(dayNumber: number)
            let parts = calendar.dateComponents([.year, .month, .day], from: day.start)
            #expect((parts.year, parts.month, parts.day) == (day.year, day.month, day.day), "\(number)")
            #expect(Day(day.start) == day)
            #expect(Day(day.start.addingTimeInterval(86_399)) == day)
            #expect(day.dayNumber == number)
        }
    }

    @Test func invalidDatesAreRejected() {
        #expect(Day("2026-02-29") == nil)
        #expect(Day("2028-02-29") != nil)
        #expect(Day("2026-13-01") == nil)
        #expect(Day("2026-4-1x") == nil)
        #expect(Day("2026-04-31") == nil)
    }

    @Test func periodsAddInJapanTime() {
        let day = Day("2025-02-28")!
        #expect(day.adding(days: 1).description == "2025-03-01")
        #expect(day.adding(Period(every: 1, unit: .year)).description == "2026-02-28")
        #expect(Day("2024-01-31")!.adding(Period(every: 1, unit: .month)).description == "2024-02-29")
        #expect(day.distance(to: Day("2026-02-28")!) == 365)
    }
}

/// 和暦 as documents print it: era boundaries to the day, 元年 for the first year.
@Suite struct JapaneseEraTests {
    @Test(arguments: [
        ("2026-11-27", "令和8年11月27日"), ("2019-05-01", "令和元年5月1日"), ("2019-04-30", "平成31年4月30日"),
        ("2020-01-01", "令和2年1月1日"), ("1989-01-08", "平成元年1月8日"), ("1989-01-07", "昭和64年1月7日"),
        ("1926-12-25", "昭和元年12月25日"), ("1926-12-24", "1926年12月24日")
    ])
    func wareki(_ day: String, _ expected: String) {
        #expect(Day(day)!.wareki == expected)
    }
}
