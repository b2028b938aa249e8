import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// First-run setup, sign-in with lockout, the TOTP second factor (enrolment and check), sign-out.
struct AuthRoutes {
    let environment: ServerEnvironment
    static let csrfCookie = "mamori_csrf"

    func register(on router: Router<AppContext>) {
        router.get("/setup", use: setupPage)
        router.post("/setup", use: setup)
        router.get("/login", use: loginPage)
        router.post("/login", use: login)
        router.get("/totp", use: totpPage)
        router.post("/totp", use: totp)
        router.post("/logout", use: logout)
    }

    private func t(_ context: AppContext, _ ja: String, _ en: String) -> String { LocalizedText(ja: ja, en: en).text(context.language) }

    // MARK: Setup

    @Sendable func setupPage(_ request: Request, context: AppContext) async throws -> Response {
        guard try environment.store.accountCount() == 0 else { return .redirect(to: "/login") }
        let csrf = SessionMiddleware.newToken()
        return setupForm(context, csrf: csrf, values: FormData(""), errors: [:])
    }

    private func setupForm(_ context: AppContext, csrf: String, values: FormData, errors: [String: String]) -> Response {
        let kinds: [HTML] = Organization.Kind.allCases.map { kind in
            let label = kind == .contractor ? t(context, "受託者", "contractor") : t(context, "区（委託者）", "city")
            return "<option value=\"\(kind.rawValue)\"\(HTML(raw: values["kind"] == kind.rawValue ? " selected" : ""))>\(label)</option>"
        }
        let body: HTML = """
            <p>\(t(context, "最初の管理者を作成します。既定のパスワードはありません。", "Create the first administrator. There is no default password."))</p>
            <form method="post" action="/setup" class="form">
            <input type="hidden" name="_csrf" value="\(csrf)">
            \(Field.text("organization", t(context, "組織名", "Organization name"), values, errors))
            <label>\(t(context, "組織の種類", "Kind of organization"))<select name="kind">\(kinds)</select></label>
            \(Field.text("display_name", t(context, "氏名", "Your name"), values, errors))
            \(Field.text("login", t(context, "ログイン名", "Login"), values, errors))
            \(Field.password("password", t(context, "パスワード", "Password"), errors))
            <button type="submit">\(t(context, "作成", "Create"))</button></form>
            """
        var response = PageLayout.response(title: LocalizedText(ja: "初期設定", en: "First-run setup"), language: context.language, member: nil, body: body)
        response.setCookie(csrfCookie(csrf))
        return response
    }

    @Sendable func setup(_ request: Request, context: AppContext) async throws -> Response {
        guard try environment.store.accountCount() == 0 else { throw WebError.notFound("/setup") }
        let form = try await FormData.read(request, limit: 16 * 1024)
        try checkPreSessionCSRF(request, form)
        var errors: [String: String] = [:]
        for field in ["organization", "display_name", "login"] where form[field].isEmpty {
            errors[field] = t(context, "入力してください", "required")
        }
        let kind = Organization.Kind(rawValue: form["kind"]) ?? .contractor
        if let problem = PasswordRule(minimum: 8).problem(form.fields["password"] ?? "", login: form["login"]) {
            errors["password"] = problem.text(context.language)
        }
        guard errors.isEmpty else {
            return setupForm(context, csrf: request.cookies[Self.csrfCookie]?.value ?? "", values: form, errors: errors)
        }
        let organizationID = Store.newID(kind.rawValue)
        try environment.store.execute(CreateOrganization(organization: Organization(id: organizationID, kind: kind, name: form["organization"])),
                                      actor: form["login"], at: environment.now)
        let account = Account(id: Store.newID("account"), login: form["login"], displayName: form["display_name"],
                              passwordHash: await environment.passwords.hash(form.fields["password"] ?? ""), createdAt: environment.now)
        try environment.store.createAccount(account, memberships: [
            Membership(accountID: account.id, organizationID: organizationID, role: kind == .contractor ? .contractorAdministrator : .cityReviewer),
        ])
        return try startSession(for: account, next: "/")
    }

    // MARK: Sign-in

    @Sendable func loginPage(_ request: Request, context: AppContext) async throws -> Response {
        if try environment.store.accountCount() == 0 { return .redirect(to: "/setup") }
        return loginForm(context, next: request.uri.queryParameters.get("next") ?? "/", error: nil)
    }

