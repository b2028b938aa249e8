import Foundation
import Testing

@testable import MamoriServer

/// A count is taken only when the number sent is exactly whole: JSONDecoder rounds 99.99999999999999999 to 100 and
/// 1E-400 to 0, which would record a count nobody sent (found from outside).
@Suite struct WholeNumberTests {
    @Test func onlyExactlyWholeNumbersPass() {
        for whole in ["0", "-0", "100", "1.0", "1e2", "0e5", "-0.0", "12.000", "1.5e1", "2.50E+1"] {
            #expect(CommandForm.firstFraction(in: Data(#"{"n":\#(whole)}"#.utf8)) == nil, "\(whole)")
        }
        for fraction in ["99.99999999999999999", "1E-400", "1000000000.0000000001", "0.5", "1e-1", "12.0001", "-3.5"] {
            let found = CommandForm.firstFraction(in: Data(#"{"n":\#(fraction)}"#.utf8))
            #expect(found?.offset == 5 && found?.key == "n", "\(fraction)")
        }
        // Digits inside strings are text.
        #expect(CommandForm.firstFraction(in: Data(#"{"a":"0.5 \"1.5\"","n":[1,2.0]}"#.utf8)) == nil)
        let item = CommandForm.firstFraction(in: Data(#"{"a":"x","n":[1,2.5]}"#.utf8))
        #expect(item?.offset == 16 && item?.key == "n")
    }
}
