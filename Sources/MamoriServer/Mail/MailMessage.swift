import Foundation
import MamoriCore
import MamoriStore

/// One alert as an Internet message (RFC 5322): UTF-8 text, base64 body, and a subject in RFC 2047 encoded words, which
/// Japanese mail clients (Outlook, Thunderbird, Becky!, Gmail) show as written. The Message-ID is the alert's
/// idempotency key, so that a mail sent again after a crash is recognizably the same message.
struct MailMessage: Sendable {
    let from: String
    let to: String
    let subject: String
    let body: String
    let messageID: String
    let date: Date

    /// The message for an alert to one person.
    init(alert: Alert, to address: String, name: String, contract: Contract?, settings: MailSettings, host: String, date: Date) {
        from = settings.from
        to = address
        subject = "【Mamori】" + Self.oneLine(alert.titleJa)
        messageID = "<\(alert.id)@\(host)>"
        self.date = date
        let link = settings.publicURL + alert.link
        let contractLine = contract.map { (ja: "契約: \($0.title)（\($0.number)）", en: "Contract: \($0.title) (\($0.number))") }
        let due = alert.dueAt.map { (ja: "期限: \($0.warekiTime)", en: "Due: \($0.japanTimeEnglish)") }
        var lines = ["\(name) 様", "", alert.detailJa, ""]
        lines += [contractLine?.ja, "記録: \(alert.recordID)", due?.ja, "確認: \(link)"].compactMap { $0 }
        lines += [
            "", "このメールは Mamori から自動で送信しています。事故の内容など、暗号化して保管している個人情報はメールに記載していません。",
            "", "----", alert.titleEn, "", alert.detailEn, ""
        ]
        lines += [contractLine?.en, "Record: \(alert.recordID)", due?.en, "Open: \(link)"].compactMap { $0 }
        lines += ["", "Sent automatically by Mamori. Personal data Mamori keeps sealed, such as what an incident was, is never put in mail."]
        body = lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The whole message, CRLF line ends.
    var text: String {
        let headers = [
            "From: Mamori <\(from)>",
            "To: <\(to)>",
            "Subject: " + Self.encodedWords(subject),
            "Date: " + Self.rfc5322(date),
            "Message-ID: " + messageID,
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated"
        ]
        let encoded = Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + encoded + "\r\n"
    }

    /// A text with every control character and line or paragraph separator made a space: what a record's name may
    /// hold never makes a second line in a subject, even once a mail client has decoded it.
    static func oneLine(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" ? " " : scalar
                }))
    }

    /// A header value as RFC 2047 `=?UTF-8?B?…?=` words of at most 75 characters, folded onto continuation lines; each
    /// word holds whole characters (a character is never split between two words).
    static func encodedWords(_ text: String) -> String {
        guard !text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return text }
        var words: [String] = []
        var chunk = Data()
        for character in text {
            let bytes = Data(String(character).utf8)
            // 45 bytes make 60 base64 characters: with `=?UTF-8?B?` and `?=`, 72 — inside the 75 allowed.
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=")
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// `Fri, 04 Dec 2026 10:30:00 +0900`.
    static func rfc5322(_ date: Date) -> String {
        date.formattedInJapan("EEE, dd MMM yyyy HH:mm:ss Z")
    }
}
