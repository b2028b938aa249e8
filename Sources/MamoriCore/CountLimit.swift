/// The range a whole number may take where it enters Mamori (a form, the API, the command line, a catalog), so that
/// no count a person, a script or a stored entry gives can make evaluation, documents or sums overflow.
///
/// Each limit is far above any real contract (a city hands over at most a few million residents' records; nobody
/// makes ten thousand copies of one asset at once), and far below where sums over a million events could overflow.
public struct CountLimit: Sendable, Hashable {
    /// The field's name as forms and the API give it (snake_case).
    public let field: String
    /// The values accepted.
    public let range: ClosedRange<Int>

    /// A limit on one field.
    public init(_ field: String, _ range: ClosedRange<Int>) {
        self.field = field
        self.range = range
    }

    /// Refuses a value outside the range, naming the field and the range.
    public func check(_ value: Int) throws(CommandError) {
        guard range.contains(value) else {
            throw .invalid(
                field, ja: "\(range.lowerBound) から \(range.upperBound) までの整数です（入力 \(value)）",
                en: "must be a whole number from \(range.lowerBound) to \(range.upperBound) (got \(value))")
        }
    }

    /// Copies made in one copy event.
    public static let copies = CountLimit("copies", 1...10_000)
    /// Copies a return or destruction took with the data (0: none of those made, which then stand as not returned).
    public static let copiesCarried = CountLimit("copies", 0...10_000)
    /// Copies the city permits for one asset.
    public static let permittedCopies = CountLimit("permitted_copies", 0...10_000)
    /// Extra copies one approval grants.
    public static let approvedCopies = CountLimit("copies", 1...10_000)
    /// Records (residents) in one provided asset.
    public static let recordCount = CountLimit("record_count", 0...1_000_000_000)
    /// People affected by one incident.
    public static let affectedPeople = CountLimit("affected_people", 0...1_000_000_000)
    /// Overwrite passes of one erasure.
    public static let passes = CountLimit("passes", 1...100)
    /// An integer contract parameter (a password length, a number of days written as an integer).
    public static let parameter = CountLimit("value", 0...1_000_000)
}
