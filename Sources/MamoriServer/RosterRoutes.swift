import Foundation
import Hummingbird
import MamoriCore
import MamoriDocuments
import MamoriStore

/// The roster with photos (opened from the vault only for members of the contract), incidents and approvals.
struct RosterRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/contracts/{contract}/people", use: roster)
        members.post("/contracts/{contract}/people", use: addPerson)
        members.get("/contracts/{contract}/people/{person}/photo", use: photo)
        members.get("/contracts/{contract}/approvals", use: approvals)
        members.post("/contracts/{contract}/approvals/{approval}/decision", use: decide)
    }

    @Sendable func roster(_ request: Request, context: MemberContext) async throws -> Response {
        try rosterPage(ContractAccess(context, environment), context, values: [:], errors: [:])
    }

    private func rosterPage(_ access: ContractAccess, _ context: MemberContext, values: [String: String], errors: [String: String],
                            status: HTTPResponse.Status = .ok) throws -> Response {
        let l = context.language
        let today = Day(environment.now)
        let rows: [HTML] = access.state.people.values.sorted { $0.id < $1.id }.map { person in
            let photo: HTML = person.photo == nil ? "—"
                : "<img class=\"photo\" alt=\"\(person.name)\" src=\"/contracts/\(access.contract.id)/people/\(person.id)/photo\">"
            let period = "\(person.joinedOn.wareki) 〜 \(person.leftOn?.wareki ?? "")"
            return """
                <tr class="\(person.isActive(on: today) ? "" : "left")"><td>\(photo)</td><td>\(person.name)</td><td>\(person.role.label.text(l))</td>\
                <td>\(person.scope)</td><td>\(period)</td></tr>
                """
        }
        let body: HTML = """
            \(ContractRoutes.tabs(access.contract.id, l))
            <table class="grid"><thead><tr><th>\(LocalizedText(ja: "写真", en: "Photo").text(l))</th><th>\(LocalizedText(ja: "氏名", en: "Name").text(l))</th>\
            <th>\(LocalizedText(ja: "区分", en: "Role").text(l))</th><th>\(LocalizedText(ja: "担当業務", en: "Scope").text(l))</th>\
            <th>\(LocalizedText(ja: "従事期間", en: "Period").text(l))</th></tr></thead><tbody>\(rows)</tbody></table>
            \(access.role.recordsContractRecords ? personForm(access, context, values: values, errors: errors) : "")
            """
        return PageLayout.response(status: status, title: LocalizedText(ja: "従事者名簿", en: "Roster"), language: l, member: context.member, body: body)
    }

    private func personForm(_ access: ContractAccess, _ context: MemberContext, values: [String: String], errors: [String: String]) -> HTML {
        let l = context.language
        func error(_ name: String) -> HTML { errors[name].map { "<span class=\"field-error\" role=\"alert\">\($0)</span>" } ?? "" }
        let roles: [HTML] = Person.Role.allCases.map {
            "<option value=\"\($0.rawValue)\"\(HTML(raw: values["role"] == $0.rawValue ? " selected" : ""))>\($0.label.text(l))</option>"
        }
        return """
            <h2>\(LocalizedText(ja: "人員の追加", en: "Add a person").text(l))</h2>
            <form method="post" action="/contracts/\(access.contract.id)/people" enctype="multipart/form-data" class="form">
            <input type="hidden" name="_csrf" value="\(context.member.session.csrfToken)">
            <label>\(LocalizedText(ja: "氏名", en: "Name").text(l))<input name="name" value="\(values["name"] ?? "")">\(error("name"))</label>
            <label>\(LocalizedText(ja: "区分", en: "Role").text(l))<select name="role">\(roles)</select></label>
            <label>\(LocalizedText(ja: "担当業務", en: "Scope").text(l))<input name="scope" value="\(values["scope"] ?? "")"></label>
            <label>\(LocalizedText(ja: "従事開始日", en: "First day").text(l))<input name="joined" type="date" value="\(values["joined"] ?? "")">\(error("joined"))</label>
            <label>\(LocalizedText(ja: "写真（PNG または JPEG、1 MB まで）", en: "Photo (PNG or JPEG, up to 1 MB)").text(l))\
            <input name="photo" type="file" accept="image/png,image/jpeg">\(error("photo"))</label>
            <button type="submit">\(LocalizedText(ja: "追加", en: "Add").text(l))</button></form>
            """
    }

    /// Adds a person with an optional photo; the photo must be a PNG or JPEG by its content, not its name.
    @Sendable func addPerson(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try ContractAccess(context, environment)
        try access.requireRecorder()
        let form = try await MultipartForm.read(request, limit: environment.maxBodySize)
        guard form["_csrf"] == context.member.session.csrfToken else { throw WebError.badCSRF }
        let l = context.language
        let values = ["name": form["name"], "role": form["role"], "scope": form["scope"], "joined": form["joined"]]
        var errors: [String: String] = [:]
        if form["name"].isEmpty { errors["name"] = LocalizedText(ja: "入力してください", en: "required").text(l) }
        let joined = Day(form["joined"])
        if joined == nil { errors["joined"] = LocalizedText(ja: "日付を YYYY-MM-DD で入力してください", en: "enter a date as YYYY-MM-DD").text(l) }
        let photo = form.parts["photo"].flatMap { $0.data.isEmpty ? nil : $0.data }
        if let photo {
            if photo.count > 1024 * 1024 {
                errors["photo"] = LocalizedText(ja: "写真は 1 MB までです", en: "the photo must be 1 MB or less").text(l)
            } else if ImageType(content: photo) == nil {
                errors["photo"] = LocalizedText(ja: "写真は PNG か JPEG の画像にしてください（内容が画像ではありません）",
                                                en: "the photo must be a PNG or JPEG image (its content is not one)").text(l)
            }
        }
        guard errors.isEmpty, let joined, let role = Person.Role(rawValue: form["role"]) else {
            return try rosterPage(access, context, values: values, errors: errors, status: .unprocessableContent)
        }
        let person = Person(id: Store.newID("person"), contractID: access.contract.id, name: form["name"], role: role, scope: form["scope"],
                            joinedOn: joined, photo: try photo.map { try environment.store.vault.seal($0) })
        do {
            try environment.store.execute(AddRecord(person), actor: ContractAccess.actor(context, access.role), at: environment.now)
        } catch let error as StoreError {
            return try rosterPage(access, context, values: values, errors: ["name": error.message.text(l)], status: .unprocessableContent)
        }
        return .redirect(to: "/contracts/\(access.contract.id)/people")
    }

    @Sendable func photo(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try ContractAccess(context, environment)
        let id = try context.parameters.require("person")
        guard let sealed = access.state.people[id]?.photo else { throw WebError.notFound(id) }
        let data = try environment.store.vault.open(sealed)
        return Response(status: .ok, headers: [.contentType: ImageType.of(data).mime, .cacheControl: "private, no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    @Sendable func approvals(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try ContractAccess(context, environment)
        let l = context.language
        let rows: [HTML] = access.state.approvals.values.sorted { $0.requestedAt > $1.requestedAt }.map { approval in
            var action: HTML = ""
            if approval.decision == .pending, access.role.decidesApprovals {
                action = """
                    <form method="post" action="/contracts/\(access.contract.id)/approvals/\(approval.id)/decision" class="inline">\
                    <input type="hidden" name="_csrf" value="\(context.member.session.csrfToken)">\
                    <button name="decision" value="granted">\(LocalizedText(ja: "承認", en: "Grant").text(l))</button>\
                    <button name="decision" value="denied">\(LocalizedText(ja: "不承認", en: "Deny").text(l))</button></form>
                    """
            }
            return """
                <tr><td>\(approval.id)</td><td>\(approval.kind.label.text(l))</td><td>\(approval.subject)</td>\
                <td>\(Day(approval.requestedAt).wareki)</td><td>\(approval.decision.rawValue)</td><td>\(action)</td></tr>
                """
        }
        let body: HTML = """
            \(ContractRoutes.tabs(access.contract.id, l))
            <table class="grid"><thead><tr><th>ID</th><th>\(LocalizedText(ja: "種類", en: "Kind").text(l))</th>\
            <th>\(LocalizedText(ja: "内容", en: "Subject").text(l))</th><th>\(LocalizedText(ja: "申請日", en: "Requested").text(l))</th>\
            <th>\(LocalizedText(ja: "決定", en: "Decision").text(l))</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return PageLayout.response(title: LocalizedText(ja: "承認", en: "Approvals"), language: l, member: context.member, body: body)
    }

    @Sendable func decide(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try ContractAccess(context, environment)
        guard access.role.decidesApprovals else { throw WebError.forbidden }
        let form = try await context.form(request, limit: 16 * 1024)
        let id = try context.parameters.require("approval")
        let command = DecideApproval(contractID: access.contract.id, approvalID: id, granted: form["decision"] == "granted",
                                     at: environment.now, decidedBy: context.member.account.displayName, note: "")
        do {
            try environment.store.execute(command, actor: ContractAccess.actor(context, access.role), at: environment.now)
        } catch let error as StoreError {
            throw WebError(.unprocessableContent, ja: error.message.ja, en: error.message.en)
        }
        return .redirect(to: "/contracts/\(access.contract.id)/approvals")
    }
}
