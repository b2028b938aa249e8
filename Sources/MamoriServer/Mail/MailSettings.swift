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
            throw CommandError(ja: "--smtp の URL を読めません（例: smtp://user:password@mail.example.jp:587）",
                               en: "cannot read the --smtp URL (e.g. smtp://user:password@mail.example.jp:587)")
        }
        let loopback = ["127.0.0.1", "::1", "[::1]", "localhost"].contains(host.lowercased())
        switch scheme {
        case "smtp": requireTLS = true
        case "smtps": requireTLS = false
        case "smtp+plain" where loopback: requireTLS = false
        case "smtp+plain":
            throw CommandError(ja: "TLS なしの送信（smtp+plain）はこのマシン上の中継サーバーにだけ使えます",
                               en: "sending without TLS (smtp+plain) is allowed only to a relay on this machine")
        default:
            throw CommandError(ja: "--smtp は smtp://、smtps:// または smtp+plain:// で始めてください",
                               en: "--smtp must start with smtp://, smtps:// or smtp+plain://")
        }
        let port = url.port ?? (scheme == "smtps" ? 465 : 587)
        server = "\(scheme == "smtps" ? "smtps" : "smtp")://\(host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host):\(port)"
        user = url.user.flatMap { $0.removingPercentEncoding ?? $0 }
        password = url.password.flatMap { $0.removingPercentEncoding ?? $0 }
        guard MailAddress.isValid(from) else {
            throw CommandError(ja: "送信元アドレス \"\(from)\" を読めません", en: "cannot read the sender address \"\(from)\"")
        }
        self.from = from
        self.caFile = caFile
        guard let site = URL(string: publicURL), ["http", "https"].contains(site.scheme?.lowercased() ?? ""), site.host != nil else {
            throw CommandError(ja: "公開 URL \"\(publicURL)\" を読めません（例: https://mamori.example.jp）",
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
        let domain = bytes[(at + 1)...]
        return at <= 64 && bytes[..<at].allSatisfy(allowedLocal.contains) && domain.allSatisfy(allowedDomain.contains)
            && domain.contains(UInt8(ascii: ".")) && domain.first != UInt8(ascii: ".") && domain.last != UInt8(ascii: ".")
            && domain.first != UInt8(ascii: "-")
    }
}
