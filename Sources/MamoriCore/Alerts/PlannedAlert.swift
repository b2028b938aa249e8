import Foundation

/// An alert worked out from an event, before it is addressed: what it says, about which record, and who the catalog
/// says is told. The store turns it into one ``AlertKind``-kinded message per account, in the transaction of its cause.
public struct PlannedAlert: Sendable, Hashable {
    public var kind: AlertKind
    public var contractID: String
    /// The record it is about.
    public var recordID: String
    /// What caused it, the same every time the same thing is worked out (a journal entry's type and record, or a
    /// deadline's record, day and stage): with the account it makes the message's idempotency key.
    public var cause: String
    /// The subject line, short.
    public var title: LocalizedText
    /// One or two sentences; never the text of a sealed field (an incident's narrative stays in Mamori).
    public var detail: LocalizedText
    /// The page of the record, from the server's root (`/contracts/…`).
    public var link: String
    /// The deadline it is about, if any.
    public var due: Date?
    public var audience: [AlertAudience]
    /// For ``AlertAudience/requester``: the approval whose requester is told.
    public var approvalID: String?

    /// Creates a planned alert.
    public init(
        kind: AlertKind, contractID: String, recordID: String, cause: String, title: LocalizedText, detail: LocalizedText,
        link: String, due: Date? = nil, audience: [AlertAudience], approvalID: String? = nil
    ) {
        self.kind = kind
        self.contractID = contractID
        self.recordID = recordID
        self.cause = cause
        self.title = title
        self.detail = detail
        self.link = link
        self.due = due
        self.audience = audience
        self.approvalID = approvalID
    }

    /// The page of a record: the evidence page, which every record has.
    public static func link(contractID: String, recordID: String) -> String {
        "/contracts/\(contractID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? contractID)/evidence/"
            + (recordID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? recordID)
    }
}
