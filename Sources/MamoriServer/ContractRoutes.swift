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
            [HTML("<option value=\"\">\(Label.all.text(l))</option>")]
            + shown.map { status in
                "<option value=\"\(status.rawValue)\"\(HTML(raw: wanted == status ? " selected" : ""))>\(LocalizedText(ja: "\(status.label.ja)がある", en: "with \(status.label.en)").text(l))</option>"
            }
        let filters: HTML = """
            <form method="get" action="/" class="filters" role="search">\
            <label>\(Label.searchContractNumberContractor.text(l))<input name="q" type="search" value="\(query)"></label>\
            <label>\(Label.status.text(l))<select name="status">\(options)</select></label>\
            <button type="submit">\(Label.filter.text(l))</button></form>
            """
        let columns =
            [
                Label.contract.localized, Label.number.localized, Label.contractor.localized,
                Label.contractPeriod.localized
            ] + shown.map(\.label)
            + [
                Label.openIncidents.localized, Label.pendingApprovals.localized,
                Label.silentPCs.localized
            ]
        if let download = try ListExport(title: Label.contracts.localized, columns: columns, rows: cells)
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
            <a href="/organizations">\(Label.organizationsAddressRepresentativeTheOther.text(l))</a>
            """ : ""
        let start: HTML =
            manages
            ? """
            <p class="actions"><a class="button" href="/contracts/new">\(Label.createAContract.text(l))</a>\
            \(organizationsLink)</p>
            """ : ""
        if visible == 0 {
            let steps: HTML =
                manages
                ? """
                <ol class="steps"><li><a href="/organizations">\(Label.enterYourAddressAndRepresentative.text(l))</a></li>\
                <li><a href="/contracts/new">\(Label.createTheContractAndCheck.text(l))</a></li>\
                <li>\(Label.recordTheRosterTheProvided.text(l))</li></ol>
                """ : ""
            body = "<p>\(Label.noContractToShow.text(l))</p>\(steps)"
        } else {
            body = """
                \(start)\(filters)\(ListExport.links(request, l))
                \(rows.isEmpty ? "<p>\(Label.noContractMatches.text(l))</p>" as HTML : """
                    <table class="grid overview"><thead><tr><th>\(Label.contract.text(l))</th>\
                    <th>\(Label.contractor.text(l))</th><th>\(Label.contractPeriod.text(l))</th>\
                    \(headers)<th>\(Label.openIncidents.text(l))</th>\
                    <th>\(Label.pendingApprovals.text(l))</th>\
                    <th>\(Label.silentPCs.text(l))</th></tr></thead><tbody>\(rows)</tbody></table>
                    """)
                """
        }
        return PageLayout.response(title: Label.contracts.localized, language: l, member: context.member, body: body)
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
            <section class="incident-clocks" aria-label="\(Label.incidentClocks.text(l))">\
            <h2>\(Label.incidentClocks.text(l))</h2><ul>\(clocks)</ul></section>
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
            \(Label.yourRole.text(l)): \(access.role.label.text(l))</p>
            <p class="catalog"><a href="/catalogs">\(catalog.title.text(l))</a>　\(Label.versionWord.text(l)) \(catalog.version)</p>
            \(clockPanel)<ul class="summary">\(summary)</ul>
            <table class="grid clauses"><thead><tr><th>\(Label.clause.text(l))</th>\
            <th>\(Label.obligation.text(l))</th><th>\(Label.status.text(l))</th>\
            <th>\(Label.reasons.text(l))</th><th>\(Label.evidenceRecords.text(l))</th></tr></thead>\
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
            ("", Label.compliance.localized), ("/people", Label.roster.localized),
            ("/data", Label.providedData.localized), ("/incidents", Label.incidents.localized),
            ("/approvals", Label.approvals.localized), ("/records", Label.records.localized),
            ("/devices", Label.pcs.localized),
            ("/documents", Label.documents.localized), ("/settings", Label.settings.localized)
        ]
        let links: [HTML] = tabs.map { "<a href=\"/contracts/\(contractID)\($0.0)\">\($0.1.text(l))</a>" }
        return "<nav class=\"tabs\">\(links)</nav>"
    }
}
