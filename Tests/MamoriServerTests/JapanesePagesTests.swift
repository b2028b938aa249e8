import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriCore
import MamoriTestSupport
import Testing

@testable import MamoriServer

/// Every page a member of each role can reach from the overview, following the site's own links through the demo
/// contract: no English word in what a person reads on the Japanese pages (text, and the attributes shown as text).
@Suite struct JapanesePagesTests {
    @Test func everyReachablePageReadsInJapanese() async throws {
        let fixture = try await ServerFixture()
        let app = Application(router: MamoriApp.router(fixture.environment))
        let (found, pages) = try await app.test(.router) { client in
            var found: [String: Set<String>] = [:]
            var pages = 0
            for (login, _, _) in ServerFixture.accounts where !login.hasPrefix("foreign") {
                var browser = TestBrowser(client)
                try await browser.signIn(login, password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
                var queue = ["/"]
                var seen: Set<String> = ["/"]
                while !queue.isEmpty, seen.count < 700 {
                    let uri = queue.removeFirst()
                    let page = try await browser.get(uri)
                    guard page.status == .ok, page.headers[.contentType]?.hasPrefix("text/html") == true else { continue }
                    pages += 1
                    // People's logins are theirs to choose (`test` is the fixture's command user); the language switch
                    // names its language in it.
                    let words = JapanesePageText(html: page.body).englishWords.subtracting(ServerFixture.accounts.map(\.login) + ["test", "English"])
                    for word in words { found[word, default: []].insert(uri) }
                    for link in JapanesePageText.links(in: page.body) where seen.insert(link).inserted { queue.append(link) }
                }
            }
            return (found, pages)
        }
        #expect(pages > 900, "the crawl reached \(pages) pages")
        let report = found.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.sorted().prefix(3).joined(separator: " "))" }
        #expect(report == [], "English on Japanese pages")
    }

    @Test func theReaderFindsEnglishOnlyInWhatPeopleRead() {
        let text = JapanesePageText(
            html: """
                <html><head><title>契約 Contracts</title><style>.status { color: red }</style></head><body>\
                <a href="/contracts/x" title="Open">開く</a><script>let pending = 1</script>\
                <input type="submit" value="Save"><input name="login" value="kato"><code>mamori ledger verify</code>\
                <p>PC 3 台、CSV と Excel、INC-01 &amp; Pending</p></body></html>
                """)
        #expect(text.englishWords == ["Contracts", "Open", "Pending", "Save"])
    }
}

/// What a person reads on a page: the text outside scripts, styles and code, the page title, and the attributes a
/// browser shows as text (`title`, `placeholder`, `aria-label`, `alt`, a button's `value`).
struct JapanesePageText {
    let html: String

    /// Words of Latin letters that are not names Japanese writing uses as they are (PC, CSV, Excel, TOTP…), and not
    /// record IDs, logins, addresses or file names (which contain digits, `@`, `.` or `-`).
    var englishWords: Set<String> {
        var words: Set<String> = []
        for piece in readable {
            for token in piece.split(whereSeparator: { $0.isWhitespace || "、。，．（）()「」『』：:；;/／・,!?！？【】[]<>〜~=+*\"'“”’".contains($0) }) {
                let word = String(token)
                guard word.contains(where: { $0.isASCII && $0.isLetter }) else { continue }
                // IDs, logins, e-mail addresses, file names, versions: not words.
                if word.contains(where: { $0.isNumber || "@.-_#%&$".contains($0) }) || !word.allSatisfy(\.isASCII) { continue }
                if Self.kept.contains(word) || word.allSatisfy({ $0.isUppercase }) { continue }
                words.insert(word)
            }
        }
        return words
    }

    /// Names written in Latin letters in Japanese too.
    static let kept: Set<String> = [
        "Excel", "Windows", "macOS", "Linux", "BitLocker", "FileVault", "LibreOffice", "Chromium", "Defender", "Mamori", "mamori",
        "Gatekeeper", "Firefox", "Chrome", "Microsoft", "Apple", "Debian", "Ubuntu", "systemd", "ufw", "firewalld", "nftables", "iptables",
        "Authenticator", "QR", "https", "http", "Wi", "Fi", "LUKS", "SmartScreen", "XProtect", "lynis", "ClamAV", "clamav", "cron", "sudo",
        "YAML", "yaml", "JSON", "json", "Prometheus", "Hummingbird", "SQLite", "PostgreSQL", "ledger", "verify", "agent", "serve", "bundle",
        "catalog", "scan", "zip", "xlsx", "csv", "pdf", "html", "Web"
    ]

    /// The pieces of text people read.
    var readable: [String] {
        var text = html
        for element in ["script", "style", "code", "kbd", "pre", "textarea"] {
            text = text.replacingOccurrences(of: "(?s)<\(element)\\b[^>]*>.*?</\(element)>", with: " ", options: [.regularExpression, .caseInsensitive])
        }
        var pieces: [String] = []
        let attributes = try! NSRegularExpression(pattern: "\\b(title|placeholder|aria-label|alt)=\"([^\"]*)\"")
        let buttons = try! NSRegularExpression(pattern: "<input[^>]*type=\"(submit|button|reset)\"[^>]*value=\"([^\"]*)\"")
        for expression in [attributes, buttons] {
            let range = NSRange(text.startIndex..., in: text)
            for match in expression.matches(in: text, range: range) {
                if let value = Range(match.range(at: 2), in: text) { pieces.append(Self.decoded(String(text[value]))) }
            }
        }
        let plain = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        pieces.append(Self.decoded(plain))
        return pieces
    }

    static func decoded(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The site's own pages a page links to (no downloads, no sign-out, no API, no static files).
    static func links(in html: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: "href=\"(/[^\"]*)\"")
        let range = NSRange(html.startIndex..., in: html)
        return expression.matches(in: html, range: range).compactMap { match -> String? in
            guard let value = Range(match.range(at: 1), in: html) else { return nil }
            let link = decoded(String(html[value]))
            let skipped = ["/logout", "/static/", "/api/", "format=", ".xlsx", ".zip", ".pdf", ".csv", ".json", "/download", "/metrics", "/agent/", "lang="]
            guard !skipped.contains(where: link.contains) else { return nil }
            return link.split(separator: "#", maxSplits: 1).first.map(String.init)
        }
    }
}
