import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriCore
import MamoriStore
import Testing

@testable import MamoriServer

/// `next` after sign-in stays on this site, whatever a browser would make of it.
@Suite struct RedirectTargetTests {
    /// Known open-redirect bypasses (values as the form or query gives them, i.e. decoded once).
    static let refused = [
        "/\t/evil.example/phish", "//evil.example", "/\\evil.example", "\\\\evil.example", "\\/evil.example", "///evil.example",
        "/\\/evil.example", "/%2F%2Fevil.example", "%2F%2Fevil.example", "/%2F/evil.example", "/%5Cevil.example", "/%5C%5Cevil.example",
        "/%09/evil.example", "/%0A/evil.example", "/%0D%0A/evil.example", "/%252F%252Fevil.example", "/%25252F%25252Fevil.example",
        "https://evil.example", "http:evil.example", "javascript:alert(1)", "evil.example", " /evil.example", "/ /evil.example",
        "/\r\n/evil.example", "/\u{0}/evil.example", "/\u{3000}/evil.example", "/\u{200B}/evil.example", "\u{FEFF}//evil.example",
        "/\u{2028}/evil.example", "\t//evil.example", "", "/" + String(repeating: "a", count: 3000)
    ]

    static let kept = ["/", "/contracts/nakano-2026-001", "/contracts/nakano-2026-001/records/backup?page=2", "/sessions#top", "/a/b.c-d_e~f"]

    @Test(arguments: refused) func bypassFormsFallBackToTheTop(_ next: String) {
        #expect(RedirectTarget.safe(next) == "/", "\(next.debugDescription)")
    }

    @Test(arguments: kept) func pathsOnThisSiteAreKept(_ next: String) {
        #expect(RedirectTarget.safe(next) == next)
    }

    @Test func nonASCIIPathsArePercentEncodedForTheLocationHeader() {
        #expect(RedirectTarget.safe("/検索") == "/%E6%A4%9C%E7%B4%A2")
        #expect(RedirectTarget.safe("/%E6%A4%9C") == "/%E6%A4%9C")
    }

    @Test func signInAndTheSecondFactorRedirectOnlyWithinTheSite() async throws {
        let fixture = try await ServerFixture()
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            var browser = TestBrowser(client)
            let form = try await browser.get("/login?next=/%09/evil.example/phish")
            #expect(form.hidden("next") == "/")
            let signedIn = try await browser.post(
                "/login",
                form: [
                    "_csrf": form.hidden("_csrf")!, "login": "sato", "password": ServerFixture.password,
                    "next": "/\t/evil.example/phish"
                ])
            #expect(signedIn.location == "/")

            var admin = TestBrowser(client)
            let adminForm = try await admin.get("/login")
            let password = try await admin.post(
                "/login",
                form: [
                    "_csrf": adminForm.hidden("_csrf")!, "login": "admin", "password": ServerFixture.password,
                    "next": "//evil.example"
                ])
            #expect(password.location == "/totp?next=%2F")
            let totp = try await admin.get("/totp?next=/%5Cevil.example")
            #expect(totp.hidden("next") == "/")
            let account = try #require(try await fixture.store.account(login: "admin"))
            let code = TOTP(secret: try fixture.store.vault.open(try #require(account.totpSecret))).code(at: ServerFixture.now)
            let done = try await admin.post("/totp", form: ["_csrf": totp.hidden("_csrf")!, "code": code, "next": "/\\evil.example"])
            #expect(done.location == "/")
        }
    }
}
