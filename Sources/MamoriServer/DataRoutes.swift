import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// The provided-data ledger: every asset with its counters, and one asset's history with the form that records its
/// use, copies, transfers, take-outs, return and destruction (the data-event form of ``RecordKinds``).
struct DataRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/contracts/{contract}/data", use: ledger)
        members.get("/contracts/{contract}/data/{asset}", use: asset)
    }

    @Sendable func ledger(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        let table = DataLedger.table(access, context.language)
        if let download = try table.download(request, context.language, at: environment.now) { return download }
        let view = ContractListView(
            language: context.language, title: Label.providedData.localized, request: request, access: access, table: table,
            action: (RecordKinds.asset, Label.receiveData.localized))
        return PageLayout.response(view, member: context.member)
    }

    @Sendable func asset(_ request: Request, context: MemberContext) async throws -> Response {
        let access = try await ContractAccess(context, environment)
        return try await assetPage(try context.parameters.require("asset"), access, context)
    }

    /// One asset's page; with `refused`, one of its forms sent back (422) with what was entered and what is wrong.
    func assetPage(_ id: String, _ access: ContractAccess, _ context: MemberContext, refused: RecordListView.Refusal? = nil) async throws -> Response {
        guard let asset = access.state.assets[id] else { throw WebError.notFound(id) }
        let view = DataAssetView(
            language: context.language, access: access, asset: asset, events: try await environment.store.events(ofAsset: asset.id),
            scene: try FormContext(access, context, environment), refused: refused)
        return PageLayout.response(view, status: refused == nil ? .ok : .unprocessableContent, member: context.member)
    }
}
