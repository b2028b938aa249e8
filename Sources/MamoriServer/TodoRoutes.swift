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

    @Sendable func todo(_ request: Request, context: MemberContext) async throws -> Response {
        let l = context.language
        let now = environment.now
        let (state, position) = try await environment.store.snapshot()
        var items: [TodoView.Item] = []
        for contract in state.contracts.values {
            guard let role = try? context.access(contract.contract) else { continue }
            let access = ContractAccess(state: contract, all: state, role: role, position: position)
            let catalog = try environment.catalog(access)
            for deadline in environment.deadlines(of: access, catalog: catalog) where role.organizationKind == .contractor || deadline.incidentStep {
                // An incident's clock is listed from the moment it starts (its reminder waits for half of it): the city
                // is to be told 直ちに, and a clock of hours is never "not yet".
                guard let stage = deadline.stage(at: now) ?? (deadline.incidentStep ? .before : nil) else { continue }
                items.append(
                    TodoView.Item(
                        due: deadline.due, day: deadline.day, stage: stage, what: deadline.what, contract: contract.contract,
                        link: PlannedAlert.link(contractID: contract.contract.id, recordID: deadline.recordID)))
            }
            if role.organizationKind == .contractor {
                for (finding, clauses) in environment.undated(of: access, catalog: catalog) {
                    let named = LocalizedText(
                        ja: "\(finding.reason.ja)（\(clauses.joined(separator: "・"))）",
                        en: "\(finding.reason.en) (\(clauses.joined(separator: ", ")))")
                    items.append(
                        TodoView.Item(
                            due: .distantPast, day: nil, stage: .passed, what: named, contract: contract.contract,
                            link: "/contracts/\(contract.contract.id)/clauses/\(clauses[0])", source: .undated(finding.status)))
                }
            }
            if role.decidesApprovals {
                for approval in contract.approvals.values where approval.decision == .pending {
                    let kind = catalog.approvalLabel(approval.kind)
                    items.append(
                        TodoView.Item(
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
                        TodoView.Item(
                            due: device.reportedAt.adding(maximumAge), day: nil, stage: .passed,
                            what: LocalizedText(ja: "端末 \(device.hostname) の報告が途絶えています", en: "PC \(device.hostname) is not reporting"),
                            contract: contract.contract, link: "/contracts/\(contract.contract.id)/devices/\(device.deviceID)"))
                }
            }
        }
        // Overdue first, then today, then what is coming; each by its deadline.
        let order: [DeadlineStage: Int] = [.passed: 0, .onTheDay: 1, .before: 2]
        items.sort { (order[$0.stage] ?? 3, $0.due, $0.what.ja) < (order[$1.stage] ?? 3, $1.due, $1.what.ja) }
        if let download = try ListExport(title: Label.toDo.localized, columns: TodoView.columns, rows: TodoView.cells(items, l))
            .response(for: request, language: l, at: now)
        {
            return download
        }
        return PageLayout.response(TodoView(language: l, items: items, exports: ListExport.links(request, l)), member: context.member)
    }
}
