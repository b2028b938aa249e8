import Foundation
import Hummingbird
import MamoriCore
import MamoriDocuments
import MamoriStore

/// The documents for the city, downloaded from the contract: each as HTML, XLSX or CSV, and the signed bundle.
struct DocumentRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/contracts/{contract}/documents", use: list)
        members.get("/contracts/{contract}/documents/{file}", use: document)
        members.get("/contracts/{contract}/bundle.zip", use: bundle)
    }

    @Sendable func list(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        return PageLayout.response(DocumentsView(language: context.language, contractID: access.contract.id), member: context.member)
    }

    @Sendable func document(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let file = try context.parameters.require("file")
        let parts = file.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = DocumentKind(rawValue: parts[0]) else { throw WebError.notFound(file) }
        // One incident's report alone (`?incident=ID`, from the incidents list), to print or send by itself.
        var state = access.state
        var name = Self.fileLabel(access.contract)
        if kind == .incidentReport, let id = request.uri.queryParameters.get("incident") {
            guard let incident = state.incidents[id] else { throw WebError.notFound(id) }
            state.incidents = [id: incident]
            name = id
        }
        let document = try DocumentLibrary.make(kind, await documentContext(access, for: [kind], state: state))
        guard let rendered = try DocumentLibrary.file(document, format: parts[1], modified: environment.now) else {
            throw WebError.notFound(file)
        }
        let type =
            switch parts[1] {
            case "html": "text/html; charset=utf-8"
            case "csv": "text/csv; charset=utf-8"
            default: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        var headers: HTTPFields = [.contentType: type]
        if parts[1] != "html" {
            headers[.contentDisposition] = Self.attachment(file, named: "\(document.title)_\(name).\(parts[1])")
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: rendered.data)))
    }

    @Sendable func bundle(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let data: Data
        do {
            data = try await BundleWriter(store: environment.store).bundle(documentContext(access, for: DocumentKind.allCases))
        } catch let refused as BundleWriter.Unverified {
            throw WebError(.conflict, ja: refused.message.ja, en: refused.message.en)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/zip",
                .contentDisposition: Self.attachment(
                    "\(access.contract.id)-bundle.zip",
                    named: "提出書類一式_\(Self.fileLabel(access.contract)).zip")
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// How a contract is named in a download's file name: its number as the city writes it (its title without one),
    /// with characters file systems refuse replaced.
    static func fileLabel(_ contract: Contract) -> String {
        let label = contract.number.isEmpty ? contract.title : contract.number
        return String(label.map { "/\\:*?\"<>|".contains($0) || $0.isWhitespace ? "_" : $0 }.prefix(60))
    }

    /// A download saved under its Japanese name (RFC 6266 `filename*`, UTF-8), with an ASCII name for old clients.
    static func attachment(_ ascii: String, named name: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii
        let fallback = ascii.filter { $0.isASCII && $0 != "\"" && $0 != "\\" }
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }

    /// The context of documents of `kinds` for the contract, or for `state` where it is narrowed (one incident).
    private func documentContext(_ access: ContractAccess, for kinds: [DocumentKind], state: ContractState? = nil) async throws -> DocumentContext {
        guard
            let context = try await DocumentContext.stored(
                state ?? access.state, in: access.all, store: environment.store,
                catalog: try environment.catalog(access), now: environment.now, for: kinds)
        else { throw WebError.notFound(access.contract.id) }
        return context
    }
}
