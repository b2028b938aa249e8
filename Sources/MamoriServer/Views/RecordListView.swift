import Hummingbird
import MamoriCore

/// A kind's records, a page of the newest first, each with its steps, and the form that adds one; a refused form
/// comes back with its problems (`/contracts/{contract}/records/{kind}`).
struct RecordListView: PageView {
    /// A form sent and refused: a new record's (no record ID) or a step's on a record.
    struct Refusal {
        var recordID: String?
        var slug: String
        var input: FormInput
        var problems: FormProblems
    }

    let language: Language
    var kind: RecordKind
    var access: ContractAccess
    var scene: FormContext
    var records: [any ContractRecord]
    /// The page shown (0 the newest) and how many records there are in all.
    var page: Int
    var total: Int
    var refusal: Refusal?
    /// The request, for the list's download links; nil on the answer to a refused form.
    var request: Request?

    var title: LocalizedText { kind.title }

    var body: HTML {
        let l = language
        let base = "/contracts/\(access.contract.id)/records/\(kind.slug)"
        let header: [HTML] = kind.columns.map { "<th>\($0.heading.text(l))</th>" }
        let steps = RecordSteps(kind: kind, access: access, scene: scene)
        var shown = false
        let rows: [HTML] = records.map { record in
            let tree = (try? RecordRoutes.tree(record)) ?? [:]
            let cells: [HTML] = kind.columns.map { "<td>\(scene.display($0, tree.value(at: $0.key)))</td>" }
            // The record's own page: its correction and history.
            let page = kind.step(CommandForm.correctionSlug) == nil ? Label.detailsHistory : Label.detailsCorrectionHistory
            var actions: [HTML] = ["<a href=\"\(base)/\(record.id)\">\(page.text(l))</a>"]
            if let void = kind.void(access.state, record) { actions.append("<strong>\(void.notice.text(l))</strong>") }
            let refused = refusal.flatMap { $0.recordID == record.id ? ($0.slug, $0.input, $0.problems) : nil }
            let forms = steps.forms(for: record, refused: refused)
            if forms.showsRefusal { shown = true }
            return "<tr id=\"\(record.id)\"><td>\(record.id)</td>\(cells)<td>\(actions + forms.html)</td></tr>"
        }
        var notice: HTML = ""
        if let refusal, refusal.recordID != nil, !shown {
            let messages = [refusal.problems.general].compactMap { $0 } + refusal.problems.fields.sorted { $0.key < $1.key }.map(\.value)
            notice = "<p class=\"error\" role=\"alert\">\(messages.map { $0.text(l) }.joined(separator: " "))</p>"
        }
        var form: HTML = ""
        if let create = kind.create, create.permitted(access.role) {
            let mine = refusal.flatMap { $0.recordID == nil ? $0 : nil }
            form = "<h2 id=\"new\">\(create.title.text(l))</h2>\(scene.form(create, action: base, input: mine?.input, problems: mine?.problems))"
        }
        // A refused new record comes back above the list, its error summary first on the page.
        let refusedForm = refusal != nil && refusal?.recordID == nil
        return """
            \(ContractNavigation.tabs(access.contract.id, l))\(notice)\(refusedForm ? form : "")
            <p><a href="/contracts/\(access.contract.id)/records">\(Label.allRecords.text(l))</a></p>
            \(request.map { ListExport.links($0, l) } ?? "")<div class="scroll"><table class="grid records"><thead><tr><th>ID</th>\(header)<th></th></tr></thead><tbody>\(rows)</tbody></table></div>
            \(pager)\(refusedForm ? "" : form)
            """
    }

    /// Links to the newer and older pages, when there is more than one.
    private var pager: HTML {
        let base = "/contracts/\(access.contract.id)/records/\(kind.slug)"
        let pages = max(1, (total + RecordKind.pageSize - 1) / RecordKind.pageSize)
        guard pages > 1 else { return "" }
        let newer: HTML = page > 0 ? "<a href=\"\(base)?page=\(page)\">\(Label.newerRecords.text(language))</a>" : ""
        let older: HTML = page + 1 < pages ? "<a href=\"\(base)?page=\(page + 2)\">\(Label.olderRecords.text(language))</a>" : ""
        let position = LocalizedText(ja: "\(page + 1) / \(pages) ページ（全 \(total) 件）", en: "page \(page + 1) of \(pages) (\(total) in all)").text(language)
        return "<p class=\"pager\">\(newer) \(position) \(older)</p>"
    }
}
