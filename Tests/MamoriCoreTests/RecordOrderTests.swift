import MamoriCore
import Testing

/// Record IDs sort as people read them, numbers by value, and the order is total.
@Suite struct RecordOrderTests {
    @Test func numbersCompareByValue() {
        let ids = ["SW-299", "SW-99", "SW-1000", "P10", "P02", "P2", "INC-10", "INC-9", "BK-3", "BK-03a", "event-9f", "event-10a", ""]
        let sorted = ids.sorted { RecordOrder($0) < RecordOrder($1) }
        #expect(sorted == ["", "BK-3", "BK-03a", "INC-9", "INC-10", "P02", "P2", "P10", "SW-99", "SW-299", "SW-1000", "event-9f", "event-10a"])
        // Total: exactly one of a < b, b < a, a == b for every pair, and the same whatever order the input came in.
        for a in ids {
            for b in ids {
                let less = RecordOrder(a) < RecordOrder(b)
                let greater = RecordOrder(b) < RecordOrder(a)
                #expect((less ? 1 : 0) + (greater ? 1 : 0) + (a == b ? 1 : 0) == 1, "\(a) \(b)")
            }
        }
        #expect(ids.reversed().sorted { RecordOrder($0) < RecordOrder($1) } == sorted)
    }
}
