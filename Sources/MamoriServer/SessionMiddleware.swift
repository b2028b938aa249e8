import Crypto
import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// Finds the session of the request's cookie and the language it asked for (`?lang=en` sticks in a cookie).
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppContext
    static let sessionCookie = "mamori_session"
    static let languageCookie = "mamori_lang"
    let environment: ServerEnvironment

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        let lang = request.uri.queryParameters.get("lang")
        let asked = lang.flatMap(Language.init(rawValue:))
        // The API says what it takes (`ja` or `en`, in its document); a page just keeps the language it had.
        if lang != nil, asked == nil, request.uri.path.hasPrefix("/api/") {
            throw WebError.badRequest(LocalizedText(ja: "lang は ja か en です", en: "lang must be ja or en"))
        }
        context.language = asked ?? request.cookies[Self.languageCookie].flatMap { Language(rawValue: $0.value) } ?? .ja
        if let token = request.cookies[Self.sessionCookie]?.value {
            context.signedIn = try await Self.signedIn(token: token, environment: environment)
            context.signedIn?.saved = Self.saved(request)
        }
        var response = try await next(request, context)
        if let asked {
            response.setCookie(
                Cookie(
                    name: Self.languageCookie, value: asked.rawValue, maxAge: 365 * 86_400, path: "/",
                    secure: environment.secureCookies, httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// The record ID a redirect after a saved form names (`?saved=`): an ID as Mamori makes them, nothing else.
    static func saved(_ request: Request) -> String? {
        guard let id = request.uri.queryParameters["saved"].map(String.init), (1...100).contains(id.count),
            id.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "-_.@".unicodeScalars.contains($0) })
        else { return nil }
        return id
    }

    /// The session a token opens, with its account and roles; nil when unknown or expired.
    static func signedIn(token: String, environment: ServerEnvironment) async throws -> SignedIn? {
        guard let session = try await environment.store.session(tokenHash: hash(token), at: environment.now),
            let account = try await environment.store.account(id: session.accountID)
        else { return nil }
        return await SignedIn(
            account: account, memberships: try environment.store.memberships(of: account.id), session: session,
            unreadAlerts: try environment.store.unreadAlertCount(of: account.id))
    }

    /// The SHA-256 of a token, hex: what the session table keeps.
    static func hash(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }

    /// A new random token, URL-safe base64 of 32 bytes.
    static func newToken() -> String {
        Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
