import MamoriCore

/// The contracts a member may see, each with its clauses' statuses, open incidents, pending approvals and silent PCs,
/// searched and filtered (`/`).
struct ContractOverviewView: PageView {
    /// One contract's line.
    struct Row {
        var contract: Contract
        var contractor: String
        var counts: [ClauseStatus: Int]
        var openIncidents: Int
        var pendingApprovals: Int
        var silentDevices: Int
    }

    /// The statuses the overview counts, worst first.
    static let shown: [ClauseStatus] = [.violation, .overdue, .dueSoon, .awaitingDecision, .noEvidence, .unevaluable]

    let language: Language
    var rows: [Row]
    /// How many contracts the member may see, before the filters.
    var visible: Int
    var query: String
    var wanted: ClauseStatus?
    /// Whether the member manages accounts (creates contracts), and whether of a whole organization (not a department).
    var manages: Bool
    var managesOrganizations: Bool
    /// The links to the list as Excel and CSV.
    var exports: HTML

    var title: LocalizedText { Label.contracts.localized }

    /// The list's columns in a download.
    static let columns: [LocalizedText] =
        [Label.contract.localized, Label.number.localized, Label.contractor.localized, Label.contractPeriod.localized]
        + shown.map(\.label) + [Label.openIncidents.localized, Label.pendingApprovals.localized, Label.silentPCs.localized]

    /// A row's cells in a download.
    static func cells(_ row: Row) -> [String] {
        let c = row.contract
        return [c.title, c.number, row.contractor, "\(c.startsOn.wareki) 〜 \(c.endsOn.wareki)"] + shown.map { "\(row.counts[$0] ?? 0)" }
            + ["\(row.openIncidents)", "\(row.pendingApprovals)", "\(row.silentDevices)"]
    }

    var body: HTML {
        let l = language
        guard visible > 0 else {
            let steps: HTML =
                manages
                ? """
                <ol class="steps"><li><a href="/organizations">\(Label.enterYourAddressAndRepresentative.text(l))</a></li>\
                <li><a href="/contracts/new">\(Label.createTheContractAndCheck.text(l))</a></li>\
                <li>\(Label.recordTheRosterTheProvided.text(l))</li></ol>
                """ : ""
            return "<p>\(Label.noContractToShow.text(l))</p>\(steps)"
        }
        return """
            \(start)\(filters)\(exports)
            \(rows.isEmpty ? "<p>\(Label.noContractMatches.text(l))</p>" as HTML : table)
            """
    }

    private var start: HTML {
        guard manages else { return "" }
        let organizations: HTML =
            managesOrganizations ? "<a href=\"/organizations\">\(Label.organizationsAddressRepresentativeTheOther.text(language))</a>" : ""
        return "<p class=\"actions\"><a class=\"button\" href=\"/contracts/new\">\(Label.createAContract.text(language))</a>\(organizations)</p>"
    }

    private var filters: HTML {
        let l = language
        let options: [HTML] =
            [HTML("<option value=\"\">\(Label.all.text(l))</option>")]
            + Self.shown.map { status in
                "<option value=\"\(status.rawValue)\"\(HTML(raw: wanted == status ? " selected" : ""))>\(LocalizedText(ja: "\(status.label.ja)がある", en: "with \(status.label.en)").text(l))</option>"
            }
        return """
            <form method="get" action="/" class="filters" role="search">\
            <label>\(Label.searchContractNumberContractor.text(l))<input name="q" type="search" value="\(query)"></label>\
            <label>\(Label.status.text(l))<select name="status">\(options)</select></label>\
            <button type="submit">\(Label.filter.text(l))</button></form>
            """
    }

    private var table: HTML {
        let l = language
        let headers: [HTML] = Self.shown.map { "<th>\($0.label.text(l))</th>" }
        let lines: [HTML] = rows.map { row in
            let c = row.contract
            let statusCells: [HTML] = Self.shown.map { status in
                let count = row.counts[status] ?? 0
                return "<td class=\"number\(HTML(raw: count > 0 ? " status-\(status.rawValue)" : ""))\">\(count)</td>"
            }
            return """
                <tr><td><a href="/contracts/\(c.id)">\(c.title)</a><br>\(c.number)</td><td>\(row.contractor)</td>\
                <td>\(c.startsOn.wareki) 〜 \(c.endsOn.wareki)</td>\(statusCells)\
                <td class="number"><a href="/contracts/\(c.id)/incidents">\(row.openIncidents)</a></td>\
                <td class="number"><a href="/contracts/\(c.id)/approvals">\(row.pendingApprovals)</a></td>\
                <td class="number"><a href="/contracts/\(c.id)/devices">\(row.silentDevices)</a></td></tr>
                """
        }
        return """
            <table class="grid overview"><thead><tr><th>\(Label.contract.text(l))</th>\
            <th>\(Label.contractor.text(l))</th><th>\(Label.contractPeriod.text(l))</th>\
            \(headers)<th>\(Label.openIncidents.text(l))</th>\
            <th>\(Label.pendingApprovals.text(l))</th>\
            <th>\(Label.silentPCs.text(l))</th></tr></thead><tbody>\(lines)</tbody></table>
            """
    }
}
