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
