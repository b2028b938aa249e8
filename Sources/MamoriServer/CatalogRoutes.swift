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
        var rows: [HTML] = try CatalogLibrary.bundledIDs.map { id in
            let catalog = try environment.catalogs.bundled(id)
            return """
                <tr><td>\(catalog.title.text(l))<br><code>\(catalog.id)</code></td><td>\(catalog.version)</td><td>\(catalog.city.text(l))</td><td>\(catalog.clauses.count)</td>\
                <td>\(Label.bundled.text(l))</td><td></td></tr>
                """
        }
        for source in state.catalogs.values.sorted(by: { ($0.catalogID, $0.addedAt) < ($1.catalogID, $1.addedAt) }) {
            // One altered catalog is named here; it never takes the page, or any other city's catalogs, down with it.
            guard let catalog = try? environment.catalogs.catalog(source) else {
                rows.append(
                    """
                    <tr id="\(source.id)" class="status-violation"><td><code>\(source.catalogID)</code></td><td>\(source.version)</td>\
                    <td>\(source.cityID)</td><td>—</td><td>\(Label.cannotBeReadItsText.text(l))</td>\
                    <td><code>\(String(source.digest.prefix(16)))…</code></td></tr>
                    """)
                continue
            }
            rows.append(
                """
                <tr id="\(source.id)"><td>\(catalog.title.text(l))<br><code>\(catalog.id)</code></td><td>\(catalog.version)</td><td>\(catalog.city.text(l))</td><td>\(catalog.clauses.count)</td>\
                <td>\(Label.added.text(l))（\(source.addedAt.warekiTime)）</td><td><code>\(String(source.digest.prefix(16)))…</code></td></tr>
                """)
        }
        let table: HTML = """
            <table class="grid"><thead><tr><th>\(Label.annex.text(l))</th><th>\(Label.version.text(l))</th>\
            <th>\(Label.city.text(l))</th><th>\(Label.clauseCount.text(l))</th>\
            <th>\(Label.origin.text(l))</th><th>\(Label.fingerprintSha256.text(l))</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        var body = table
        if let city = reviewedCity(context) {
            body = "\(table)\(try await contracts(of: city, state: state, context))\(addForm(yaml: yaml, problems: problems, context))"
        }
        return PageLayout.response(
            status: status, title: Label.clauseCatalogs.localized, language: l,
            member: context.member, body: body)
    }

    /// The city's contracts, each with the version it is judged by and a move to another version of its catalog.
    private func contracts(of city: String, state: MamoriState, _ context: MemberContext) async throws -> HTML {
        let l = context.language
        let rows: [HTML] = try await state.contracts.values.map(\.contract).filter { $0.cityID == city && (try? context.access($0)) != nil }.sorted {
            $0.id < $1.id
        }
        .asyncMap { contract in
            let versions = state.catalogs.values
                .filter { $0.catalogID == contract.catalogID && $0.cityID == contract.cityID && $0.version != contract.catalogVersion }
                .sorted { $0.addedAt > $1.addedAt }
            let current = contract.catalogVersion ?? Label.bundledVersion.text(l)
            let move: HTML =
                versions.isEmpty
                ? ""
                : """
                <form method="post" action="/catalogs/contracts/\(contract.id)" class="form step">\
                <input type="hidden" name="_csrf" value="\(context.member.session.csrfToken)">\
                <label>\(Label.moveToVersion.text(l))<select name="version">\
                \(versions.map { "<option value=\"\($0.version)\">\($0.version)</option>" as HTML })</select></label>\
                <label class="check"><input type="checkbox" name="confirm" required>\
                \(Label.judgeThisContractByThis.text(l))</label>\
                <button type="submit">\(Label.judgeByThisVersion.text(l))</button></form>
                """
            return """
                <tr id="contract-\(contract.id)"><td>\(contract.title)</td><td><code>\(contract.catalogID)</code> \(current)\(try await history(of: contract, l))</td>\
                <td>\(move)</td></tr>
                """
        }
        guard !rows.isEmpty else { return "" }
        return """
            <h2>\(Label.versionPerContract.text(l))</h2>
            <table class="grid"><thead><tr><th>\(Label.contract.text(l))</th>\
            <th>\(Label.judgedBy.text(l))</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    /// The contract's versions as its journal records them: the one it was created under and each move, with when and
    /// by whom.
    private func history(of contract: Contract, _ l: Language) async throws -> HTML {
        let entries = try await environment.store.entries(naming: contract.id, organizationID: contract.contractorID)
            .filter { $0.type == "contract.create" || $0.type == "contract.catalog" }
        let recorders = try await Recorders(entries.map(\.actor), store: environment.store)
        let items: [HTML] = entries.compactMap { entry in
            guard let command = entry.command else { return nil }
            let version =
                (command as? MoveContractCatalog)?.version ?? (command as? CreateContract)?.contract.catalogVersion
                ?? Label.bundledVersion.text(l)
            let what = entry.type == "contract.create" ? Label.createdWith.localized : Label.movedTo.localized
            let when = Timestamp.parse(entry.recordedAt, local: .refused)?.warekiTime ?? entry.recordedAt
            return "<li>\(when) \(what.text(l)) \(version)（\(recorders.label(entry.actor, l))）</li>"
        }
        return items.isEmpty ? "" : "<ul class=\"history\">\(items)</ul>"
    }

    private func addForm(yaml: String, problems: [CatalogProblem], _ context: MemberContext) -> HTML {
        let l = context.language
        let listed: HTML =
            problems.isEmpty
            ? ""
            : """
            <div class="errors" role="alert"><p>\(Label.theCatalogHasProblemsLine.text(l))</p>\
            <ul>\(problems.map { "<li>\($0.line):\($0.column): \($0.message.text(l))</li>" as HTML })</ul></div>
            """
        let schema: HTML = "<code>docs/catalog-schema.md</code>"
        return """
            <h2>\(Label.addACatalog.text(l))</h2>
            <p>\(l == .ja ? "\(schema) の形式の YAML を貼り付けてください。検証してから保存し、仕訳帳に記録します。同じ ID と版は追加できません。" as HTML
                : "Paste a YAML file in the form of \(schema). It is validated, then kept and journaled; an ID and version already there is refused.")</p>
            \(listed)
            <form method="post" action="/catalogs" class="form"><input type="hidden" name="_csrf" value="\(context.member.session.csrfToken)">
            <label>\(Label.catalogYaml.text(l))<textarea name="yaml" rows="16" required>\(yaml)</textarea></label>
            <button type="submit">\(Label.validateAndAdd.text(l))</button></form>
            """
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
