import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriTestSupport
import Testing

@testable import MamoriServer

/// The second factor's QR code comes from libqrencode: a real QR symbol (finder patterns in three corners, the size
/// of its version) on the enrollment page, as SVG the app's CSP allows.
@Suite(.needs(.qrencode)) struct QRCodeTests {
    @Test func anOTPAuthURIIsAQRSymbol() throws {
        let uri = TOTP(secret: Data(repeating: 7, count: 20)).provisioningURI(account: "admin")
        let code = try #require(QRCode.encode(uri), "libqrencode is loaded")
        #expect((code.width - 17) % 4 == 0 && code.width >= 21, "a version's width: \(code.width)")
        // A finder pattern: a dark 7×7 ring, a light ring, a dark 3×3 centre.
        func finder(row: Int, column: Int) -> Bool {
            (0..<7).allSatisfy { r in
                (0..<7).allSatisfy { c in
                    let ring = max(abs(r - 3), abs(c - 3))
                    return code.modules[(row + r) * code.width + column + c] == (ring != 2)
                }
            }
        }
        #expect(finder(row: 0, column: 0) && finder(row: 0, column: code.width - 7) && finder(row: code.width - 7, column: 0))
        #expect(!finder(row: code.width - 7, column: code.width - 7), "no finder in the fourth corner")
        let svg = code.svg(label: "QR")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(code.width + 8) \(code.width + 8)\"") && !svg.contains("style"))
        #expect(svg.components(separatedBy: "h1v1h-1z").count - 1 == code.modules.filter { $0 }.count, "one square per dark module")
    }

    @Test func theEnrollmentPageShowsTheCode() async throws {
        let fixture = try await ServerFixture()
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            var browser = TestBrowser(client)
            let form = try await browser.get("/login")
            _ = try await browser.post("/login", form: ["_csrf": form.hidden("_csrf")!, "login": "admin", "password": ServerFixture.password])
            let enrolment = try await browser.get("/totp")
            #expect(enrolment.body.contains("<p class=\"qr\"><svg") && enrolment.body.contains("aria-label=\"認証アプリで読み取る QR コード\""))
        }
    }
}
