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

    // MARK: Pages

    @Sendable func index(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let scene = try formContext(access, context)
        let kinds = try await RecordKinds.all.asyncMap { kind in (kind: kind, count: try await kind.count(access.state, environment.store)) }
        let evaluations = await Dictionary(uniqueKeysWithValues: try environment.evaluation(of: access).map { ($0.clauseID, $0) })
        let attested = scene.attestedClauses.compactMap { clause in evaluations[clause.id].map { (clause: clause, evaluation: $0) } }
        let view = RecordsIndexView(language: context.language, contractID: access.contract.id, kinds: kinds, attested: attested)
        return PageLayout.response(view, member: context.member)
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
                // A voided record as the page marks it: 取消済み（reason） after its values.
                let void = kind.void(access.state, record).map { $0.notice.text(context.language) } ?? ""
                rows.append([record.id] + kind.columns.map { scene.display($0, tree.value(at: $0.key)) } + [void])
            }
        }
        return try ListExport(title: kind.title, columns: [Label.id.localized] + kind.columns.map(\.heading) + [Label.voided.localized], rows: rows)
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
        _ kind: RecordKind, _ access: ContractAccess, _ context: MemberContext, refused: RecordListView.Refusal?, number: Int = 0,
        request: Request? = nil
    ) async throws -> Response {
        let view = RecordListView(
            language: context.language, kind: kind, access: access, scene: try formContext(access, context),
            records: try await kind.records(access.state, environment.store, page: number), page: number,
            total: try await kind.count(access.state, environment.store), refusal: refused, request: request)
        return PageLayout.response(view, status: refused == nil ? .ok : .unprocessableContent, member: context.member)
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
            // A step sent from the record's own page comes back there.
            if let recordID, input["_return"] == "/contracts/\(access.contract.id)/records/\(kind.slug)/\(recordID)" {
                return try await RecordPage(environment: environment).response(
                    kind, recordID, access, context, refused: nil, refusedStep: (form.slug, input, problems))
            }
            let refusal = RecordListView.Refusal(recordID: recordID, slug: form.slug, input: input, problems: problems)
            // A data event's form, or its void, sent from its asset's page comes back there.
            let assets = "/contracts/\(access.contract.id)/data/"
            if kind.slug == RecordKinds.dataEvent.slug, input["_return"].hasPrefix(assets),
                case let assetID = String(input["_return"].dropFirst(assets.count)), access.state.assets[assetID] != nil
            {
                return try await DataRoutes(environment: environment).assetPage(assetID, access, context, refused: refusal)
            }
            return try await page(kind, access, context, refused: refusal)
        }
        // A record that makes a clause violated (a copy beyond the permit) opens on its own page, which says so, rather
        // than behind a plain 保存しました.
        let fresh = try await ContractAccess(context, environment)
        if !saved.isEmpty, try await kind.find(fresh.state, environment.store, saved) != nil {
            let cited = try await RecordPage.clauses(citing: saved, fresh, environment)
            if cited.contains(where: { $0.evaluation.violating.contains(saved) }) {
                return .redirect(to: RedirectTarget.saved(saved, at: "/contracts/\(access.contract.id)/records/\(kind.slug)/\(saved)"))
            }
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
                tree["voided"] = ["reason": .string(void.reason), "voided_at": .string(void.voidedAt.ISO8601Format())]
            }
            return tree
        }
        let body = try JSONValue.array(records).data()
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

    /// A record as the outside reads it: snake_case keys, times as ISO 8601. With a vault, what is sealed in it opened
    /// (``RecordOpener``) — the type says what is sealed, so nothing else is taken for a sealed value.
    static func tree(_ record: any ContractRecord, opening fields: [FormField] = [], vault: Vault? = nil) throws -> JSONValue {
        var userInfo: [CodingUserInfoKey: any Sendable] = [:]
        if let vault {
            userInfo[Sealed.openerKey] = RecordOpener(vault: vault, photos: Set(fields.filter { if case .photo = $0.input { true } else { false } }.map(\.key)))
        }
        return try JSONValue(encoding: record, isoDates: true, userInfo: userInfo).renamingKeys(JSONValue.snake)
    }
}

/// What the API and the correction form show of a record's sealed values: a photo as `true` (its page shows it), a
/// sealed group (an incident report's findings) as its object, a sealed text as its text.
struct RecordOpener: SealedOpener {
    var vault: Vault
    /// The photos' paths (snake_case, dotted).
    var photos: Set<String>

    func shown(_ sealed: Sealed, at path: [any CodingKey]) throws -> JSONValue {
        let dotted = path.map { $0.intValue.map(String.init) ?? JSONValue.snake($0.stringValue) }.joined(separator: ".")
        if photos.contains(dotted) { return .bool(true) }
        let opened = try vault.openTextOrClear(sealed)
        if opened.wasSealed, opened.text.hasPrefix("{"), let group = try? JSONDecoder().decode(JSONValue.self, from: Data(opened.text.utf8)) {
            return group
        }
        return .string(opened.text)
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
