import Foundation

/// Something the contract's records say is still to be done by a moment: what a reminder is sent for. Carried by the
/// evaluation's findings (``Finding/deadline``), so that a reminder and the dashboard's 期限間近 come from one function
/// over the same records.
public struct Deadline: Sendable, Hashable {
    /// What is due, e.g. 「佐藤さんの研修」.
    public var what: LocalizedText
    /// The record it is about (the first of the finding's evidence).
    public var recordID: String
    /// The last moment it may be done: the end of `day` for a deadline of a whole day.
    public var due: Date
    /// The day it is due, for a deadline of a whole day (training, returns, audits…); nil for a deadline of a moment
    /// (an incident's clocks).
    public var day: Day?
    /// From when it is reminded of before it falls due.
    public var remindFrom: Date
    /// Whether it is one of an incident's clocks (``AlertKind/incidentStepDue``), not a register's due date.
    public var incidentStep: Bool

    /// A deadline of a whole day, reminded of `leadDays` days before.
    init(what: LocalizedText, recordID: String, day: Day, leadDays: Int) {
        self.what = what
        self.recordID = recordID
        due = day.adding(days: 1).start.addingTimeInterval(-1)
        self.day = day
        remindFrom = day.adding(days: -leadDays).start
        incidentStep = false
    }

    /// A deadline of a moment (an incident's clock), reminded of once half its time has run.
    init(incidentStep what: LocalizedText, recordID: String, started: Date, due: Date) {
        self.what = what
        self.recordID = recordID
        self.due = due
        day = nil
        remindFrom = started.addingTimeInterval(max(0, due.timeIntervalSince(started)) / 2)
        incidentStep = true
    }

    /// Where a deadline stands at `now`, for its reminders: nothing yet, coming, today, or passed.
    public func stage(at now: Date) -> DeadlineStage? {
        if now > due { return .passed }
        if let day, Day(now) == day { return .onTheDay }
        return now >= remindFrom ? .before : nil
    }
}

/// The moments a deadline is reminded of: once before (the reminder lead, or half an incident clock), once on its day,
/// once when it has passed.
public enum DeadlineStage: String, Sendable, CaseIterable {
    case before
    case onTheDay = "on-the-day"
    case passed
}
