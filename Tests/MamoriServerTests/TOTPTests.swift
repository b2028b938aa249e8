import Foundation
import Testing

@testable import MamoriServer

/// TOTP against RFC 6238's own test vectors (SHA-1, 8 digits) and base32 against RFC 4648's.
@Suite struct TOTPTests {
    let rfc = TOTP(secret: Data("12345678901234567890".utf8))

    @Test(arguments: [
        (59.0, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130")
    ])
    func rfc6238Vectors(_ time: Double, _ expected: String) {
        #expect(rfc.code(at: Date(timeIntervalSince1970: time), digits: 8) == expected)
    }

    @Test func verifyAllowsOneStepOfDriftAndNoMore() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let step = Int64(now.timeIntervalSince1970 / 30)
        #expect(rfc.matchingStep(rfc.code(at: now), at: now) == step)
        #expect(rfc.matchingStep(rfc.code(at: now.addingTimeInterval(-30)), at: now) == step - 1)
        #expect(rfc.matchingStep(rfc.code(at: now.addingTimeInterval(-90)), at: now) == nil)
        #expect(rfc.matchingStep("000000", at: now) == nil || rfc.code(at: now) == "000000")
    }

    @Test func base32MatchesRFC4648() {
        #expect(TOTP(secret: Data("foobar".utf8)).base32 == "MZXW6YTBOI")
        #expect(rfc.base32 == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        #expect(rfc.provisioningURI(account: "yamada").hasPrefix("otpauth://totp/Mamori:yamada?secret=GEZDGNBV"))
    }
}
