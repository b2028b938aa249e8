import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// The contracts a member may see — an overview with each one's statuses, open incidents, pending approvals and silent
/// PCs, searched and filtered — and the clause-by-clause dashboard of one contract.
struct ContractRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/", use: contracts)
        members.get("/contracts/{contract}", use: dashboard)
    }

    @Sendable func contracts(_ request: Request, context: MemberContext) async throws -> Response {
        let (state, position) = try await environment.store.snapshot()
        let l = context.language
        let now = environment.now
        // The overview's filters: words in the contract's title, number or contractor; a status some clause is in.
        let query = (request.uri.queryParameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
        let wanted = request.uri.queryParameters.get("status").flatMap(ClauseStatus.init(rawValue:))
        let shown: [ClauseStatus] = [.violation, .overdue, .dueSoon, .awaitingDecision, .noEvidence, .unevaluable]
        var rows: [HTML] = []
        var cells: [[String]] = []
        var visible = 0
        for contract in state.contracts.values.sorted(by: { $0.contract.id < $1.contract.id }) {
            guard let role = try? context.access(contract.contract) else { continue }
            visible += 1
            let c = contract.contract
            let contractor = state.organizations[c.contractorID]?.name ?? c.contractorID
            // Full- and half-width alike (「１２」 finds 12, ｶﾀｶﾅ finds カタカナ).
            let words = query.precomposedStringWithCompatibilityMapping
            guard
                query.isEmpty
                    || [c.title, c.number, contractor].contains(where: {
                        $0.precomposedStringWithCompatibilityMapping.localizedCaseInsensitiveContains(words)
                    })
            else { continue }
            let access = ContractAccess(state: contract, all: state, role: role, position: position)
            let counts = await Dictionary(grouping: try environment.evaluation(of: access), by: \.status).mapValues(\.count)
            if let wanted, counts[wanted] == nil { continue }
            let catalog = try environment.catalog(access)
            let openIncidents = contract.incidents.values.filter { $0.closedAt == nil }.count
            let pending = contract.approvals.values.filter { $0.decision == .pending }.count
            let silent = try await environment.silentDevices(of: access, catalog: catalog).count
            cells.append(
                [c.title, c.number, contractor, "\(c.startsOn.wareki) 〜 \(c.endsOn.wareki)"] + shown.map { "\(counts[$0] ?? 0)" }
                    + ["\(openIncidents)", "\(pending)", "\(silent)"])
            let statusCells: [HTML] = shown.map { status in
                let count = counts[status] ?? 0
                return "<td class=\"number\(HTML(raw: count > 0 ? " status-\(status.rawValue)" : ""))\">\(count)</td>"
            }
            rows.append(
                """
                <tr><td><a href="/contracts/\(c.id)">\(c.title)</a><br>\(c.number)</td><td>\(contractor)</td>\
                <td>\(c.startsOn.wareki) 〜 \(c.endsOn.wareki)</td>\(statusCells)\
                <td class="number"><a href="/contracts/\(c.id)/incidents">\(openIncidents)</a></td>\
                <td class="number"><a href="/contracts/\(c.id)/approvals">\(pending)</a></td>\
                <td class="number"><a href="/contracts/\(c.id)/devices">\(silent)</a></td></tr>
                """)
        }
        let options: [HTML] =
            [HTML("<option value=\"\">\(LocalizedText(ja: "すべて", en: "All").text(l))</option>")]
            + shown.map { status in
                "<option value=\"\(status.rawValue)\"\(HTML(raw: wanted == status ? " selected" : ""))>\(LocalizedText(ja: "\(status.label.ja)がある", en: "with \(status.label.en)").text(l))</option>"
            }
        let filters: HTML = """
            <form method="get" action="/" class="filters" role="search">\
            <label>\(LocalizedText(ja: "検索（契約名・番号・受託者）", en: "Search (contract, number, contractor)").text(l))<input name="q" type="search" value="\(query)"></label>\
            <label>\(LocalizedText(ja: "状況", en: "Status").text(l))<select name="status">\(options)</select></label>\
            <button type="submit">\(LocalizedText(ja: "絞り込む", en: "Filter").text(l))</button></form>
            """
        let columns =
            [
                LocalizedText(ja: "契約", en: "Contract"), LocalizedText(ja: "契約番号", en: "Number"), LocalizedText(ja: "受託者", en: "Contractor"),
                LocalizedText(ja: "契約期間", en: "Period")
            ] + shown.map(\.label)
            + [
                LocalizedText(ja: "未了の事故", en: "Open incidents"), LocalizedText(ja: "承認待ち", en: "Pending approvals"),
                LocalizedText(ja: "報告途絶の PC", en: "Silent PCs")
            ]
        if let download = try ListExport(title: LocalizedText(ja: "契約一覧", en: "Contracts"), columns: columns, rows: cells)
            .response(for: request, language: l, at: now)
        {
            return download
        }
        let headers: [HTML] = shown.map { "<th>\($0.label.text(l))</th>" }
        let body: HTML
        let manager = context.member.memberships.first { $0.role.managesAccounts }
        let manages = manager != nil
        // A member of a department creates its contracts but does not manage the organizations.
        let organizationsLink: HTML =
            manager?.departmentID == nil
            ? """
            <a href="/organizations">\(LocalizedText(ja: "組織（所在地・代表者・相手方）", en: "Organizations (address, representative, the other side)").text(l))</a>
            """ : ""
        let start: HTML =
            manages
            ? """
            <p class="actions"><a class="button" href="/contracts/new">\(LocalizedText(ja: "契約を作成する", en: "Create a contract").text(l))</a>\
            \(organizationsLink)</p>
            """ : ""
        if visible == 0 {
            let steps: HTML =
                manages
                ? """
                <ol class="steps"><li><a href="/organizations">\(LocalizedText(ja: "自組織の所在地と代表者を入力し、相手方の組織を登録して最初のアカウントを招待する",
                                                                                   en: "Enter your address and representative, register the other side and invite its first account").text(l))</a></li>\
                <li><a href="/contracts/new">\(LocalizedText(ja: "契約を作成し、契約の設定でパラメータを確かめる", en: "Create the contract and check its parameters in its settings").text(l))</a></li>\
                <li>\(LocalizedText(ja: "名簿・提供データ・端末を記録する", en: "Record the roster, the provided data and the PCs").text(l))</li></ol>
                """ : ""
            body = "<p>\(LocalizedText(ja: "閲覧できる契約はありません", en: "no contract to show").text(l))</p>\(steps)"
        } else {
            body = """
                \(start)\(filters)\(ListExport.links(request, l))
                \(rows.isEmpty ? "<p>\(LocalizedText(ja: "条件に合う契約はありません", en: "no contract matches").text(l))</p>" as HTML : """
                    <table class="grid overview"><thead><tr><th>\(LocalizedText(ja: "契約", en: "Contract").text(l))</th>\
                    <th>\(LocalizedText(ja: "受託者", en: "Contractor").text(l))</th><th>\(LocalizedText(ja: "契約期間", en: "Period").text(l))</th>\
                    \(headers)<th>\(LocalizedText(ja: "未了の事故", en: "Open incidents").text(l))</th>\
                    <th>\(LocalizedText(ja: "承認待ち", en: "Pending approvals").text(l))</th>\
                    <th>\(LocalizedText(ja: "報告途絶の PC", en: "Silent PCs").text(l))</th></tr></thead><tbody>\(rows)</tbody></table>
                    """)
                """
        }
        return PageLayout.response(title: LocalizedText(ja: "契約一覧", en: "Contracts"), language: l, member: context.member, body: body)
    }

    @Sendable func dashboard(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let catalog = try environment.catalog(access)
        let evaluations = try await environment.evaluation(of: access)
        let l = context.language
        let clauses = Dictionary(uniqueKeysWithValues: catalog.clauses.map { ($0.id, $0) })
        let counts = Dictionary(grouping: evaluations, by: \.status).mapValues(\.count)
        let summary: [HTML] = ClauseStatus.allCases.sorted().reversed().map {
            "<li class=\"status-\($0.rawValue)\">\($0.label.text(l)) <strong>\(counts[$0] ?? 0)</strong></li>"
        }
        var seen = Set<LocalizedText>()
        // The clocks running, run out or missed; not those met in time (a clause may say both).
        let clocks: [HTML] =
            evaluations
            .filter { clauses[$0.clauseID]?.records.contains(.incident) == true }
            .flatMap { zip($0.reasonStatuses, $0.reasons).filter { $0.0 >= .dueSoon }.map(\.1) }.filter { seen.insert($0).inserted }
            .map { "<li>\($0.text(l))</li>" }
        let clockPanel: HTML =
            clocks.isEmpty
            ? ""
            : """
            <section class="incident-clocks" aria-label="\(LocalizedText(ja: "事故の期限", en: "Incident clocks").text(l))">\
            <h2>\(LocalizedText(ja: "事故の期限", en: "Incident clocks").text(l))</h2><ul>\(clocks)</ul></section>
            """
        let rows: [HTML] = evaluations.map { evaluation in
            let clause = clauses[evaluation.clauseID]
            return """
                <tr id="clause-\(evaluation.clauseID)" class="status-\(evaluation.status.rawValue)">\
                <td><a href="/contracts/\(access.contract.id)/clauses/\(evaluation.clauseID)">\(evaluation.clauseID)</a></td>\
                <td>\(clause?.title.text(l) ?? "")</td><td class="status"><span class="badge">\(evaluation.status.label.text(l))</span></td>\
                <td>\(evaluation.reasons.map { $0.text(l) }.joined(separator: "\n"))</td><td>\(ContractRoutes.evidence(evaluation.evidence, contract: access.contract.id, l))</td></tr>
                """
        }
        let body: HTML = """
            \(ContractRoutes.tabs(access.contract.id, l))
            <p>\(access.contract.number)　\(access.contract.startsOn.wareki)（\(access.contract.startsOn.description)）〜 \(access.contract.endsOn.wareki)（\(access.contract.endsOn.description)）　\
            \(LocalizedText(ja: "あなたの役割", en: "Your role").text(l)): \(access.role.label.text(l))</p>
            <p class="catalog"><a href="/catalogs">\(catalog.title.text(l))</a>　\(LocalizedText(ja: "版", en: "version").text(l)) \(catalog.version)</p>
            \(clockPanel)<ul class="summary">\(summary)</ul>
            <table class="grid clauses"><thead><tr><th>\(LocalizedText(ja: "条項", en: "Clause").text(l))</th>\
            <th>\(LocalizedText(ja: "遵守事項", en: "Obligation").text(l))</th><th>\(LocalizedText(ja: "状況", en: "Status").text(l))</th>\
            <th>\(LocalizedText(ja: "理由", en: "Reasons").text(l))</th><th>\(LocalizedText(ja: "根拠記録", en: "Records").text(l))</th></tr></thead>\
            <tbody>\(rows)</tbody></table>
            """
        return PageLayout.response(title: LocalizedText(ja: access.contract.title, en: access.contract.title), language: l, member: context.member, body: body)
    }

    /// The first records behind a status, each a link to its record, and how many more (the clause's page lists them).
    static func evidence(_ ids: [String], contract: String, _ l: Language) -> HTML {
        let shown: [HTML] = ids.prefix(10).map { "<a href=\"/contracts/\(contract)/evidence/\($0)\">\($0)</a>" }
        let more: HTML = ids.count > 10 ? "\(LocalizedText(ja: " ほか \(ids.count - 10) 件", en: " and \(ids.count - 10) more").text(l))" : ""
        return "\(HTML(raw: shown.map(\.raw).joined(separator: ", ")))\(more)"
    }

    /// A section's primary action: the form that records its kind (報告する, 申請する, 受領する), where the role may.
    static func primaryAction(_ kind: RecordKind, _ label: LocalizedText, _ access: ContractAccess, _ l: Language) -> HTML {
        guard kind.create?.permitted(access.role) == true else { return "" }
        return "<p><a class=\"button\" href=\"/contracts/\(access.contract.id)/records/\(kind.slug)#new\">\(label.text(l))</a></p>"
    }

    /// The contract's sections.
    static func tabs(_ contractID: String, _ l: Language) -> HTML {
        let tabs: [(String, LocalizedText)] = [
            ("", LocalizedText(ja: "遵守状況", en: "Compliance")), ("/people", LocalizedText(ja: "名簿", en: "Roster")),
            ("/data", LocalizedText(ja: "提供データ", en: "Provided data")), ("/incidents", LocalizedText(ja: "事故", en: "Incidents")),
            ("/approvals", LocalizedText(ja: "承認", en: "Approvals")), ("/records", LocalizedText(ja: "記録", en: "Records")),
            ("/devices", LocalizedText(ja: "端末", en: "PCs")),
            ("/documents", LocalizedText(ja: "提出書類", en: "Documents")), ("/settings", LocalizedText(ja: "契約の設定", en: "Settings"))
        ]
        let links: [HTML] = tabs.map { "<a href=\"/contracts/\(contractID)\($0.0)\">\($0.1.text(l))</a>" }
        return "<nav class=\"tabs\">\(links)</nav>"
    }
}
