import Foundation
import MamoriCore

/// やること: everything due, due today or overdue for the signed-in person across the contracts they may see, overdue
/// first (`/todo`).
struct TodoView: PageView {
    /// One thing to do.
    struct Item {
        let due: Date
        let day: Day?
        let stage: DeadlineStage
        let what: LocalizedText
        let contract: Contract
        let link: String
        var source: Source = .deadline

        /// Where an item comes from, which says how its date and status read.
        enum Source {
            /// A deadline of a register or an incident (or a PC that stopped reporting): its date, due or past.
            case deadline
            /// A finding the dashboard makes with no date (violation or overdue): due at once, as the annex says
            /// (直ちに), not a date in the past.
            case undated(ClauseStatus)
            /// A request awaiting the city's decision, which has no deadline: the day it was made.
            case request
        }
    }

    let language: Language
    var items: [Item]
    /// The links to the list as Excel and CSV.
    var exports: HTML

    var title: LocalizedText { Label.toDo.localized }

    /// The list's columns, on the page and in a download.
    static let columns = [Label.due.localized, Label.status.localized, Label.toDo.localized, Label.contract.localized]

    /// How an item reads: its status, the word for it and when it is due.
    static func words(_ item: Item) -> (status: ClauseStatus, word: LocalizedText, when: LocalizedText) {
        switch item.source {
        case .undated(let status):
            return (status, status.label, Label.atOnce.localized)
        case .request:
            return (.awaitingDecision, ClauseStatus.awaitingDecision.label, Label.blank.localized)
        case .deadline:
            let status: ClauseStatus = item.stage == .passed ? .overdue : .dueSoon
            let word = item.stage == .onTheDay && item.day != nil ? Label.dueToday.localized : status.label
            let when = item.day.map { LocalizedText(ja: $0.wareki, en: "\($0)") } ?? LocalizedText(ja: item.due.warekiTime, en: item.due.japanTimeEnglish)
            return (status, word, when)
        }
    }

    /// The items' cells in a download.
    static func cells(_ items: [Item], _ l: Language) -> [[String]] {
        items.map { item in
            let words = words(item)
            return [words.when.text(l), words.word.text(l), item.what.text(l), item.contract.title]
        }
    }

    var body: HTML {
        let l = language
        guard !items.isEmpty else { return "<p>\(Label.nothingIsDueOrOverdue.text(l))</p>" }
        let rows: [HTML] = items.map { item in
            let (status, word, when) = Self.words(item)
            return """
                <tr class="status-\(status.rawValue)"><td>\(when.text(l))</td><td class="status"><span class="badge">\(word.text(l))</span></td>\
                <td><a href="\(item.link)">\(item.what.text(l))</a></td><td><a href="/contracts/\(item.contract.id)">\(item.contract.title)</a></td></tr>
                """
        }
        let headers: [HTML] = Self.columns.map { "<th>\($0.text(l))</th>" }
        return """
            \(exports)
            <table class="grid"><thead><tr>\(headers)</tr></thead><tbody>\(rows)</tbody></table>
            """
    }
}
