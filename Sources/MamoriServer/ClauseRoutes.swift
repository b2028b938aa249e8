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
        let id = try context.parameters.require("clause")
        let catalog = try environment.catalog(access)
        guard let clause = catalog.clauses.first(where: { $0.id == id }),
            let evaluation = try await environment.evaluation(of: access).first(where: { $0.clauseID == id })
        else { throw WebError.notFound(id) }
        let evidence = try await evaluation.evidence.prefix(Self.evidenceShown).asyncMap { id in
            ClauseView.Evidence(id: id, found: try await locate(id, access))
        }
        // What the clause is proven by, and where each is recorded (a form the member may use, or the list to read).
        var seen = Set<String>()
        let kinds = clause.records.compactMap(RecordKinds.kind(for:)).filter { seen.insert($0.slug).inserted }
        let view = ClauseView(
            language: context.language, contractID: access.contract.id, clause: clause, evaluation: evaluation, evidence: evidence,
            evidenceCount: evaluation.evidence.count, kinds: kinds.map { ($0, $0.create?.permitted(access.role) == true) })
        return PageLayout.response(view, member: context.member)
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
