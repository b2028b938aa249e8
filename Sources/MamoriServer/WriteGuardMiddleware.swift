import Foundation
import HTTPTypes
import Hummingbird
import MamoriCore

/// Checks every write before it reaches a handler:
/// - a browser's write from another site is refused (403) when it carries Mamori's cookies: its `Origin` header, when
///   present, must be this server's own origin (the `Host` the request was sent to, `https` with `--secure-cookies`).
///   Clients that send no `Origin` (the agent, scripts) pass; the CSRF token is checked as before;
/// - a write to the JSON API (`POST`/`PUT`/`PATCH` under `/api/v1`) must say `Content-Type: application/json`, in
///   UTF-8 if it names a charset (415).
struct WriteGuardMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let environment: ServerEnvironment

    /// The methods that change something.
    static let unsafeMethods: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]
    /// The answer to a browser's write from another site.
    static let otherOrigin = WebError(.forbidden, ja: "別のサイトからの送信は受け付けません", en: "a write from another site (Origin) is refused")
    /// The answer to an API write that is not JSON.
    static let notJSON = WebError(
        .unsupportedMediaType, ja: "JSON で送信してください（Content-Type: application/json、文字コードは UTF-8）",
        en: "send JSON (Content-Type: application/json, in UTF-8)")

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard Self.unsafeMethods.contains(request.method) else { return try await next(request, context) }
        if let origin = request.headers[.origin], Self.carriesCookies(request), !isOwnOrigin(origin, of: request) {
            throw Self.otherOrigin
        }
        // A method the path does not answer is told so (405, from the router's 404), whatever it carries.
        let answered = APIRoutes.allowedMethods(request.uri.path)?.contains(request.method) ?? true
        if request.method != .delete, answered, request.uri.path.hasPrefix("/api/v1/"), !Self.isJSON(request.headers[.contentType]) {
            throw Self.notJSON
        }
        return try await next(request, context)
    }

    /// Whether the request carries the session or the pre-session CSRF cookie (what a browser sends on its own).
    static func carriesCookies(_ request: Request) -> Bool {
        request.cookies[SessionMiddleware.sessionCookie] != nil || request.cookies[AuthRoutes.csrfCookie] != nil
    }

    /// Whether `origin` is `scheme://host[:port]` of this request (default ports left out on both sides).
    func isOwnOrigin(_ origin: String, of request: Request) -> Bool {
        guard let host = request.head.authority ?? request.headers[Self.host] else { return false }
        let scheme = environment.secureCookies ? "https" : "http"
        return Self.normalized(origin) == Self.normalized("\(scheme)://\(host)")
    }

    /// An origin in lower case without its scheme's default port.
    static func normalized(_ origin: String) -> String {
        let lowered = origin.lowercased()
        for (scheme, port) in [("http://", ":80"), ("https://", ":443")] where lowered.hasPrefix(scheme) && lowered.hasSuffix(port) {
            return String(lowered.dropLast(port.count))
        }
        return lowered
    }

    /// Whether a `Content-Type` is JSON (`application/json`, with parameters or not).
    /// Whether the type is JSON, in UTF-8 (RFC 8259): a `charset` other than UTF-8 is refused rather than read as
    /// UTF-8 anyway.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard parts.first == "application/json" else { return false }
        return parts.dropFirst().allSatisfy { parameter in
            guard parameter.hasPrefix("charset=") else { return true }
            let charset = parameter.dropFirst("charset=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return charset == "utf-8" || charset == "utf8"
        }
    }

    private static let host = HTTPField.Name("Host")!
}
