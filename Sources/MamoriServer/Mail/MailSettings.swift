import Foundation
import MamoriCore

/// How the server mails alerts: the SMTP server (`--smtp` or `MAMORI_SMTP_URL`), the sender address, the CA that signs
/// the server's certificate, and the address people open Mamori at (for the link in each mail).
///
/// `smtp://user:password@host:587` sends with STARTTLS, required: the mail is never sent in the clear;
/// `smtps://…:465` over TLS from the start; `smtp+plain://host:25` without TLS, accepted only to this machine (a local
/// relay such as Postfix that sends on).
public struct MailSettings: Sendable, Hashable {
    /// The server, without credentials: `smtp://host:port` or `smtps://host:port`.
    public let server: String
    /// Whether STARTTLS is required (`smtp://`); `smtps://` is TLS anyway, `smtp+plain://` has none.
    public let requireTLS: Bool
    public let user: String?
    public let password: String?
    /// The envelope and `From:` address.
    public let from: String
    /// A PEM file of the CA that signs the SMTP server's certificate, where it is not in the system's store.
    public let caFile: String?
    /// Where people open Mamori, e.g. `https://mamori.example.lg.jp`: the start of each mail's link.
    public let publicURL: String

    /// Reads the settings; a malformed URL or address is refused with both languages' message.
    public init(url text: String, from: String, caFile: String?, publicURL: String) throws(CommandError) {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw CommandError(
                ja: "--smtp の URL を読めません（例: smtp://user:password@mail.example.jp:587）",
                en: "cannot read the --smtp URL (e.g. smtp://user:password@mail.example.jp:587)")
        }
        let loopback = ["127.0.0.1", "::1", "[::1]", "localhost"].contains(host.lowercased())
        switch scheme {
        case "smtp": requireTLS = true
        case "smtps": requireTLS = false
        case "smtp+plain" where loopback: requireTLS = false
        case "smtp+plain":
            throw CommandError(
                ja: "TLS なしの送信（smtp+plain）はこのマシン上の中継サーバーにだけ使えます",
                en: "sending without TLS (smtp+plain) is allowed only to a relay on this machine")
        default:
            throw CommandError(
                ja: "--smtp は smtp://、smtps:// または smtp+plain:// で始めてください",
                en: "--smtp must start with smtp://, smtps:// or smtp+plain://")
        }
        guard url.path.isEmpty || url.path == "/", url.query == nil, url.fragment == nil else {
            throw CommandError(ja: "--smtp の URL にパス・クエリ・フラグメントは書けません", en: "the --smtp URL takes no path, query or fragment")
        }
        let port = url.port ?? (scheme == "smtps" ? 465 : 587)
        guard (1...65_535).contains(port) else {
            throw CommandError(ja: "--smtp のポート \(port) は 1〜65535 の範囲外です", en: "the --smtp port \(port) is outside 1–65535")
        }
        server = "\(scheme == "smtps" ? "smtps" : "smtp")://\(host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host):\(port)"
        user = url.user.flatMap { $0.removingPercentEncoding ?? $0 }
        password = url.password.flatMap { $0.removingPercentEncoding ?? $0 }
        guard ([user, password].compactMap { $0 }).allSatisfy({ $0.unicodeScalars.allSatisfy { $0.properties.generalCategory != .control } }) else {
            throw CommandError(ja: "--smtp のユーザー名・パスワードに制御文字は使えません", en: "the --smtp user and password may not hold control characters")
        }
        guard MailAddress.isValid(from) else {
            throw CommandError(ja: "送信元アドレス \"\(from)\" を読めません", en: "cannot read the sender address \"\(from)\"")
        }
        self.from = from
        if let caFile {
            let text = (try? String(contentsOfFile: caFile, encoding: .utf8)) ?? ""
            guard text.contains("-----BEGIN CERTIFICATE-----") else {
                throw CommandError(
                    ja: "--smtp-ca-file \(caFile) は読めないか、PEM 形式の証明書ではありません",
                    en: "--smtp-ca-file \(caFile) cannot be read or holds no PEM certificate")
            }
        }
        self.caFile = caFile
        guard let site = URL(string: publicURL), ["http", "https"].contains(site.scheme?.lowercased() ?? ""), site.host != nil else {
            throw CommandError(
                ja: "公開 URL \"\(publicURL)\" を読めません（例: https://mamori.example.jp）",
                en: "cannot read the public URL \"\(publicURL)\" (e.g. https://mamori.example.jp)")
        }
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
    }

    /// The server as shown to administrators: no credentials.
    public var description: String { server + (requireTLS ? "（STARTTLS）" : "") }
}

/// An e-mail address as Mamori accepts it: ASCII `local@domain`, no spaces or controls, at most 254 characters —
/// what every SMTP server takes without the SMTPUTF8 extension.
public enum MailAddress {
    /// Whether `text` is such an address.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 3 else { return false }
        let allowedLocal = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-".utf8)
        let allowedDomain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-".utf8)
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        let dot = UInt8(ascii: ".")
        let dots = [dot, dot]
        return at <= 64 && local.allSatisfy(allowedLocal.contains) && domain.allSatisfy(allowedDomain.contains)
            && local.first != dot && local.last != dot && !bytes.indices.dropLast().contains { Array(bytes[$0...($0 + 1)]) == dots }
            && domain.contains(UInt8(ascii: ".")) && domain.first != UInt8(ascii: ".") && domain.last != UInt8(ascii: ".")
            && domain.first != UInt8(ascii: "-")
    }
}
