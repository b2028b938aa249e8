import Foundation
import Hummingbird
import MamoriCatalog
import MamoriCore
import MamoriStore

/// The catalogs page: every catalog a contract can be judged by (bundled, and added at run time), a form with which
/// the city's reviewer adds a version of the city's annex — each problem shown as `LINE:COLUMN` — and, per contract of
/// the city, the version it is judged by and a move to another.
struct CatalogRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/catalogs", use: list)
        members.post("/catalogs", use: add)
        members.post("/catalogs/contracts/{contract}", use: move)
    }

    /// The city the member reviews for, or nil.
    private func reviewedCity(_ context: MemberContext) -> String? {
        context.member.memberships.first { $0.role.decidesApprovals }?.organizationID
    }

    @Sendable func list(_ request: Request, context: MemberContext) async throws -> Response {
        try await page(context, yaml: "", problems: [])
    }

    private func page(_ context: MemberContext, yaml: String, problems: [CatalogProblem], status: HTTPResponse.Status = .ok) async throws -> Response {
        let l = context.language
        let state = try await environment.store.state()
        let bundled = try CatalogLibrary.bundledIDs.map { try environment.catalogs.bundled($0) }
        let added = state.catalogs.values.sorted(by: { ($0.catalogID, $0.addedAt) < ($1.catalogID, $1.addedAt) }).map { source in
            (source: source, catalog: try? environment.catalogs.catalog(source))
        }
        var review: CatalogsView.Review?
        if let city = reviewedCity(context) {
            review = CatalogsView.Review(contracts: try await contracts(of: city, state: state, l, context), yaml: yaml, problems: problems)
        }
        let view = CatalogsView(language: l, bundled: bundled, added: added, review: review, csrfToken: context.member.session.csrfToken)
        return PageLayout.response(view, status: status, member: context.member)
    }

    /// The city's contracts the member may see, each with the versions it may move to and its journal's record of its
    /// versions: the one it was created under and each move, with when and by whom.
    private func contracts(of city: String, state: MamoriState, _ l: Language, _ context: MemberContext) async throws -> [CatalogsView.ContractVersions] {
        let contracts = state.contracts.values.map(\.contract).filter { $0.cityID == city && (try? context.access($0)) != nil }.sorted { $0.id < $1.id }
        return try await contracts.asyncMap { contract in
            let others = state.catalogs.values
                .filter { $0.catalogID == contract.catalogID && $0.cityID == contract.cityID && $0.version != contract.catalogVersion }
                .sorted { $0.addedAt > $1.addedAt }
            let entries = try await environment.store.entries(naming: contract.id, organizationID: contract.contractorID)
                .filter { $0.type == "contract.create" || $0.type == "contract.catalog" }
            let recorders = try await Recorders(entries.map(\.actor), store: environment.store)
            let history = entries.compactMap { entry -> (when: String, created: Bool, version: String?, recorder: String)? in
                guard let command = entry.command else { return nil }
                let version = (command as? MoveContractCatalog)?.version ?? (command as? CreateContract)?.contract.catalogVersion
                let when = Timestamp.parse(entry.recordedAt, local: .refused)?.warekiTime ?? entry.recordedAt
                return (when, entry.type == "contract.create", version, recorders.label(entry.actor, l))
            }
            return CatalogsView.ContractVersions(contract: contract, others: others, history: history)
        }
    }

    @Sendable func add(_ request: Request, context: MemberContext) async throws -> Response {
        guard let city = reviewedCity(context) else { throw WebError.forbidden }
        let form = try await context.form(request, limit: CatalogSource.maximumSize + 64 * 1024)
        let yaml = form.fields["yaml"] ?? ""
        let source: CatalogSource
        do {
            source = try environment.catalogs.validated(yaml: yaml, cityID: city, at: environment.now).source
        } catch {
            return try await page(context, yaml: yaml, problems: error.problems, status: .unprocessableContent)
        }
        do {
            try await environment.store.execute(AddCatalog(source: source), actor: ContractAccess.actor(context, .cityReviewer), at: environment.now)
        } catch let StoreError.refused(error) {
            return try await page(context, yaml: yaml, problems: [CatalogProblem(line: 1, column: 1, message: error.message)], status: .unprocessableContent)
        }
        return .redirect(to: RedirectTarget.saved(source.id, at: "/catalogs", anchored: true))
    }

    @Sendable func move(_ request: Request, context: MemberContext) async throws -> Response {
        guard let city = reviewedCity(context) else { throw WebError.forbidden }
        let id = try context.parameters.require("contract")
        guard let contract = try await environment.store.state().contracts[id]?.contract, contract.cityID == city, (try? context.access(contract)) != nil else {
            throw WebError.notFound(id)
        }
        let form = try await context.form(request, limit: 16 * 1024)
        guard form["confirm"] == "on" else {
            throw WebError(.unprocessableContent, ja: "切り替えを確認したうえで送信してください", en: "confirm the move before sending it")
        }
        do {
            try await environment.store.execute(
                MoveContractCatalog(contractID: contract.id, version: form["version"]),
                actor: ContractAccess.actor(context, .cityReviewer), at: environment.now)
        } catch let StoreError.refused(error) {
            throw WebError(.unprocessableContent, ja: error.message.ja, en: error.message.en)
        }
        return .redirect(to: RedirectTarget.saved(contract.id, at: "/catalogs", anchored: false))
    }
}
