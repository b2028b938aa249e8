import Foundation
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import MamoriCore
import MamoriStore
import Testing

@testable import MamoriServer

/// New passwords: 12 characters at least, not common, at most 1,024 bytes; every byte of a long one counts.
@Suite struct PasswordPolicyTests {
    @Test func shortCommonAndOverlongPasswordsAreRefused() {
        let policy = PasswordPolicy()
        #expect(PasswordPolicy.commonPasswords.count > 1000)
        #expect(policy.problem("password", login: "kanri")?.en == "the password needs at least 12 characters")
        for common in ["password1234", "PASSWORD1234", "1234password!!", "qwertyuiop123", "iloveyou1234", "monkey123456"] {
            #expect(policy.problem(common, login: "kanri")?.en.contains("too common") == true, "\(common)")
        }
        #expect(policy.problem("kanri-account", login: "KANRI-ACCOUNT") != nil, "not the login")
        #expect(policy.problem("correct horse\u{7}battery", login: "kanri") != nil, "no control characters")
        #expect(policy.problem(String(repeating: "あ", count: 342), login: "kanri") != nil, "1,026 bytes")
        #expect(policy.problem(String(repeating: "あ", count: 341), login: "kanri") == nil, "1,023 bytes")
        #expect(policy.problem("correct horse battery", login: "kanri") == nil)
        #expect(PasswordPolicy(minimum: 16).problem("correct horse", login: "kanri")?.ja == "パスワードは 16 文字以上にしてください")
        #expect(PasswordPolicy(minimum: 6).minimum == 12, "a contract may ask for more, never less")
    }

    @Test func randomPasswordsOfTheDemoAndTheCommandLinePass() {
        for _ in 0..<200 {
            let password = PasswordPolicy.randomPassword()
            #expect(PasswordPolicy().problem(password, login: "admin") == nil, "\(password)")
        }
    }

    @Test func everyByteOfALongPasswordCounts() async {
        let hasher = PasswordHasher(cost: 4)
        let long = String(repeating: "長いパスワード", count: 5) + "末尾"  // 111 bytes
        #expect(long.utf8.count > 72)
        let prefix = String(decoding: Array(long.utf8.prefix(72)), as: UTF8.self)
        let hash = await hasher.hash(long)
        #expect(await hasher.matches(long, hash: hash))
        #expect(!(await hasher.matches(prefix, hash: hash)), "the 72-byte prefix alone")
        #expect(!(await hasher.matches(prefix + "other tail", hash: hash)), "the 72-byte prefix with another tail")
        #expect(!(await hasher.matches(String(long.dropLast()), hash: hash)))
        // A password with a NUL is not cut there.
        let nul = await hasher.hash("correct horse\u{0}battery")
        #expect(!(await hasher.matches("correct horse", hash: nul)))
        // Hashes made before pre-hashing (bcrypt of a password up to 72 bytes) stay valid.
        let legacy = Bcrypt.hash("correct horse battery", cost: 4)
        #expect(await hasher.matches("correct horse battery", hash: legacy))
    }

    @Test func theFormsApplyThePolicyAndALongPasswordSignsInOnlyWhole() async throws {
        let fixture = try await ServerFixture()
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            var admin = TestBrowser(client)
            let csrf = try await admin.signIn("admin", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let common = try await admin.post(
                "/accounts",
                form: [
                    "_csrf": csrf, "login": "tanaka", "display_name": "田中 健", "role": "staff",
                    "password": "password1234"
                ])
            #expect(common.status == .unprocessableContent)
            #expect(common.body.contains("よく使われるパスワードです"))
            let long = String(repeating: "とても長い合言葉、", count: 4) + "そして末尾"  // 123 bytes
            let added = try await admin.post(
                "/accounts",
                form: [
                    "_csrf": csrf, "login": "tanaka", "display_name": "田中 健", "role": "staff",
                    "password": long
                ])
            #expect(added.location == "/accounts?saved=tanaka", "the list says the account was added")
            var prefix = TestBrowser(client)
            let form = try await prefix.get("/login")
            let refused = try await prefix.post(
                "/login",
                form: [
                    "_csrf": form.hidden("_csrf")!, "login": "tanaka",
                    "password": String(decoding: Array(long.utf8.prefix(72)), as: UTF8.self) + "x"
                ])
            #expect(refused.status == .unauthorized)
            var whole = TestBrowser(client)
            try await whole.signIn("tanaka", password: long, store: fixture.store, at: ServerFixture.now, choosing: "tanaka chooses his own passphrase")
        }
    }

    /// A new password ends every other session of the account (one signed in elsewhere with the old password); the
    /// session that changed it stays signed in.
    @Test func aNewPasswordEndsTheOtherSessions() async throws {
        let fixture = try await ServerFixture()
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            var here = TestBrowser(client)
            let csrf = try await here.signIn("sato", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            var elsewhere = TestBrowser(client)
            _ = try await elsewhere.signIn("sato", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            #expect(try await elsewhere.get("/").status == .ok)
            let changed = try await here.post(
                "/password",
                form: [
                    "_csrf": csrf, "current_password": ServerFixture.password, "new_password": "新しい合言葉は長くて安全です",
                    "confirm_password": "新しい合言葉は長くて安全です"
                ])
            #expect(changed.status == .seeOther || changed.status == .found, "\(changed.status) \(changed.body.prefix(300))")
            #expect(try await here.get("/").status == .ok, "the session that changed it stays")
            #expect(try await elsewhere.get("/").status != .ok, "the other session ended")
        }
    }
}
