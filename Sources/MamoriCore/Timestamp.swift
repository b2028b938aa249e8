import Foundation

/// Reads a moment exactly as written, never normalising an impossible one: incident clocks and data events are
/// evidence, so `2026-02-30T25:61:61Z` is refused, not stored as `2026-03-03T02:02:01Z`.
public enum Timestamp {
    /// How a moment without an offset is read.
    public enum LocalTime: Sendable {
        /// Refused: the API, where RFC 3339 asks for an offset.
        case refused
        /// Taken as Japan time (the time a browser's `datetime-local` field and the command line give), as the form
        /// and the command's help say.
        case japan
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM)` (RFC 3339, seconds optional), and with `local: .japan`
    /// also the same without an offset in Japan time; the day must exist and fall within ``Day/acceptedRange``.
    public static func parse(_ text: String, local: LocalTime) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 16, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            let day = Day(String(decoding: bytes[0..<10], as: UTF8.self))
        else { return nil }
        var index = 11
        func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += count
            return value
        }
        func take(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }
        guard let hour = digits(2), hour < 24, take(":"), let minute = digits(2), minute < 60 else { return nil }
        var seconds = 0.0
        if take(":") {
            guard let second = digits(2), second < 60 else { return nil }
            seconds = Double(second)
            if take(".") {
                let start = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                guard index > start, index - start <= 9,
                    let fraction = Double("0." + String(decoding: bytes[start..<index], as: UTF8.self))
                else { return nil }
                seconds += fraction
            }
        }
        let clock = Double(hour * 3600 + minute * 60) + seconds
        // Seconds since midnight UTC of the day as written, before its offset.
        let midnightUTC = day.start.addingTimeInterval(Day.utcOffset)
        if index == bytes.count {
            guard local == .japan else { return nil }
            return day.start.addingTimeInterval(clock)
        }
        if take("Z") || take("z") {
            guard index == bytes.count else { return nil }
            return midnightUTC.addingTimeInterval(clock)
        }
        let sign: Double
        if take("+") { sign = 1 } else if take("-") { sign = -1 } else { return nil }
        guard let offsetHours = digits(2), offsetHours < 24, take(":"), let offsetMinutes = digits(2), offsetMinutes < 60,
            index == bytes.count
        else { return nil }
        return midnightUTC.addingTimeInterval(clock - sign * Double(offsetHours * 3600 + offsetMinutes * 60))
    }

    /// A moment as a form's `datetime-local` value, in Japan's time, to the second: `YYYY-MM-DDTHH:MM:SS`.
    public static func localInputValue(_ date: Date) -> String {
        let day = Day(date)
        let seconds = max(0, Int(date.timeIntervalSince(day.start)))
        return "\(day)T" + String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
    }

    /// Why a moment was refused, for messages: the forms' and the API's expected forms.
    public static func expected(_ local: LocalTime) -> LocalizedText {
        switch local {
        case .refused:
            LocalizedText(
                ja: "RFC 3339 の日時（例 2026-04-01T10:30:00+09:00、実在する日時・時差つき）",
                en: "an RFC 3339 time with its offset, e.g. 2026-04-01T10:30:00+09:00 (a moment that exists)")
        case .japan:
            LocalizedText(
                ja: "日本時間の日時（例 2026-04-01T10:30、実在する日時）",
                en: "a Japan time such as 2026-04-01T10:30 (a moment that exists)")
        }
    }
}
