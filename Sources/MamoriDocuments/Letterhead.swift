import MamoriCore

/// The opening of a letter to the city: date (和暦), addressee (e.g. 中野区長 様) and the submitter block, with an
/// optional box for the seal.
public struct Letterhead: Sendable, Hashable {
    public var date: Day
    /// e.g. 中野区長.
    public var addressee: String
    /// The submitter block's lines, e.g. （受託者）, 所在地, 名称, 代表者.
    public var submitter: [String]
    /// Whether to print a box for the seal (印).
    public var seal: Bool

    /// Creates a letterhead.
    public init(date: Day, addressee: String, submitter: [String], seal: Bool = true) {
        self.date = date
        self.addressee = addressee
        self.submitter = submitter
        self.seal = seal
    }
}
