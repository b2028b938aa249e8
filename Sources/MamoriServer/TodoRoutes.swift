import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// やること: everything due, due today or overdue for the signed-in person, across every contract they may see, by
/// date — the same deadlines the dashboard's 期限間近 and the reminders come from. The contractor sees every deadline of
/// its registers and incidents and, first, what the dashboard finds wrong with no date to keep (a violation, a pledge
/// missing), each reason once with its clauses (its administrators also the PCs gone silent); the city its pending
/// decisions and the incidents' clocks.
struct TodoRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/todo", use: todo)
    }

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

    @Sendable func todo(_ request: Request, context: MemberContext) async throws -> Response {
        let l = context.language
        let now = environment.now
        let (state, position) = try await environment.store.snapshot()
        var items: [Item] = []
        for contract in state.contracts.values {
            guard let role = try? context.access(contract.contract) else { continue }
            let access = ContractAccess(state: contract, all: state, role: role, position: position)
            let catalog = try environment.catalog(access)
            for deadline in environment.deadlines(of: access, catalog: catalog) where role.organizationKind == .contractor || deadline.incidentStep {
                // An incident's clock is listed from the moment it starts (its reminder waits for half of it): the city
                // is to be told 直ちに, and a clock of hours is never "not yet".
                guard let stage = deadline.stage(at: now) ?? (deadline.incidentStep ? .before : nil) else { continue }
                items.append(
                    Item(
                        due: deadline.due, day: deadline.day, stage: stage, what: deadline.what, contract: contract.contract,
                        link: PlannedAlert.link(contractID: contract.contract.id, recordID: deadline.recordID)))
            }
            if role.organizationKind == .contractor {
                for (finding, clauses) in environment.undated(of: access, catalog: catalog) {
                    let named = LocalizedText(
                        ja: "\(finding.reason.ja)（\(clauses.joined(separator: "・"))）",
                        en: "\(finding.reason.en) (\(clauses.joined(separator: ", ")))")
                    items.append(
                        Item(
                            due: .distantPast, day: nil, stage: .passed, what: named, contract: contract.contract,
                            link: "/contracts/\(contract.contract.id)/clauses/\(clauses[0])", source: .undated(finding.status)))
                }
            }
            if role.decidesApprovals {
                for approval in contract.approvals.values where approval.decision == .pending {
                    let kind = catalog.approvalLabel(approval.kind)
                    items.append(
                        Item(
                            due: approval.requestedAt, day: nil, stage: .onTheDay,
                            what: LocalizedText(
                                ja: "\(kind.ja)の申請（\(approval.id)、\(approval.requestedAt.warekiTime) 申請）の承認・不承認",
                                en: "decide the \(kind.en) request \(approval.id) (made \(approval.requestedAt.japanTimeEnglish))"),
                            contract: contract.contract, link: "/contracts/\(contract.contract.id)/approvals#\(approval.id)", source: .request))
                }
            }
            if role.administers {
                let maximumAge = contract.agentReportMaxAge(in: catalog)
                for device in try await environment.silentDevices(of: access, catalog: catalog) {
                    items.append(
                        Item(
                            due: device.reportedAt.adding(maximumAge), day: nil, stage: .passed,
                            what: LocalizedText(ja: "PC \(device.hostname) の報告が途絶えています", en: "PC \(device.hostname) is not reporting"),
                            contract: contract.contract, link: "/contracts/\(contract.contract.id)/devices/\(device.deviceID)"))
                }
            }
        }
        // Overdue first, then today, then what is coming; each by its deadline.
        let order: [DeadlineStage: Int] = [.passed: 0, .onTheDay: 1, .before: 2]
        items.sort { (order[$0.stage] ?? 3, $0.due, $0.what.ja) < (order[$1.stage] ?? 3, $1.due, $1.what.ja) }
        let columns = [
            Label.due.localized, Label.status.localized, Label.toDo.localized,
            Label.contract.localized
        ]
        let words = items.map { item -> (ClauseStatus, LocalizedText, LocalizedText) in
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
        let title = Label.toDo.localized
        if let download = try ListExport(
            title: title, columns: columns,
            rows: zip(items, words).map { item, word in
                [word.2.text(l), word.1.text(l), item.what.text(l), item.contract.title]
            }
        ).response(for: request, language: l, at: now) {
            return download
        }
        let rows: [HTML] = zip(items, words).map { item, word in
            let (status, word, when) = word
            return """
                <tr class="status-\(status.rawValue)"><td>\(when.text(l))</td><td class="status"><span class="badge">\(word.text(l))</span></td>\
                <td><a href="\(item.link)">\(item.what.text(l))</a></td><td><a href="/contracts/\(item.contract.id)">\(item.contract.title)</a></td></tr>
                """
        }
        let headers: [HTML] = columns.map { "<th>\($0.text(l))</th>" }
        let body: HTML =
            rows.isEmpty
            ? "<p>\(Label.nothingIsDueOrOverdue.text(l))</p>"
            : """
            \(ListExport.links(request, l))
            <table class="grid"><thead><tr>\(headers)</tr></thead><tbody>\(rows)</tbody></table>
            """
        return PageLayout.response(title: title, language: l, member: context.member, body: body)
    }
}