    private func loginForm(_ context: AppContext, next: String, error: String?, status: HTTPResponse.Status = .ok) -> Response {
        let csrf = SessionMiddleware.newToken()
        let message: HTML = error.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? ""
        let body: HTML = """
            \(message)<form method="post" action="/login" class="form">
            <input type="hidden" name="_csrf" value="\(csrf)"><input type="hidden" name="next" value="\(next)">
            <label>\(t(context, "ログイン名", "Login"))<input name="login" autocomplete="username" required autofocus></label>
            <label>\(t(context, "パスワード", "Password"))<input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">\(t(context, "ログイン", "Sign in"))</button></form>
            """
        var response = PageLayout.response(status: status, title: LocalizedText(ja: "ログイン", en: "Sign in"), language: context.language,
                                           member: nil, body: body)
        response.setCookie(csrfCookie(csrf))
        return response
    }

    @Sendable func login(_ request: Request, context: AppContext) async throws -> Response {
        let form = try await FormData.read(request, limit: 16 * 1024)
        try checkPreSessionCSRF(request, form)
        let next = Self.safeNext(form["next"])
        let wrong = t(context, "ログイン名またはパスワードが違います", "wrong login or password")
        guard var account = try environment.store.account(login: form["login"]) else {
            _ = await environment.passwords.matches(form.fields["password"] ?? "", hash: environment.timingGuardHash)
            return loginForm(context, next: next, error: wrong, status: .unauthorized)
        }
        if let locked = account.lockedUntil, locked > environment.now {
            let minutes = Int((locked.timeIntervalSince(environment.now) / 60).rounded(.up))
            return loginForm(context, next: next, error: t(context, "失敗が続いたためロックされています。\(minutes) 分後に再度お試しください",
                                                          "locked after repeated failures; try again in \(minutes) min"), status: .tooManyRequests)
        }
        guard await environment.passwords.matches(form.fields["password"] ?? "", hash: account.passwordHash) else {
            try recordFailure(&account)
            return loginForm(context, next: next, error: wrong, status: .unauthorized)
        }
        account.failedSignIns = 0
        account.lockedUntil = nil
        try environment.store.update(account)
        return try startSession(for: account, next: next)
    }

    private func recordFailure(_ account: inout Account) throws {
        account.failedSignIns += 1
        if account.failedSignIns >= environment.lockout.attempts {
            account.lockedUntil = environment.now.addingTimeInterval(environment.lockout.duration)
            account.failedSignIns = 0
        }
        try environment.store.update(account)
    }

