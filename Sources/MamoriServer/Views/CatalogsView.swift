import MamoriCatalog
import MamoriCore

/// Every catalog a contract can be judged by (bundled, and added at run time); for the city's reviewer, the city's
/// contracts with the version each is judged by and a move to another, and the form that adds a version of the
/// city's annex, each problem shown as `LINE:COLUMN` (`/catalogs`).
struct CatalogsView: PageView {
    /// A contract of the city: the versions it may move to and its journal's record of its versions.
    struct ContractVersions {
        var contract: Contract
        var others: [CatalogSource]
        /// When, whether at creation (or a move), the version, who.
        var history: [(when: String, created: Bool, version: String?, recorder: String)]
    }

    /// What the city's reviewer sees beyond the list.
    struct Review {
        var contracts: [ContractVersions]
        var yaml: String
        var problems: [CatalogProblem]
    }

    let language: Language
    var bundled: [Catalog]
    /// The catalogs added at run time; nil where the text no longer matches its digest.
    var added: [(source: CatalogSource, catalog: Catalog?)]
    var review: Review?
    var csrfToken: String

    var title: LocalizedText { Label.clauseCatalogs.localized }

    var body: HTML {
        let l = language
        var rows: [HTML] = bundled.map { catalog in
            """
            <tr><td>\(catalog.title.text(l))<br><code>\(catalog.id)</code></td><td>\(catalog.version)</td><td>\(catalog.city.text(l))</td><td>\(catalog.clauses.count)</td>\
            <td>\(Label.bundled.text(l))</td><td></td></tr>
            """
        }
        for (source, catalog) in added {
            // One altered catalog is named here; it never takes the page, or any other city's catalogs, down with it.
            guard let catalog else {
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
        guard let review else { return table }
        return "\(table)\(contracts(review.contracts))\(addForm(review))"
    }

    private func contracts(_ contracts: [ContractVersions]) -> HTML {
        let l = language
        guard !contracts.isEmpty else { return "" }
        let rows: [HTML] = contracts.map { item in
            let contract = item.contract
            let current = contract.catalogVersion ?? Label.bundledVersion.text(l)
            let move: HTML =
                item.others.isEmpty
                ? ""
                : """
                <form method="post" action="/catalogs/contracts/\(contract.id)" class="form step">\
                <input type="hidden" name="_csrf" value="\(csrfToken)">\
                <label>\(Label.moveToVersion.text(l))<select name="version">\
                \(item.others.map { "<option value=\"\($0.version)\">\($0.version)</option>" as HTML })</select></label>\
                <label class="check"><input type="checkbox" name="confirm" required>\
                \(Label.judgeThisContractByThis.text(l))</label>\
                <button type="submit">\(Label.judgeByThisVersion.text(l))</button></form>
                """
            let history: [HTML] = item.history.map { entry in
                let what = entry.created ? Label.createdWith : Label.movedTo
                return "<li>\(entry.when) \(what.text(l)) \(entry.version ?? Label.bundledVersion.text(l))（\(entry.recorder)）</li>"
            }
            return """
                <tr id="contract-\(contract.id)"><td>\(contract.title)</td><td><code>\(contract.catalogID)</code> \(current)\
                \(history.isEmpty ? "" : "<ul class=\"history\">\(history)</ul>" as HTML)</td>\
                <td>\(move)</td></tr>
                """
        }
        return """
            <h2>\(Label.versionPerContract.text(l))</h2>
            <table class="grid"><thead><tr><th>\(Label.contract.text(l))</th>\
            <th>\(Label.judgedBy.text(l))</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    private func addForm(_ review: Review) -> HTML {
        let l = language
        let listed: HTML =
            review.problems.isEmpty
            ? ""
            : """
            <div class="errors" role="alert"><p>\(Label.theCatalogHasProblemsLine.text(l))</p>\
            <ul>\(review.problems.map { "<li>\($0.line):\($0.column): \($0.message.text(l))</li>" as HTML })</ul></div>
            """
        let schema: HTML = "<code>docs/catalog-schema.md</code>"
        return """
            <h2>\(Label.addACatalog.text(l))</h2>
            <p>\(l == .ja ? "\(schema) の形式の YAML を貼り付けてください。検証してから保存し、仕訳帳に記録します。同じ ID と版は追加できません。" as HTML
                : "Paste a YAML file in the form of \(schema). It is validated, then kept and journaled; an ID and version already there is refused.")</p>
            \(listed)
            <form method="post" action="/catalogs" class="form"><input type="hidden" name="_csrf" value="\(csrfToken)">
            <label>\(Label.catalogYaml.text(l))<textarea name="yaml" rows="16" required>\(review.yaml)</textarea></label>
            <button type="submit">\(Label.validateAndAdd.text(l))</button></form>
            """
    }
}
