import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// A page per clause — its obligation, its status and why (the dashboard's one evaluation), the records behind it,
/// and where to record what it needs — and the link from any evidence ID to its record.
struct ClauseRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/contracts/{contract}/clauses/{clause}", use: clause)
        members.get("/contracts/{contract}/evidence/{id}", use: evidence)
    }

    @Sendable func clause(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let l = context.language
        let id = try context.parameters.require("clause")
        let catalog = try environment.catalog(access)
        guard let clause = catalog.clauses.first(where: { $0.id == id }),
            let evaluation = try await environment.evaluation(of: access).first(where: { $0.clauseID == id })
        else { throw WebError.notFound(id) }
        let base = "/contracts/\(access.contract.id)"
        let reasons: [HTML] = evaluation.reasons.map { "<li>\($0.text(l))</li>" }
        // Each record by its ID and what it is (提供データの利用・複写… EV-04), linked to its page.
        let records: [HTML] = try await evaluation.evidence.prefix(Self.evidenceShown).asyncMap { id in
            guard let found = try await locate(id, access) else { return "<li>\(id)</li>" }
            return "<li><a href=\"\(found.path)\">\(id)</a>（\(found.what.text(l))）</li>"
        }
        let more: HTML =
            evaluation.evidence.count > Self.evidenceShown
            ? "<p>\(LocalizedText(ja: "ほか \(evaluation.evidence.count - Self.evidenceShown) 件", en: "and \(evaluation.evidence.count - Self.evidenceShown) more").text(l))</p>"
            : ""
        // What the clause is proven by, and where each is recorded (a form the member may use, or the list to read).
        var seen = Set<String>()
        let kinds = clause.records.compactMap(RecordKinds.kind(for:)).filter { seen.insert($0.slug).inserted }
        let actions: [HTML] = kinds.map { kind in
            let verb = kind.create?.permitted(access.role) == true ? Label.recordVerb.localized : Label.list.localized
            return "<li><a href=\"\(base)/records/\(kind.slug)\">\(kind.title.text(l))</a>（\(verb.text(l))）</li>"
        }
        let agent: HTML =
            clause.rules.isEmpty
            ? ""
            : """
            <p>\(LocalizedText(ja: "各端末のエージェントが設定を確認します（\(clause.rules.count) 項目）。", en: "Each PC's agent checks its settings (\(clause.rules.count) checks).").text(l))\
            <a href="\(base)/devices">\(Label.pcList.text(l))</a></p>
            """
        let body: HTML = """
            \(ContractNavigation.tabs(access.contract.id, l))
            <p><a href="\(base)#clause-\(clause.id)">\(Label.allClauses.text(l))</a></p>
            <p class="status-\(evaluation.status.rawValue)"><span class="badge">\(evaluation.status.label.text(l))</span></p>
            <p>\(clause.summary.text(l))</p>
            <h2>\(Label.why.text(l))</h2><ul>\(reasons)</ul>
            <h2>\(Label.recordsBehindIt.text(l))</h2>\
            \(records.isEmpty ? HTML("<p>\(Label.noneYet.text(l))</p>") : "<ul>\(records)</ul>")\(more)
            <h2>\(Label.whatProvesIt.text(l))</h2><ul>\(actions)</ul>\(agent)
            """
        return PageLayout.response(
            title: LocalizedText(ja: "\(clause.id) \(clause.title.ja)", en: "\(clause.id) \(clause.title.en)"),
            language: l, member: context.member, body: body)
    }

    /// An evidence ID, wherever the dashboard or a clause names it: the record's page, or the PC's.
    @Sendable func evidence(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let id = try context.parameters.require("id")
        guard let found = try await locate(id, access) else { throw WebError.notFound(id) }
        return .redirect(to: found.path)
    }

    /// Where an evidence ID of the contract is shown, and what it is: a record of some kind, or a PC.
    private func locate(_ id: String, _ access: ContractAccess) async throws -> (path: String, what: LocalizedText)? {
        let base = "/contracts/\(access.contract.id)"
        for kind in RecordKinds.all where try await kind.find(access.state, environment.store, id) != nil {
            return ("\(base)/records/\(kind.slug)/\(id)", kind.title)
        }
        if let device = try await environment.store.device(id), device.organizationID == access.contract.contractorID {
            return ("\(base)/devices/\(id)", Label.pc.localized)
        }
        return nil
    }

    /// Evidence IDs a clause page lists before counting the rest.
    static let evidenceShown = 100
}
