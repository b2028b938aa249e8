import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// First-run setup, sign-in with lockout per account and source address, the TOTP second factor (enrolment and
/// check), sign-out.
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

    // MARK: Setup

    @Sendable func setupPage(_ request: Request, context: AppContext) async throws -> Response {
        guard try await environment.store.accountCount() == 0 else { return .redirect(to: "/login") }
        let csrf = SessionMiddleware.newToken()
        return setupForm(context, csrf: csrf, values: FormData(""), errors: [:])
    }

    private func setupForm(_ context: AppContext, csrf: String, values: FormData, errors: [String: String]) -> Response {
        var response = PageLayout.response(SetupView(language: context.language, values: values, errors: errors, csrf: csrf), member: nil)
        response.setCookie(csrfCookie(csrf))
        return response
    }

    @Sendable func setup(_ request: Request, context: AppContext) async throws -> Response {
        guard try await environment.store.accountCount() == 0 else { throw WebError.notFound("/setup") }
        let form = try await FormData.read(request, limit: 16 * 1024)
        try checkPreSessionCSRF(request, form)
        var errors: [String: String] = [:]
        for field in ["organization", "display_name", "login"] where form[field].isEmpty {
            errors[field] = Label.required.text(context.language)
        }
        let kind = Organization.Kind(rawValue: form["kind"]) ?? .contractor
        if let problem = PasswordPolicy().problem(form.fields["password"] ?? "", login: form["login"]) {
            errors["password"] = problem.text(context.language)
        }
        guard errors.isEmpty else {
            return setupForm(context, csrf: request.cookies[Self.csrfCookie]?.value ?? "", values: form, errors: errors)
        }
        let organizationID = Store.newID(kind.rawValue)
        try await environment.store.execute(
            CreateOrganization(organization: Organization(id: organizationID, kind: kind, name: form["organization"])),
            actor: form["login"], at: environment.now)
        let account = Account(
            id: Store.newID("account"), login: form["login"], displayName: form["display_name"],
            passwordHash: await environment.passwords.hash(form.fields["password"] ?? ""), createdAt: environment.now)
        try await environment.store.createAccount(
            account,
            memberships: [
                Membership(accountID: account.id, organizationID: organizationID, role: kind == .contractor ? .contractorAdministrator : .cityReviewer)
            ])
        return try await startSession(for: account, next: "/", source: context.peer.source)
    }

    // MARK: Sign-in

    @Sendable func loginPage(_ request: Request, context: AppContext) async throws -> Response {
        if try await environment.store.accountCount() == 0 { return .redirect(to: "/setup") }
        return loginForm(context, next: RedirectTarget.safe(request.uri.queryParameters.get("next") ?? "/"), error: nil)
    }

    private func loginForm(_ context: AppContext, next: String, error: String?, login: String = "", status: HTTPResponse.Status = .ok) -> Response {
        let csrf = SessionMiddleware.newToken()
        var response = PageLayout.response(
            SignInView(language: context.language, next: next, error: error, login: login, csrf: csrf), status: status, member: nil)
        response.setCookie(csrfCookie(csrf))
        return response
    }

    /// The one answer to a refused sign-in, whether the login is unknown, the password wrong or this address locked
    /// out, so that neither the status nor the message tells them apart.
    /// The lock's figures are the server's settings (``ServerSettings``).
    static func refused(_ policy: LockoutPolicy) -> LocalizedText {
        LocalizedText(
            ja: "ログインできませんでした。ログイン名とパスワードを確かめてください。\(policy.attempts) 回続けて失敗すると、この端末からのログインは"
                + " \(duration(policy.firstLock).ja)（失敗が続くと最長 \(duration(policy.longestLock).ja)）止まります",
            en: "sign-in failed: check your login and password. After \(policy.attempts) failures in a row, signing in from this device pauses for"
                + " \(duration(policy.firstLock).en) (up to \(duration(policy.longestLock).en) as failures go on)")
    }

    /// A lock's length in words: hours, minutes or seconds, whichever is whole.
    static func duration(_ seconds: TimeInterval) -> LocalizedText {
        let whole = Int(seconds)
        if whole % 3600 == 0 { return LocalizedText(ja: "\(whole / 3600) 時間", en: whole == 3600 ? "an hour" : "\(whole / 3600) hours") }
        if whole % 60 == 0 { return LocalizedText(ja: "\(whole / 60) 分", en: whole == 60 ? "a minute" : "\(whole / 60) minutes") }
        return LocalizedText(ja: "\(whole) 秒", en: "\(whole) seconds")
    }

    /// Checks the password. Wrong passwords are counted per account and source address
    /// (``Store/recordSignInFailure(accountID:source:at:policy:)``): after five in a row that address is locked out of
    /// that account, for longer after each further one, while the member signs in from anywhere else; the right
    /// password from a locked address is refused too. One bcrypt check is made in every case, so that the time taken
    /// does not tell an unknown or locked login from a wrong password either.
    @Sendable func login(_ request: Request, context: AppContext) async throws -> Response {
        let form = try await FormData.read(request, limit: 16 * 1024)
        try checkPreSessionCSRF(request, form)
        let next = RedirectTarget.safe(form["next"])
        let source = context.peer.source
        let account = try await environment.store.account(login: form["login"])
        let locked = if let account { try await environment.store.signInLock(accountID: account.id, source: source, at: environment.now) != nil } else { false }
        let matches = await environment.passwords.matches(form.fields["password"] ?? "", hash: account?.passwordHash ?? environment.timingGuardHash)
        guard let account, matches, !locked else {
            // Every wrong password counts, during a lock too (each one makes the lock longer); the right one does not.
            if let account, !matches {
                try await environment.store.recordSignInFailure(accountID: account.id, source: source, at: environment.now, policy: environment.lockout)
            }
            return loginForm(
                context, next: next, error: Self.refused(environment.lockout).text(context.language), login: String(form["login"].prefix(200)),
                status: .unauthorized)
        }
        return try await startSession(for: account, next: next, source: source)
    }

    /// Creates the session; with a second factor to give, the next stop is `/totp`. The source's failures are
    /// forgotten once sign-in is complete (not after the password alone, so that the second factor cannot be guessed
    /// without limit between correct passwords).
    private func startSession(for account: Account, next: String, source: String) async throws -> Response {
        let memberships = try await environment.store.memberships(of: account.id)
        let needsSecondFactor = memberships.contains { $0.role.requiresSecondFactor }
        if !needsSecondFactor { try await environment.store.clearSignInFailures(accountID: account.id, source: source) }
        let token = SessionMiddleware.newToken()
        let session = Session(
            tokenHash: SessionMiddleware.hash(token), accountID: account.id, csrfToken: SessionMiddleware.newToken(),
            secondFactorDone: !needsSecondFactor, createdAt: environment.now,
            expiresAt: environment.now.addingTimeInterval(environment.sessionLifetime))
        try await environment.store.createSession(session)
        var response = Response.redirect(
            to: needsSecondFactor ? "/totp?next=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")" : next,
            type: .normal)
        response.setCookie(
            Cookie(
                name: SessionMiddleware.sessionCookie, value: token, maxAge: Int(environment.sessionLifetime), path: "/",
                secure: environment.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    // MARK: Second factor

    @Sendable func totpPage(_ request: Request, context: AppContext) async throws -> Response {
        guard let signedIn = context.signedIn else { return .redirect(to: "/login") }
        return try await totpForm(context, signedIn, next: RedirectTarget.safe(request.uri.queryParameters.get("next") ?? "/"), error: nil)
    }

    /// The code form (with the key to add at enrolment); after a refused code, the page again with what was wrong, so
    /// that the person stays signed in with the password and only types the next code.
    private func totpForm(
        _ context: AppContext, _ signedIn: SignedIn, next: String, status: HTTPResponse.Status = .ok,
        error: LocalizedText?
    ) async throws -> Response {
        let account = signedIn.account
        var enrolment: SecondFactorView.Enrolment?
        if !account.totpEnabled {
            // Kept only if the account has none yet: two pages opened at once show the same key.
            let kept =
                if let secret = account.totpSecret { secret } else {
                    try await environment.store.setTOTPSecret(try environment.store.vault.seal(TOTP.newSecret()), accountID: account.id)
                }
            guard let sealed = kept else { return .redirect(to: "/login") }
            let totp = TOTP(secret: try environment.store.vault.open(sealed))
            let uri = totp.provisioningURI(account: account.login)
            enrolment = SecondFactorView.Enrolment(key: totp.base32, uri: uri, qr: QRCode.encode(uri))
        }
        let view = SecondFactorView(
            language: context.language, enrolment: enrolment, error: error, next: next, csrfToken: signedIn.session.csrfToken)
        return PageLayout.response(view, status: status, member: signedIn)
    }

    /// Checks the second factor. Wrong codes count as failures of the account from this address, as wrong passwords
    /// do; a code's time step is accepted once, atomically (``Store/acceptTOTPStep(accountID:step:)``), so that the
    /// same code sent twice at once signs in one request only.
    @Sendable func totp(_ request: Request, context: AppContext) async throws -> Response {
        guard let signedIn = context.signedIn else { return .redirect(to: "/login") }
        let form = try await FormData.read(request, limit: 16 * 1024)
        guard form["_csrf"] == signedIn.session.csrfToken else { throw WebError.badCSRF }
        let account = signedIn.account
        let source = context.peer.source
        if let locked = try await environment.store.signInLock(accountID: account.id, source: source, at: environment.now) {
            let minutes = Int((locked.timeIntervalSince(environment.now) / 60).rounded(.up))
            throw WebError(
                .tooManyRequests, ja: "失敗が続いたためロックされています。\(minutes) 分後に再度お試しください",
                en: "locked after repeated failures; try again in \(minutes) min")
        }
        let next = RedirectTarget.safe(form["next"])
        guard let sealed = account.totpSecret,
            let step = TOTP(secret: try environment.store.vault.open(sealed)).matchingStep(form["code"], at: environment.now)
        else {
            try await environment.store.recordSignInFailure(accountID: account.id, source: source, at: environment.now, policy: environment.lockout)
            return try await totpForm(
                context, signedIn, next: next, status: .unauthorized,
                error: Label.wrongCode.localized)
        }
        guard try await environment.store.acceptTOTPStep(accountID: account.id, step: step) else {
            try await environment.store.recordSignInFailure(accountID: account.id, source: source, at: environment.now, policy: environment.lockout)
            return try await totpForm(
                context, signedIn, next: next, status: .unauthorized,
                error: Label.thisCodeWasAlreadyUsed.localized)
        }
        try await environment.store.clearSignInFailures(accountID: account.id, source: source)
        var session = signedIn.session
        session.secondFactorDone = true
        try await environment.store.update(session)
        return .redirect(to: next)
    }

    @Sendable func logout(_ request: Request, context: AppContext) async throws -> Response {
        guard let signedIn = context.signedIn else { return .redirect(to: "/login") }
        let form = try await FormData.read(request, limit: 16 * 1024)
        guard form["_csrf"] == signedIn.session.csrfToken else { throw WebError.badCSRF }
        try await environment.store.deleteSession(tokenHash: signedIn.session.tokenHash)
        var response = Response.redirect(to: "/login")
        response.setCookie(
            Cookie(
                name: SessionMiddleware.sessionCookie, value: "", maxAge: 0, path: "/",
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
}
