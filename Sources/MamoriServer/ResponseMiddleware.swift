import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MamoriCore
import MamoriDocuments

/// The outermost layer: security headers on every response (HSTS too behind TLS), errors turned into pages or problem+json, metrics by
/// route pattern, and a log line per request without personal data (method, route pattern, status, time).
struct ResponseMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let environment: ServerEnvironment

    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let strictTransportSecurity = HTTPField.Name("Strict-Transport-Security")!
    /// HSTS for a year, subdomains included: sent when the server is behind TLS (`--secure-cookies`).
    static let hsts = "max-age=31536000; includeSubDomains"
    /// No inline script or style anywhere, but the documents' own stylesheet (by its hash).
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' \(HTMLRenderer.styleSource); img-src 'self' data:; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = await errorResponse(error, request: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.frameOptions] = "DENY"
        response.headers[Self.referrerPolicy] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        if environment.secureCookies { response.headers[Self.strictTransportSecurity] = Self.hsts }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = context.endpointPath ?? "unmatched"
        environment.metrics.record(method: request.method.rawValue, route: route, status: response.status.code, seconds: seconds)
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method)", "route": "\(route)",
                "status": "\(response.status.code)", "ms": "\(Int(seconds * 1000))"
            ])
        return response
    }

    private func errorResponse(_ error: any Error, request: Request, context: AppContext) async -> Response {
        let failure: WebError
        switch error {
        case let error as WebError: failure = error
        case let error as HTTPError where error.status == .notFound: failure = .notFound(request.uri.path)
        case let error as HTTPError where error.status == .contentTooLarge:
            failure = WebError(.contentTooLarge, ja: "送信内容が大きすぎます", en: "the request is too large")
        case let error as HTTPError: failure = WebError(error.status, ja: "要求を処理できません", en: error.body ?? "the request cannot be handled")
        default:
            context.logger.error("unhandled error", metadata: ["type": "\(type(of: error))"])
            failure = WebError(.internalServerError, ja: "サーバーで問題が起きました", en: "the server ran into a problem")
        }
        if failure.status == .notFound, let allowed = APIRoutes.allowedMethods(request.uri.path), !allowed.contains(request.method) {
            let names = allowed.map(\.rawValue).joined(separator: ", ")
            var response = Problem(
                WebError(.methodNotAllowed, ja: "このパスは \(names) で呼び出します", en: "this path answers \(names)"),
                language: context.language
            ).response
            response.headers[.allow] = names
            return response
        }
        if request.uri.path.hasPrefix("/api/") { return Problem(failure, language: context.language).response }
        if failure.status == WebError.passwordChangeRequired.status {
            return .redirect(to: "/password", type: .found)
        }
        if failure.status == .unauthorized {
            return .redirect(to: "/login?next=\(request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")", type: .found)
        }
        // This middleware runs outside the session's: the page finds the member and language itself, so that an error
        // keeps the header (menu, bell) and the language the person chose.
        var member = context.signedIn
        if member == nil, let cookie = request.cookies[SessionMiddleware.sessionCookie] {
            member = try? await SessionMiddleware.signedIn(token: cookie.value, environment: environment)
        }
        let language =
            request.uri.queryParameters.get("lang").flatMap(Language.init(rawValue:))
            ?? request.cookies[SessionMiddleware.languageCookie].flatMap { Language(rawValue: $0.value) } ?? context.language
        return PageLayout.response(
            ErrorView(language: language, message: failure.message, status: failure.status.code), status: failure.status, member: member)
    }
}

/// An RFC 9457 problem document.
struct Problem: Encodable {
    var type = "about:blank"
    var title: String
    var status: Int
    var detail: String
    var detail_ja: String
    /// Each field at fault, for a refused body.
    var errors: [FieldError]?
    /// The parts a check-in names that the server does not hold.
    var missing_parts: [String]?

    struct FieldError: Encodable {
        var field: String
        var detail: String
        var detail_ja: String
    }

    init(_ error: WebError, language: Language) {
        title = error.status.reasonPhrase
        status = error.status.code
        detail = error.message.en
        detail_ja = error.message.ja
        missing_parts = error.missingParts
        errors =
            error.fields.isEmpty
            ? nil
            : error.fields.sorted { $0.key < $1.key }.map {
                FieldError(field: $0.key, detail: $0.value.en, detail_ja: $0.value.ja)
            }
    }

    var response: Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(self)) ?? Data()
        return Response(status: .init(code: status), headers: [.contentType: "application/problem+json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
