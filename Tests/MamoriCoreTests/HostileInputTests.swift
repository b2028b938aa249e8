import Foundation
import MamoriCore
import Testing

/// Values a person, a script or an old journal may give that Mamori must refuse where they enter, or evaluate
/// without trapping: impossible dates and times, counts beyond any real contract, sums that do not fit.
@Suite struct HostileInputTests {
    @Test(arguments: [
        "2026-1-1", "2026-01-1", "+026-01-01", "2026-02-30", "9999-12-31", "1899-12-31", "2200-01-01", "２０２６-01-01",
        "2026-01-01 ", "2026/01/01", ""
    ])
    func impossibleOrOutOfRangeDaysAreRefused(_ text: String) {
        #expect(Day(text) == nil, "\(text)")
    }

    /// A long text keeps its line breaks as a browser's text area sends them (CR LF); a control character is refused,
    /// named.
    @Test func aNoticeKeepsItsLineBreaksAndRefusesControls() throws {
        func notice(_ content: String) -> CityNotification {
            CityNotification(id: "NT-1", contractID: "c", subject: .other, notifiedOn: Day(Date(timeIntervalSince1970: 0)), content: content)
        }
        try notice("一行目\r\n二行目\n三行目\t終わり").admit(at: Date())
        let refused = #expect(throws: CommandError.self) { try notice("一行目\u{1B}[2J").admit(at: Date()) }
        #expect(refused?.message.ja.contains("U+001B") == true)
    }

    @Test func daysAtTheEdgesOfTheRangeAreAccepted() {
        #expect(Day("1900-01-01") != nil && Day("2199-12-31") != nil && Day("2028-02-29") != nil)
    }

    @Test(arguments: [
        ("2026-02-30T10:00:00Z", Timestamp.LocalTime.japan), ("2026-04-01T25:00:00Z", .japan), ("2026-04-01T12:99:00Z", .japan),
        ("2026-04-01T12:00:61Z", .japan), ("2026-04-01T12:00:60Z", .japan), ("2026-04-01T12:00:00+24:00", .japan),
        ("2026-04-01T12:00:00+09:60", .japan), ("2026-04-01T12:00:00+0900", .japan), ("2026-04-01T12:00", .refused),
        ("2026-04-01T12:00:00", .refused), ("9999-12-31T00:00:00Z", .japan), ("2026-4-1T12:00:00Z", .japan),
        ("2026-04-01T1:00:00Z", .japan), ("2026-04-01T12:00:00.Z", .japan), ("2026-04-01T12:00:00.1234567890Z", .japan),
        ("2026-04-01 12:00:00Z", .japan), ("2026-04-01T12:00:00ZZ", .japan), ("2026-04-01T12", .japan)
    ])
    func impossibleTimesAreRefusedNotRolledOver(_ text: String, _ local: Timestamp.LocalTime) {
        #expect(Timestamp.parse(text, local: local) == nil, "\(text)")
    }

    @Test func timesAreReadExactlyWithTheirOffset() throws {
        let utc = try #require(Timestamp.parse("2026-04-01T01:30:00Z", local: .refused))
        #expect(utc == Date(timeIntervalSince1970: 1_775_007_000))
        #expect(Timestamp.parse("2026-04-01T10:30:00+09:00", local: .refused) == utc)
        #expect(Timestamp.parse("2026-03-31T20:30:00-05:00", local: .refused) == utc)
        #expect(Timestamp.parse("2026-04-01T10:30", local: .japan) == utc, "without an offset: Japan time, where allowed")
        #expect(Timestamp.parse("2026-04-01T01:30:00.250Z", local: .refused) == utc.addingTimeInterval(0.25))
        #expect(Timestamp.parse("2026-04-01T01:30Z", local: .refused) == utc)
    }

    @Test func dayArithmeticNeverTraps() {
        let day = Day("2026-04-01")!
        #expect(day.adding(days: Int.max).year == 9999)
        #expect(day.adding(days: Int.min).year == 0)
        #expect(Day(Date.distantFuture).year == 9999 || Day(Date.distantFuture).year == 4001)
        #expect(Day(Date(timeIntervalSince1970: .infinity)).year == 9999)
        #expect(day.adding(Period(every: Int.max, unit: .year)).year == 2126, "a stored period beyond its bound counts as 100 years")
        #expect(day.adding(Period(every: Int.max, unit: .day)) > Day("2126-01-01")!)
        #expect(day.adding(Period(every: Int.min, unit: .month)).year == 1926)
    }

