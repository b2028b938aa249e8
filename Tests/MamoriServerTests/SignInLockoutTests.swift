import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MamoriCore
import MamoriStore
import MamoriTestSupport
import Testing

@testable import MamoriServer

/// Failed sign-ins lock out the account for the address they came from only, counted exactly under concurrent
/// attempts on SQLite and PostgreSQL, and a refusal never tells an unknown login, a wrong password and a lock apart.
@Suite struct SignInLockoutTests {
    /// A sign-in form post as a browser sends it (any equal pair passes the double-submit check). Each answer waits
    /// for a bcrypt check, and twenty at once share the machine's two cores with the rest of the suite: a minute each
    /// at most (CI saw ten of twenty pass 10 s).
    static func signIn(port: Int, from source: String, login: String, password: String) async throws -> RawResponse {
        let body = "_csrf=t0ken&next=%2F&login=\(TestBrowser.encode(login))&password=\(TestBrowser.encode(password))"
        return try await RawConnection.exchange(
            port: port, from: source, method: "POST", path: "/login",
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "\(AuthRoutes.csrfCookie)=t0ken"],
            body: body, timeout: 60)
    }

    /// The error paragraph of a sign-in page.
    static func message(_ response: RawResponse) -> String {
        response.body.components(separatedBy: "<p class=\"error\" role=\"alert\">").dropFirst().first?.components(separatedBy: "</p>").first ?? ""
    }

    @Test(arguments: TestBackend.tested)
    func twentyConcurrentFailuresLockOneSourceOnlyAndEveryRefusalLooksAlike(backend: TestBackend) async throws {
        let fixture = try await ServerFixture(backend)
        let app = MamoriApp.application(fixture.environment, hostname: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<20 {
                    group.addTask { try await Self.signIn(port: port, from: "127.0.0.1", login: "sato", password: "wrong \(index)").status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 401, count: 20))
            let counted = try #require(try await fixture.store.signInFailures(accountID: "account-sato", source: "127.0.0.1"))
            #expect(counted.failures == 20, "every concurrent failure is counted")
            #expect((counted.lockedUntil ?? .distantPast) > ServerFixture.now)

            // From the locked address, the right password gets exactly what a wrong one and an unknown login get.
            let locked = try await Self.signIn(port: port, from: "127.0.0.1", login: "sato", password: ServerFixture.password)
            let wrong = try await Self.signIn(port: port, from: "127.0.0.1", login: "suzuki", password: "wrong")
            let unknown = try await Self.signIn(port: port, from: "127.0.0.1", login: "nobody", password: "wrong")
            for refused in [locked, wrong, unknown] {
                #expect(refused.status == 401)
                #expect(Self.message(refused) == AuthRoutes.refused(LockoutPolicy()).ja)
                #expect(refused.cookie(SessionMiddleware.sessionCookie) == nil)
            }

            // Another address signs in with the right password while the first stays locked.
            let elsewhere = try await Self.signIn(port: port, from: "127.0.0.2", login: "sato", password: ServerFixture.password)
            #expect(elsewhere.status == 303, "\(elsewhere.status) \(Self.message(elsewhere))")
            #expect(elsewhere.header("location") == "/")
            #expect(elsewhere.cookie(SessionMiddleware.sessionCookie) != nil)
            #expect(try await fixture.store.signInLock(accountID: "account-sato", source: "127.0.0.1", at: ServerFixture.now) != nil)
            #expect(try await fixture.store.signInFailures(accountID: "account-sato", source: "127.0.0.2") == nil)
        }
    }

    @Test func locksGrowLongerWithEachFailureAndASuccessForgetsThem() async throws {
        let policy = LockoutPolicy()
        #expect(policy.lock(after: 4) == nil)
        #expect(policy.lock(after: 5) == 60)
        #expect(policy.lock(after: 6) == 120)
        #expect(policy.lock(after: 8) == 480)
        #expect(policy.lock(after: 100) == 3600)
        let fixture = try await ServerFixture()
        for failure in 1...6 {
            let counted = try await fixture.store.recordSignInFailure(accountID: "account-sato", source: "198.51.100.7", at: ServerFixture.now, policy: policy)
            #expect(counted.failures == failure)
            #expect(counted.lockedUntil == policy.lock(after: failure).map { ServerFixture.now.addingTimeInterval($0) })
        }
        #expect(try await fixture.store.lockedAccountIDs(at: ServerFixture.now) == ["account-sato"])
        // A failure a day and more after the last one starts the count again.
        let later = ServerFixture.now.addingTimeInterval(policy.forgetAfter + 1)
        #expect(try await fixture.store.recordSignInFailure(accountID: "account-sato", source: "198.51.100.7", at: later, policy: policy).failures == 1)
        try await fixture.store.clearSignInFailures(accountID: "account-sato", source: "198.51.100.7")
        #expect(try await fixture.store.signInFailures(accountID: "account-sato", source: "198.51.100.7") == nil)
    }

    @Test func wrongCodesCountAndTheSameCodeSentTwiceAtOnceIsAcceptedOnce() async throws {
        let fixture = try await ServerFixture()
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            var first = TestBrowser(client)
            var second = TestBrowser(client)
            try await Self.givePassword(&first)
            try await Self.givePassword(&second)
            let firstCSRF = try #require(try await first.get("/totp").hidden("_csrf"))
            let secondCSRF = try #require(try await second.get("/totp").hidden("_csrf"))
            let account = try #require(try await fixture.store.account(login: "admin"))
            let code = TOTP(secret: try fixture.store.vault.open(try #require(account.totpSecret))).code(at: ServerFixture.now)
            let (a, b) = (first, second)
            async let firstAnswer = {
                var browser = a
                return try await browser.post("/totp", form: ["_csrf": firstCSRF, "code": code, "next": "/"])
            }()
            async let secondAnswer = {
                var browser = b
                return try await browser.post("/totp", form: ["_csrf": secondCSRF, "code": code, "next": "/"])
            }()
            let answers = try await [firstAnswer, secondAnswer]
            #expect(answers.filter { $0.location == "/" }.count == 1, "\(answers.map(\.status))")
            #expect(answers.filter { $0.status == .unauthorized && $0.body.contains("使用済み") }.count == 1, "the other is refused, and told why")
        }
    }

    /// A wrong code keeps the person on the code page with a message (the password is not asked again); the right code
    /// typed in full-width digits, as a Japanese input method gives it, signs in.
    @Test func aWrongCodeSaysSoAndFullWidthDigitsAreDigits() async throws {
        let fixture = try await ServerFixture()
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            var browser = TestBrowser(client)
            try await Self.givePassword(&browser)
            let csrf = try #require(try await browser.get("/totp").hidden("_csrf"))
            let wrong = try await browser.post("/totp", form: ["_csrf": csrf, "code": "000000", "next": "/"])
            #expect(
                wrong.status == .unauthorized && wrong.body.contains("確認コードが違います") && wrong.body.contains("name=\"code\""),
                "\(wrong.status) \(wrong.body.prefix(300))")
            let account = try #require(try await fixture.store.account(login: "admin"))
            let code = TOTP(secret: try fixture.store.vault.open(try #require(account.totpSecret))).code(at: ServerFixture.now)
            let wide = String(code.unicodeScalars.map { Character(Unicode.Scalar($0.value - 0x30 + 0xFF10)!) })
            let signedIn = try await browser.post("/totp", form: ["_csrf": csrf, "code": wide, "next": "/"])
            #expect(signedIn.location == "/", "\(wide): \(signedIn.status)")
        }
    }

    /// Signs in as `admin` up to the second factor.
    static func givePassword(_ browser: inout TestBrowser) async throws {
        let form = try await browser.get("/login")
        let page = try await browser.post("/login", form: ["_csrf": form.hidden("_csrf")!, "login": "admin", "password": ServerFixture.password])
        #expect(page.location?.hasPrefix("/totp") == true)
    }
}
