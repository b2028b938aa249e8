import Crypto
import Foundation
import MamoriCore

/// One message to one account (お知らせ): shown in the application and, where the person wants it and gave an
/// address, mailed. Its ID is the idempotency key: the digest of its cause and its account, so that the same cause
/// never makes two messages for one person however often it is worked out, and a retried mail carries the same
/// Message-ID.
public struct Alert: Codable, Sendable, Hashable, TableRecord {
    static let table = "alert"

    public var id: String
    public var accountID: String
    public var contractID: String
    public var kind: AlertKind
    public var recordID: String
    public var cause: String
    public var titleJa: String
    public var titleEn: String
    public var detailJa: String
    public var detailEn: String
    /// The record's page, from the server's root.
    public var link: String
    public var dueAt: Date?
    public var createdAt: Date
    public var readAt: Date?
    public var mail: AlertMail
    /// Mail attempts made so far.
    public var attempts: Int
    /// When the next mail attempt may be made (after a failure, with backoff).
    public var nextAttemptAt: Date?
    /// Until when a sender holds it: a sender killed mid-send leaves it held until then, and the next sender retries it.
    public var leaseUntil: Date?
    public var sentAt: Date?
    public var lastError: String?

    /// The subject line.
    public var title: LocalizedText { LocalizedText(ja: titleJa, en: titleEn) }
    /// The message.
    public var detail: LocalizedText { LocalizedText(ja: detailJa, en: detailEn) }

    /// The idempotency key of a cause's message to an account.
    static func key(cause: String, accountID: String) -> String {
        Hex.string(SHA256.hash(data: Data((cause + "\u{1F}" + accountID).utf8)).prefix(16))
    }
}

/// Where an alert's mail stands.
public enum AlertMail: String, Codable, Sendable, CaseIterable {
    /// To be mailed (or mailed again after a failure).
    case pending
    /// The SMTP server accepted it.
    case sent
    /// Every attempt failed; the last error is kept.
    case failed
    /// Not mailed: the person chose in-app only for its kind, or gave no address.
    case inApp = "in-app"
    /// Not mailed: it waited longer than a mail is worth (mail was off), and is shown in the application only.
    case expired

    /// 送信待ち / 送信済み / 送信失敗 / アプリ内のみ / 期限切れ.
    public var label: LocalizedText {
        switch self {
        case .pending: LocalizedText(ja: "送信待ち", en: "waiting")
        case .sent: LocalizedText(ja: "送信済み", en: "sent")
        case .failed: LocalizedText(ja: "送信失敗", en: "failed")
        case .inApp: LocalizedText(ja: "アプリ内のみ", en: "in-app only")
        case .expired: LocalizedText(ja: "送信せず（古いため）", en: "not sent (too old)")
        }
    }
}

/// One attempt to mail an alert, kept for the administrators' outbox page.
public struct AlertAttempt: Codable, Sendable, Hashable, TableRecord {
    static let table = "alertAttempt"
    static let keyColumns = ["alertID", "attempt"]

    public var alertID: String
    public var attempt: Int
    public var startedAt: Date
    public var finishedAt: Date?
    /// `sending` while under way (and found so after a crash: then `interrupted`), `sent` or `failed`.
    public var outcome: String
    public var detail: String
}

/// What one person wants mailed: per kind of alert, mail or in-app only (mail when nothing was chosen).
struct AlertPreference: Codable, Sendable, Hashable, TableRecord {
    static let table = "alertPreference"
    static let keyColumns = ["accountID", "kind"]

    var accountID: String
    var kind: AlertKind
    var mail: Bool
}
