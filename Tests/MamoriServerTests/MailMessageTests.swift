import Foundation
import Testing

@testable import MamoriServer

/// How an alert becomes a message, and which SMTP settings are accepted.
@Suite struct MailMessageTests {
    @Test func aLongJapaneseSubjectIsFoldedIntoEncodedWordsOfWholeCharacters() throws {
        let subject = "【Mamori】期限が近づいています: " + String(repeating: "令和8年度 課税資料（第2回）の返還・廃棄", count: 3) + " 🗂"
        let encoded = MailMessage.encodedWords(subject)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 3)
        #expect(encoded.utf8.allSatisfy { $0 < 0x80 })
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        #expect(try ReceivedMail.decodeWords(words.joined(separator: " ")) == subject)
        #expect(MailMessage.encodedWords("plain ASCII") == "plain ASCII")
    }

    @Test func aDateIsWrittenAsRFC5322InJapanTime() {
        #expect(MailMessage.rfc5322(Date(timeIntervalSince1970: 1_796_300_000)) == "Thu, 03 Dec 2026 21:13:20 +0900", "as Python's email.utils writes it")
    }

    @Test(arguments: [
        ("smtp://u:p%40ss@mail.example.jp", "smtp://mail.example.jp:587", true, "p@ss"),
        ("smtps://mail.example.jp", "smtps://mail.example.jp:465", false, nil),
        ("smtp+plain://127.0.0.1:25", "smtp://127.0.0.1:25", false, nil)
    ])
    func settingsAreRead(url: String, server: String, starttls: Bool, password: String?) throws {
        let settings = try MailSettings(url: url, from: "mamori@example.jp", caFile: nil, publicURL: "https://mamori.example.jp/")
        #expect(settings.server == server && settings.requireTLS == starttls && settings.password == password)
        #expect(settings.publicURL == "https://mamori.example.jp")
    }

    @Test(arguments: [
        ("smtp+plain://mail.example.jp:25", "mamori@example.jp", "このマシン上の中継サーバー"),
        ("http://mail.example.jp", "mamori@example.jp", "smtp://"),
        ("smtp://", "mamori@example.jp", "URL を読めません"),
        ("smtp://mail.example.jp", "mamori@例え.jp", "送信元アドレス"),
        ("smtp://mail.example.jp", "mamori@example.jp\r\nBcc: x@evil.example", "送信元アドレス"),
        ("smtp://mail.example.jp:99999", "mamori@example.jp", "1〜65535"),
        ("smtp://mail.example.jp/relay?x=1", "mamori@example.jp", "パス・クエリ"),
        ("smtp://u:p%0d%0a@mail.example.jp", "mamori@example.jp", "制御文字")
    ])
    func wrongSettingsAreRefusedInBothLanguages(url: String, from: String, japanese: String) {
        #expect(throws: (any Error).self) { try MailSettings(url: url, from: from, caFile: nil, publicURL: "https://mamori.example.jp") }
        do {
            _ = try MailSettings(url: url, from: from, caFile: nil, publicURL: "https://mamori.example.jp")
        } catch {
            #expect(error.message.ja.contains(japanese) && !error.message.en.isEmpty, "\(error.message)")
        }
    }

    @Test func aCAFileMustHoldACertificate() {
        for file in ["/nonexistent.pem", "/etc/hostname"] {
            #expect(throws: (any Error).self) {
                try MailSettings(url: "smtp://mail.example.jp", from: "mamori@example.jp", caFile: file, publicURL: "https://mamori.example.jp")
            }
        }
    }

    @Test func aRecordNameWithLineBreaksStaysOnTheSubjectLine() {
        #expect(MailMessage.oneLine("NEWP\r\nBcc: hdr@evil.test\u{2028}X") == "NEWP  Bcc: hdr@evil.test X")
    }

    @Test func anAddressIsPlainASCIIWithOneAt() {
        for good in ["yamada@mirai.example", "a.b+c@city.nakano.tokyo.jp"] { #expect(MailAddress.isValid(good)) }
        for bad in [
            "山田@mirai.example", "a@b", "a b@c.jp", "a@c.jp\r\nBcc: x@y.jp", "a@c.jp,b@d.jp", "@c.jp", "a@.c.jp", "a@c.jp.", "a..b@c.jp", ".a@c.jp", "a.@c.jp",
            String(repeating: "a", count: 65) + "@c.jp", "a@c\u{0}.jp"
        ] {
            #expect(!MailAddress.isValid(bad), "\(bad)")
        }
    }
}