    /// Creates the session; with a second factor to give, the next stop is `/totp`.
    private func startSession(for account: Account, next: String) throws -> Response {
        let memberships = try environment.store.memberships(of: account.id)
        let needsSecondFactor = memberships.contains { $0.role.requiresSecondFactor }
        let token = SessionMiddleware.newToken()
        let session = Session(tokenHash: SessionMiddleware.hash(token), accountID: account.id, csrfToken: SessionMiddleware.newToken(),
                              secondFactorDone: !needsSecondFactor, createdAt: environment.now,
                              expiresAt: environment.now.addingTimeInterval(environment.sessionLifetime))
        try environment.store.createSession(session)
        var response = Response.redirect(to: needsSecondFactor ? "/totp?next=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")" : next,
                                         type: .normal)
        response.setCookie(Cookie(name: SessionMiddleware.sessionCookie, value: token, maxAge: Int(environment.sessionLifetime), path: "/",
                                  secure: environment.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    // MARK: Second factor

    @Sendable func totpPage(_ request: Request, context: AppContext) async throws -> Response {
        guard let signedIn = context.signedIn else { return .redirect(to: "/login") }
        var account = signedIn.account
        var enrolment: HTML = ""
        if !account.totpEnabled {
            let secret: Data
            if let sealed = account.totpSecret {
                secret = try environment.store.vault.open(sealed)
            } else {
                secret = TOTP.newSecret()
                account.totpSecret = try environment.store.vault.seal(secret)
                try environment.store.update(account)
            }
            let totp = TOTP(secret: secret)
            enrolment = """
                <p>\(t(context, "認証アプリに次の鍵を登録し、表示された 6 桁のコードを入力してください。", "Add this key to your authenticator app, then enter the 6-digit code it shows."))</p>
                <p class="secret"><code>\(totp.base32)</code></p><p class="uri"><code>\(totp.provisioningURI(account: account.login))</code></p>
                """
        }
        let next = Self.safeNext(request.uri.queryParameters.get("next") ?? "/")
        let body: HTML = """
            \(enrolment)<form method="post" action="/totp" class="form">
            <input type="hidden" name="_csrf" value="\(signedIn.session.csrfToken)"><input type="hidden" name="next" value="\(next)">
            <label>\(t(context, "確認コード（6 桁）", "Code (6 digits)"))<input name="code" inputmode="numeric" autocomplete="one-time-code" required autofocus></label>
            <button type="submit">\(t(context, "確認", "Verify"))</button></form>
            """
        return PageLayout.response(title: LocalizedText(ja: "二要素認証", en: "Second factor"), language: context.language, member: signedIn, body: body)
    }

    @Sendable func totp(_ request: Request, context: AppContext) async throws -> Response {
        guard let signedIn = context.signedIn else { return .redirect(to: "/login") }
        let form = try await FormData.read(request, limit: 16 * 1024)
        guard form["_csrf"] == signedIn.session.csrfToken else { throw WebError.badCSRF }
        var account = signedIn.account
        if let locked = account.lockedUntil, locked > environment.now { throw WebError(.tooManyRequests, ja: "ロックされています", en: "locked") }
        guard let sealed = account.totpSecret,
              let step = TOTP(secret: try environment.store.vault.open(sealed)).matchingStep(form["code"], at: environment.now) else {
            try recordFailure(&account)
            throw WebError(.unauthorized, ja: "確認コードが違います", en: "wrong code")
        }
        guard step > account.totpLastStep ?? .min else {
            try recordFailure(&account)
            throw WebError(.unauthorized, ja: "この確認コードは使用済みです。次のコードを入力してください",
                           en: "this code was already used; enter the next one")
        }
        account.totpLastStep = step
        account.totpEnabled = true
        account.failedSignIns = 0
        try environment.store.update(account)
        var session = signedIn.session
        session.secondFactorDone = true
        try environment.store.update(session)
        return .redirect(to: Self.safeNext(form["next"]))
    }

    @Sendable func logout(_ request: Request, context: AppContext) async throws -> Response {
        guard let signedIn = context.signedIn else { return .redirect(to: "/login") }
        let form = try await FormData.read(request, limit: 16 * 1024)
        guard form["_csrf"] == signedIn.session.csrfToken else { throw WebError.badCSRF }
        try environment.store.deleteSession(tokenHash: signedIn.session.tokenHash)
        var response = Response.redirect(to: "/login")
        response.setCookie(Cookie(name: SessionMiddleware.sessionCookie, value: "", maxAge: 0, path: "/",
                                  secure: environment.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    // MARK: Helpers

    private func csrfCookie(_ value: String) -> Cookie {
        Cookie(name: Self.csrfCookie, value: value, maxAge: 3600, path: "/", secure: environment.secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// Before there is a session, the form's token must equal the cookie's (double submit).
    private func checkPreSessionCSRF(_ request: Request, _ form: FormData) throws {
        guard let cookie = request.cookies[Self.csrfCookie]?.value, !cookie.isEmpty, cookie == form["_csrf"] else { throw WebError.badCSRF }
    }

    /// A redirect target inside this site only.
    static func safeNext(_ next: String) -> String {
        next.hasPrefix("/") && !next.hasPrefix("//") && !next.contains("\\") ? next : "/"
    }
}

/// The password rule: the contract's minimum length, and not the login itself.
struct PasswordRule {
    var minimum: Int

    func problem(_ password: String, login: String) -> LocalizedText? {
        if password.count < minimum {
            return LocalizedText(ja: "パスワードは \(minimum) 文字以上にしてください", en: "the password needs at least \(minimum) characters")
        }
        if password.lowercased() == login.lowercased() {
            return LocalizedText(ja: "ログイン名と同じパスワードは使えません", en: "the password must differ from the login")
        }
        return nil
    }
}

/// Form fields with their error next to them and the value kept after a failed submit.
enum Field {
    static func text(_ name: String, _ label: String, _ values: FormData, _ errors: [String: String], type: String = "text") -> HTML {
        let error: HTML = errors[name].map { "<span class=\"field-error\" role=\"alert\">\($0)</span>" } ?? ""
        return "<label>\(label)<input name=\"\(name)\" type=\"\(type)\" value=\"\(values[name])\">\(error)</label>"
    }

    static func password(_ name: String, _ label: String, _ errors: [String: String]) -> HTML {
        let error: HTML = errors[name].map { "<span class=\"field-error\" role=\"alert\">\($0)</span>" } ?? ""
        return "<label>\(label)<input name=\"\(name)\" type=\"password\" autocomplete=\"new-password\">\(error)</label>"
    }
}
