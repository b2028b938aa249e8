/// Record IDs in the order people read them: `SW-99` before `SW-299`, `P02` before `P10`, `INC-9` before `INC-10`.
/// Runs of digits compare as numbers, the rest as text; IDs equal that way (`P2`, `P02`) fall back to their text, so
/// the order is total and every list, document and evaluation that breaks a tie by ID breaks it the same way.
public struct RecordOrder: Comparable, Sendable {
    private let id: String

    /// The position of `id`.
    public init(_ id: String) { self.id = id }

    public static func < (lhs: RecordOrder, rhs: RecordOrder) -> Bool {
        var left = lhs.id.utf8[...]
        var right = rhs.id.utf8[...]
        while let l = left.first, let r = right.first {
            if isDigit(l), isDigit(r) {
                let leftRun = left.prefix(while: isDigit)
                let rightRun = right.prefix(while: isDigit)
                let leftNumber = leftRun.drop { $0 == UInt8(ascii: "0") }
                let rightNumber = rightRun.drop { $0 == UInt8(ascii: "0") }
                if leftNumber.count != rightNumber.count { return leftNumber.count < rightNumber.count }
                if !leftNumber.elementsEqual(rightNumber) { return leftNumber.lexicographicallyPrecedes(rightNumber) }
                left = left.dropFirst(leftRun.count)
                right = right.dropFirst(rightRun.count)
            } else {
                if l != r { return l < r }
                left = left.dropFirst()
                right = right.dropFirst()
            }
        }
        if left.isEmpty != right.isEmpty { return left.isEmpty }
        return lhs.id < rhs.id
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
