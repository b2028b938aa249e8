import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// Every kind of record as pages (a list, the form that adds one, the steps on each) and as the JSON API under
/// `/api/v1`, both built from ``RecordKinds`` so that a form field and an API field are the same thing.
struct RecordRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>, api: RouterGroup<MemberContext>) {
        members.get("/contracts/{contract}/records", use: index)
        members.get("/contracts/{contract}/records/{kind}", use: list)
        members.post("/contracts/{contract}/records/{kind}", use: create)
        members.post("/contracts/{contract}/records/{kind}/{record}/{step}", use: step)
        api.get("/contracts/{contract}/records/{kind}", use: apiList)
        api.post("/contracts/{contract}/records/{kind}", use: apiCreate)
        api.post("/contracts/{contract}/records/{kind}/{record}/{step}", use: apiStep)
        RecordPage(environment: environment).register(on: members)
    }

    /// A form re-shown after a refusal: which form, what was entered, what is wrong.
    private struct Refused {
        var recordID: String?
        var slug: String
        var input: FormInput
        var problems: FormProblems
    }

    // MARK: Pages

    @Sendable func index(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let l = context.language
        let scene = try formContext(access, context)
        let rows: [HTML] = try await RecordKinds.all.asyncMap { kind in
            "<tr><td><a href=\"/contracts/\(access.contract.id)/records/\(kind.slug)\">\(kind.title.text(l))</a></td><td class=\"number\">\(try await kind.count(access.state, environment.store))</td></tr>"
        }
        let evaluations = await Dictionary(uniqueKeysWithValues: try environment.evaluation(of: access).map { ($0.clauseID, $0) })
        let due: [HTML] = scene.attestedClauses.compactMap { clause in
            guard let evaluation = evaluations[clause.id] else { return nil }
            return """
                <tr class="status-\(evaluation.status.rawValue)"><td>\(clause.id)</td><td>\(clause.title.text(l))</td>\
                <td class="status"><span class="badge">\(evaluation.status.label.text(l))</span></td>\
                <td>\(evaluation.reasons.map { $0.text(l) }.joined(separator: "\n"))</td></tr>
                """
        }
        let body: HTML = """
            \(ContractNavigation.tabs(access.contract.id, l))
            <table class="grid"><thead><tr><th>\(Label.records.text(l))</th>\
            <th>\(Label.count.text(l))</th></tr></thead><tbody>\(rows)</tbody></table>
            <h2 id="attestations-due">\(Label.attestationsDue.text(l))</h2>
            <p><a href="/contracts/\(access.contract.id)/records/attestation">\(Label.recordAnAttestation.text(l))</a></p>
            <table class="grid"><thead><tr><th>\(Label.clause.text(l))</th>\
            <th>\(Label.obligation.text(l))</th><th>\(Label.status.text(l))</th>\
            <th>\(Label.reasons.text(l))</th></tr></thead><tbody>\(due)</tbody></table>
            """
        return PageLayout.response(title: Label.records.localized, language: l, member: context.member, body: body)
    }

    @Sendable func list(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let kind = try kind(context)
        if let download = try await export(kind, access, context, request) { return download }
        return try await page(kind, access, context, refused: nil, number: try Self.pageNumber(request), request: request)
    }

    /// Every record of the kind (all pages, newest first) with the columns the page shows, when `?format=` asks for a
    /// download.
    private func export(_ kind: RecordKind, _ access: ContractAccess, _ context: MemberContext, _ request: Request) async throws -> Response? {
        guard request.uri.queryParameters.get("format") != nil else { return nil }
        let scene = try formContext(access, context)
        let count = try await kind.count(access.state, environment.store)
        let pages = min(RecordKind.pageLimit, max(1, (count + RecordKind.pageSize - 1) / RecordKind.pageSize))
        var rows: [[String]] = []
        for page in 0..<pages {
            for record in try await kind.records(access.state, environment.store, page: page) {
                let tree = try RecordRoutes.tree(record)
                rows.append([record.id] + kind.columns.map { scene.display($0, RecordJSON.value(at: $0.key, in: tree)) })
            }
        }
        return try ListExport(title: kind.title, columns: [Label.id.localized] + kind.columns.map(\.heading), rows: rows)
            .response(for: request, language: context.language, at: environment.now)
    }

    /// The page asked for with `?page=N` (1 is the newest, at most ``RecordKind/pageLimit``), as an index from 0;
    /// anything else is refused with 400 naming the parameter.
    static func pageNumber(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("page") else { return 0 }
        guard let number = Int(text), (1...RecordKind.pageLimit).contains(number) else {
            throw WebError.badRequest(
                LocalizedText(
                    ja: "page は 1 から \(RecordKind.pageLimit) までの整数です",
                    en: "page must be a whole number from 1 to \(RecordKind.pageLimit)"))
        }
        return number - 1
    }

    /// The kind's page; `request` (for the download links) nil on the answer to a refused form.
    private func page(
        _ kind: RecordKind, _ access: ContractAccess, _ context: MemberContext, refused: Refused?, number: Int = 0,
        request: Request? = nil
    ) async throws -> Response {
        let l = context.language
        let scene = try formContext(access, context)
        let base = "/contracts/\(access.contract.id)/records/\(kind.slug)"
        let header: [HTML] = kind.columns.map { "<th>\($0.heading.text(l))</th>" }
        var shown = false
        let rows = try await self.rows(kind, access, scene, refused: refused, base: base, page: number, shown: &shown)
        let pager = try await self.pager(kind, access, base: base, number: number, l)
        var notice: HTML = ""
        if let refused, refused.recordID != nil, !shown {
            let messages = [refused.problems.general].compactMap { $0 } + refused.problems.fields.sorted { $0.key < $1.key }.map(\.value)
            notice = "<p class=\"error\" role=\"alert\">\(messages.map { $0.text(l) }.joined(separator: " "))</p>"
        }
        var form: HTML = ""
        if let create = kind.create, create.permitted(access.role) {
            let mine = refused.flatMap { $0.recordID == nil ? $0 : nil }
            form = """
                <h2 id="new">\(create.title.text(l))</h2>\(scene.form(create, action: base, input: mine?.input, problems: mine?.problems))
                """
        }
        // A refused new record comes back above the list, its error summary first on the page.
        let refusedForm = refused != nil && refused?.recordID == nil
        let body: HTML = """
            \(ContractNavigation.tabs(access.contract.id, l))\(notice)\(refusedForm ? form : "")
            <p><a href="/contracts/\(access.contract.id)/records">\(Label.allRecords.text(l))</a></p>
            \(request.map { ListExport.links($0, l) } ?? "")<div class="scroll"><table class="grid records"><thead><tr><th>ID</th>\(header)<th></th></tr></thead><tbody>\(rows)</tbody></table></div>
            \(pager)\(refusedForm ? "" : form)
            """
        return PageLayout.response(
            status: refused == nil ? .ok : .unprocessableContent, title: kind.title, language: l,
            member: context.member, body: body)
    }

    /// Links to the newer and older pages, when there is more than one.
    private func pager(_ kind: RecordKind, _ access: ContractAccess, base: String, number: Int, _ l: Language) async throws -> HTML {
        let total = try await kind.count(access.state, environment.store)
        let pages = max(1, (total + RecordKind.pageSize - 1) / RecordKind.pageSize)
        guard pages > 1 else { return "" }
        let newer: HTML =
            number > 0
            ? "<a href=\"\(base)?page=\(number)\">\(Label.newerRecords.text(l))</a>" : ""
        let older: HTML =
            number + 1 < pages
            ? "<a href=\"\(base)?page=\(number + 2)\">\(Label.olderRecords.text(l))</a>" : ""
        let position = LocalizedText(ja: "\(number + 1) / \(pages) ページ（全 \(total) 件）", en: "page \(number + 1) of \(pages) (\(total) in all)").text(l)
        return "<p class=\"pager\">\(newer) \(position) \(older)</p>"
    }

    /// One row per record with the steps that still apply to it; `shown` tells whether a refused step's form is among them.
    private func rows(
        _ kind: RecordKind, _ access: ContractAccess, _ scene: FormContext, refused: Refused?, base: String, page: Int,
        shown: inout Bool
    ) async throws -> [HTML] {
        let l = scene.language
        var rows: [HTML] = []
        for record in try await kind.records(access.state, environment.store, page: page) {
            let tree = try RecordRoutes.tree(record)
            let cells: [HTML] = kind.columns.map { "<td>\(scene.display($0, RecordJSON.value(at: $0.key, in: tree)))</td>" }
            // The record's own page: its correction and history.
            let page =
                kind.step(CommandForm.correctionSlug) == nil
                ? Label.detailsHistory.localized
                : Label.detailsCorrectionHistory.localized
            var steps: [HTML] = ["<a href=\"\(base)/\(record.id)\">\(page.text(l))</a>"]
            if let void = kind.void(access.state, record) { steps.append("<strong>\(void.notice.text(l))</strong>") }
            for step in kind.steps where step.permitted(access.role) && step.applies(access.state, record) && step.slug != CommandForm.correctionSlug {
                let mine = refused.flatMap { $0.recordID == record.id && $0.slug == step.slug ? $0 : nil }
                if mine != nil { shown = true }
                steps.append(
                    """
                    <details\(HTML(raw: mine == nil ? "" : " open"))><summary>\(step.title.text(l))</summary>\
                    \(scene.form(step, action: "\(base)/\(record.id)/\(step.slug)", input: mine?.input ?? step.prefilled(record, scene.vault), problems: mine?.problems, inline: true))</details>
                    """)
            }
            rows.append("<tr id=\"\(record.id)\"><td>\(record.id)</td>\(cells)<td>\(steps)</td></tr>")
        }
        return rows
    }

    @Sendable func create(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let kind = try kind(context)
        guard let form = kind.create, form.permitted(access.role) else { throw WebError.forbidden }
        let input = try await formInput(request, context, file: form.hasFile)
        return try await run(form, kind, access, context, input: input, recordID: nil)
    }

    @Sendable func step(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let kind = try kind(context)
        let (form, recordID) = try await stepForm(kind, access, context)
        let input = try await formInput(request, context, file: form.hasFile)
        return try await run(form, kind, access, context, input: input, recordID: recordID)
    }

    private func run(
        _ form: CommandForm, _ kind: RecordKind, _ access: ContractAccess, _ context: MemberContext, input: FormInput,
        recordID: String?
    ) async throws -> Response {
        let saved: String
        do {
            let current = if let recordID { try await kind.find(access.state, environment.store, recordID) } else { (any ContractRecord)?.none }
            let (command, _) = try await save(form, access, context) { state in
                try form.command(
                    from: input, contractID: access.contract.id, recordID: recordID, current: current,
                    vault: environment.store.vault, now: environment.now, state: state)
            }
            saved = (command as? any RecordAdding)?.newRecordID ?? recordID ?? ""
        } catch let problems as FormProblems {
            if case .correction = form.target, let recordID {
                return try await RecordPage(environment: environment).response(kind, recordID, access, context, refused: (input, problems))
            }
            return try await page(kind, access, context, refused: Refused(recordID: recordID, slug: form.slug, input: input, problems: problems))
        }
        let back = input["_return"]
        let safe = back.hasPrefix("/contracts/\(access.contract.id)/") && !back.contains("//") && !back.contains("\\")
        // The page named by the form, or the kind's list, says what was saved.
        return .redirect(to: RedirectTarget.saved(saved, at: safe ? back : "/contracts/\(access.contract.id)/records/\(kind.slug)"))
    }

    // MARK: API

    @Sendable func apiList(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let kind = try kind(context)
        let records = try await kind.records(access.state, environment.store, page: try Self.pageNumber(request)).map { record in
            var tree = try RecordRoutes.tree(record, opening: kind.allFields, vault: environment.store.vault)
            // A voided record is listed as recorded, with its void: no status counts it.
            if let void = kind.void(access.state, record) {
                tree["voided"] = ["reason": void.reason, "voided_at": void.voidedAt.ISO8601Format()]
            }
            return tree
        }
        let body = try JSONSerialization.data(withJSONObject: records, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    @Sendable func apiCreate(_ request: Request, context: MemberContext) async throws -> EditedResponse<APIRoutes.Recorded> {
        let access = try await ContractAccess(context, environment)
        let kind = try kind(context)
        guard let form = kind.create, form.permitted(access.role) else { throw WebError.forbidden }
        return try await apiRun(form, request, access, context, recordID: nil)
    }

    @Sendable func apiStep(_ request: Request, context: MemberContext) async throws -> EditedResponse<APIRoutes.Recorded> {
        let access = try await ContractAccess(context, environment)
        let kind = try kind(context)
        let (form, recordID) = try await stepForm(kind, access, context)
        return try await apiRun(form, request, access, context, recordID: recordID, current: try kind.find(access.state, environment.store, recordID))
    }

    private func apiRun(
        _ form: CommandForm, _ request: Request, _ access: ContractAccess, _ context: MemberContext,
        recordID: String?, current: (any ContractRecord)? = nil
    ) async throws -> EditedResponse<APIRoutes.Recorded> {
        guard request.headers[APIRoutes.csrfHeader] == context.member.session.csrfToken else { throw WebError.badCSRF }
        let body = try await request.collectBody(limit: form.bodyLimit)
        do {
            let (command, entry) = try await save(form, access, context) { state in
                try form.command(
                    json: Data(buffer: body), contractID: access.contract.id, recordID: recordID, current: current,
                    vault: environment.store.vault, now: environment.now, state: state)
            }
            let id = (command as? any RecordAdding)?.newRecordID ?? recordID ?? ""
            return EditedResponse(status: .created, response: APIRoutes.Recorded(id: id, journal_seq: entry.seq, journal_hash: entry.hash))
        } catch let problems as FormProblems {
            throw WebError(problems)
        }
    }

    // MARK: Shared

    /// Makes the command from the state inside the write (``Store/execute(actor:at:making:)``) and runs it: a new record's
    /// number is the next one there, so two people (or two API clients, or two servers) adding at once each get their own.
    private func save(
        _ form: CommandForm, _ access: ContractAccess, _ context: MemberContext,
        _ make: (MamoriState) throws -> any Command
    ) async throws -> (any Command, JournalEntry) {
        let catalog = try environment.catalog(access)
        do {
            return try await environment.store.execute(actor: ContractAccess.actor(context, access.role), at: environment.now) { state in
                let command = try make(state)
                try (command as? any CatalogChecked)?.check(against: catalog)
                return command
            }
        } catch let StoreError.refused(error) {
            throw FormProblems(error, fields: form.fields)
        } catch let error as CommandError {
            throw FormProblems(error, fields: form.fields)
        }
    }

    private func kind(_ context: MemberContext) throws -> RecordKind {
        let slug = try context.parameters.require("kind")
        guard let kind = RecordKinds.named(slug) else { throw WebError.notFound(slug) }
        return kind
    }

    private func stepForm(_ kind: RecordKind, _ access: ContractAccess, _ context: MemberContext) async throws -> (CommandForm, String) {
        let slug = try context.parameters.require("step")
        let recordID = try context.parameters.require("record")
        guard let form = kind.step(slug) else { throw WebError.notFound(slug) }
        guard form.permitted(access.role) else { throw WebError.forbidden }
        // Only a record of this contract is moved on or corrected: another contract's ID, or none, is not found here.
        if try await kind.find(access.state, environment.store, recordID) == nil { throw WebError.notFound(recordID) }
        return (form, recordID)
    }

    private func formInput(_ request: Request, _ context: MemberContext, file: Bool) async throws -> FormInput {
        guard file else { return FormInput(try await context.form(request, limit: 64 * 1024)) }
        let form = try await MultipartForm.read(request, limit: environment.maxBodySize)
        guard form["_csrf"] == context.member.session.csrfToken else { throw WebError.badCSRF }
        return FormInput(form)
    }

    private func formContext(_ access: ContractAccess, _ context: MemberContext) throws -> FormContext {
        try FormContext(access, context, environment)
    }

    /// A record as a snake_case JSON tree with ISO 8601 times; with `opening`, its sealed fields opened (photos left out),
    /// and sealed values nested anywhere else (an incident's instructions, its findings) too.
    static func tree(_ record: any ContractRecord, opening fields: [FormField] = [], vault: Vault? = nil) throws -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let object = try JSONSerialization.jsonObject(with: encoder.encode(record))
        guard var tree = RecordJSON.renamingKeys(object, RecordJSON.snake) as? [String: Any] else { return [:] }
        guard let vault else { return tree }
        for field in fields where RecordJSON.value(at: field.key, in: tree) is String {
            let base64 = RecordJSON.value(at: field.key, in: tree) as? String ?? ""
            switch field.input {
            case .sealed: RecordJSON.set(try vault.openTextOrClear(Sealed(base64: base64)).text, at: field.key, in: &tree)
            case .photo: RecordJSON.set(true, at: field.key, in: &tree)
            default: break
            }
        }
        return opened(tree, vault) as? [String: Any] ?? tree
    }

    /// Every string in a tree that the vault opens (AES-GCM authenticates, so nothing else opens), as its text, or as
    /// the object it seals (snake_case keys).
    private static func opened(_ value: Any, _ vault: Vault) -> Any {
        switch value {
        case let object as [String: Any]: return object.mapValues { opened($0, vault) }
        case let array as [Any]: return array.map { opened($0, vault) }
        case let text as String where text.utf8.count >= 40:
            guard let data = try? vault.open(Sealed(base64: text)), let plain = String(data: data, encoding: .utf8) else { return text }
            if plain.hasPrefix("{"), let object = try? JSONSerialization.jsonObject(with: data) {
                return RecordJSON.renamingKeys(object, RecordJSON.snake)
            }
            return plain
        default: return value
        }
    }
}

extension FormContext {
    /// The context of a member's page on a contract.
    init(_ access: ContractAccess, _ context: MemberContext, _ environment: ServerEnvironment) throws {
        self.init(
            state: access.state, catalog: try environment.catalog(access), vault: environment.store.vault,
            language: context.language, csrfToken: context.member.session.csrfToken, today: Day(environment.now))
    }
}

/// A command that adds a record, with the new record's ID.
protocol RecordAdding {
    var newRecordID: String { get }
    /// What the new record is called (従事者, 誓約書…).
    var newRecordLabel: LocalizedText { get }
}

extension AddRecord: RecordAdding {
    var newRecordID: String { record.id }
    var newRecordLabel: LocalizedText { R.label }
}
