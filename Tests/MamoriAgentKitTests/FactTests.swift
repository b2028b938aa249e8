import Foundation
import Testing

@testable import MamoriAgentKit

/// The fact model's wire form and the text helpers every parser relies on.
@Suite struct FactTests {
    @Test func factsRoundTripThroughJSONInTheSingleKeyForm() throws {
        let facts = [
            Fact("linux.login_defs.pass_max_days", .int(99_999)),
            Fact("windows.defender.realtime", .bool(false)),
            Fact("macos.wifi.current_security_mode", .text("wpa2_personal")),
            Fact("linux.group.admin_members", .list(["itadmin", "taro"])),
            Fact("windows.security_center.antivirus_realtime", .unknown("namespace absent on Windows Server"))
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try #require(String(data: encoder.encode(facts), encoding: .utf8))
        #expect(json.contains(#"{"key":"linux.login_defs.pass_max_days","value":{"int":99999}}"#))
        #expect(json.contains(#""value":{"bool":false}"#))
        #expect(json.contains(#""value":{"unknown":"namespace absent on Windows Server"}"#))
        #expect(try JSONDecoder().decode([Fact].self, from: Data(json.utf8)) == facts)
    }

    @Test func aValueWithTwoKindsIsRejected() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(FactValue.self, from: Data(#"{"int":1,"bool":true}"#.utf8))
        }
    }

    @Test func theLastFactWithAKeyWins() {
        let facts = [Fact("k", .int(1)), Fact("k", .int(2))]
        #expect(facts.value(for: "k") == .int(2))
        #expect(facts.value(for: "other") == nil)
    }

    @Test(arguments: [
        ("100,0%", 100.0), ("100.0%", 100.0), ("126,25 GB", 126.25), ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("0.0%", 0.0)
    ])
    func decimalsAcceptEitherSeparator(text: String, expected: Double) {
        #expect(ConsoleText.decimal(text) == expected)
    }

    @Test func garbageIsNoNumber() {
        #expect(ConsoleText.decimal("Unknown") == nil)
        #expect(ConsoleText.integer("Never") == nil)
        #expect(ConsoleText.integer("30 minutes") == 30)
    }

    @Test func linesDropCRLFAndTheBOM() {
        #expect(ConsoleText.lines("\u{FEFF}a : 1\r\nb : 2  \r\n\r\nc") == ["a : 1", "b : 2", "", "c"])
        #expect(ConsoleText.lines("x\ry\nz") == ["x", "y", "z"])
    }

    @Test func labeledLinesSplitAtTheFirstColonOnly() throws {
        let (label, value) = try #require(ConsoleText.labeled("    Physical address       : 3c:a9:f4:12:34:56"))
        #expect(label == "Physical address")
        #expect(value == "3c:a9:f4:12:34:56")
        #expect(ConsoleText.labeled("no colon here") == nil)
    }

    @Test func textIsDecodedFromEachEncodingAWindowsToolWrites() throws {
        let text = "[System Access]\r\nMinimumPasswordLength = 12\r\n"
        let utf16 = try #require(text.data(using: .utf16LittleEndian))
        #expect(ConsoleText.decode(Data([0xFF, 0xFE]) + utf16) == text)
        #expect(ConsoleText.decode(Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)) == text)
        #expect(ConsoleText.decode(utf16) == text)
        #expect(ConsoleText.decode(Data(text.utf8)) == text)
    }
}
