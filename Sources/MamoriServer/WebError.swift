import Hummingbird
import MamoriCore

/// A request refused with a status and a message in both languages: a page for browsers, `application/problem+json`
/// under `/api/`.
public struct WebError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var message: LocalizedText
    /// What is wrong with each field of the request, by its snake_case name.
    var fields: [String: LocalizedText] = [:]
    /// The parts a check-in names that the server does not hold (409).
    var missingParts: [String]?

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, ja: String, en: String) {
        self.status = status
        message = LocalizedText(ja: ja, en: en)
    }

    /// A refused API body (422), naming each field at fault.
    init(_ problems: FormProblems) {
        status = .unprocessableContent
        let named = problems.fields.sorted { $0.key < $1.key }
        message =
            problems.general
            ?? LocalizedText(
                ja: named.map { "\($0.key): \($0.value.ja)" }.joined(separator: "、"),
                en: named.map { "\($0.key): \($0.value.en)" }.joined(separator: "; "))
        fields = problems.fields
    }

    static let signInRequired = WebError(.unauthorized, ja: "ログインが必要です", en: "sign-in required")
    /// The account's password was chosen by someone else: every page leads to `/password` until the person chooses one.
    static let passwordChangeRequired = WebError(.preconditionRequired, ja: "パスワードを変更してください", en: "change your password first")
    static let forbidden = WebError(.forbidden, ja: "この操作の権限がありません", en: "your role does not allow this")
    static let badCSRF = WebError(
        .forbidden, ja: "フォームの有効期限が切れました。もう一度送信してください",
        en: "the form expired (CSRF token mismatch); submit it again")

    static func tooLarge(_ limit: Int) -> WebError {
        WebError(
            .contentTooLarge,
            ja: "送信内容が大きすぎます（上限 \(limit / 1024) KB）。画面から送った場合は、ブラウザの「戻る」で入力した内容に戻り、添付ファイルを小さくしてください",
            en: "the request is too large (limit \(limit / 1024) KB); from a page, go back in the browser to your entries and attach a smaller file")
    }

    /// A request whose query or path says something impossible (400).
    static func badRequest(_ message: LocalizedText) -> WebError {
        WebError(.badRequest, ja: message.ja, en: message.en)
    }

    /// What was not found, named as the request gave it — at most 100 characters of it, so that an answer never
    /// echoes a long path back.
    static func notFound(_ what: String) -> WebError {
        let named = what.count > 100 ? String(what.prefix(100)) + "…" : what
        return WebError(.notFound, ja: "\(named) が見つかりません", en: "\(named) was not found")
    }
}