    @Test func countsBeyondTheirLimitAreRefusedByTheCommand() {
        var s = Scenario()
        let asset = DataAsset(
            id: "A2", contractID: "C1", name: "x", items: [], medium: "紙", recordCount: 1, permittedPurposes: ["入力"],
            permittedCopies: Int.max, storageLocation: "金庫", receivedOn: Scenario.day(-1), returnDue: Scenario.day(1))
        #expect(throws: CommandError.self) { try AddRecord(asset).admit(at: Scenario.now) }
        var copy = DataEvent(id: "E", contractID: "C1", assetID: "A1", kind: .copy, occurredAt: Scenario.now, personID: "P3", copies: 1 << 62)
        #expect(throws: CommandError.self) { try AddRecord(copy).admit(at: Scenario.now) }
        copy.copies = 10_000
        #expect(throws: Never.self) { try AddRecord(copy).admit(at: Scenario.now) }
        #expect(throws: Never.self) { try copy.validate(in: s.state, at: Scenario.now) }
        let approval = Approval(
            id: "AP", contractID: "C1", kind: "extra-copy", subject: "s", assetID: "A1", copies: Int.max,
            requestedAt: Scenario.now, requestedBy: "P1")
        #expect(throws: CommandError.self) { try AddRecord(approval).admit(at: Scenario.now) }
        s.add(asset)
        #expect(throws: CommandError.self) {
            try SetContractParameter(contractID: "C1", parameter: "training_cycle", value: .duration(Period(every: Int.max, unit: .year)))
                .admit(at: Scenario.now)
        }
        #expect(throws: CommandError.self) { try ParameterValue.integer(-1, unit: "文字").check() }
    }

    /// What an old journal may already hold (written before counts were bounded) is evaluated, never a trap: the
    /// clause says 評価不能 and names the asset and the entries to correct.
    @Test func sumsThatDoNotFitAreUnevaluableNotACrash() {
        var s = Scenario()
        var asset = s.state.assets["A1"]!
        asset.permittedCopies = Int.max
        s.add(asset)
        s.add(
            Approval(
                id: "AP", contractID: "C1", kind: "extra-copy", subject: "s", assetID: "A1", copies: 1, requestedAt: Scenario.at(-6),
                requestedBy: "P1", decision: .granted, decidedAt: Scenario.at(-5), decidedBy: "city"))
        #expect(s.evaluate("PI-8").status == .compliant, "no copy made: nothing had to be added up")
        s.event("C-1", .copy, daysAgo: 1) { $0.copies = 1 }
        let poisoned = s.evaluate("PI-8")
        #expect(poisoned.status == .unevaluable)
        #expect(poisoned.evidence.contains("A1") && poisoned.evidence.contains("AP"))
        #expect(poisoned.reasons.first?.ja.contains("訂正") == true)

        var copies = Scenario()
        copies.event("C-1", .copy, daysAgo: 2) { $0.copies = 1 << 62 }
        copies.event("C-2", .copy, daysAgo: 1) { $0.copies = 1 << 62 }
        #expect(copies.state.ledgers["A1"]?.copiesMade == nil)
        let overflowing = copies.evaluate("PI-8")
        #expect(overflowing.status == .unevaluable && overflowing.evidence.contains("C-2"))
        #expect(ClauseStatus.unevaluable > .violation, "never hidden behind another status")
    }
}

/// Text that prints as nothing, or as terminal escapes, in a document for the city does not enter.
@Suite struct PlainTextTests {
    @Test func protectionAndNoticesRefuseControlAndInvisibleText() {
        for value in ["\u{01}\u{1B}[31m", "   ", "\u{200B}", "手渡し\u{202E}"] {
            let event = DataEvent(
                id: "E", contractID: "C1", assetID: "A1", kind: .takeout, occurredAt: Scenario.at(-1), personID: "P3",
                destination: "区役所", protection: value)
            #expect(throws: CommandError.self, "\(value.unicodeScalars.map(\.value))") { try event.admit(at: Scenario.now) }
            let notice = CityNotification(id: "N", contractID: "C1", subject: .other, notifiedOn: Scenario.day(-1), content: value)
            #expect(throws: CommandError.self) { try notice.admit(at: Scenario.now) }
        }
        let fine = DataEvent(
            id: "E", contractID: "C1", assetID: "A1", kind: .takeout, occurredAt: Scenario.at(-1), personID: "P3",
            destination: "区役所", protection: "暗号化 USB・施錠ケース・手渡し")
        #expect(throws: Never.self) { try fine.admit(at: Scenario.now) }
    }
}
