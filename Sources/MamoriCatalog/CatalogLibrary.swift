import Crypto
import Foundation
import MamoriCore
import Synchronization

/// Every catalog a store's contracts can be judged by: those bundled with Mamori and those added at run time
/// (``CatalogSource``), each parsed once (by digest) and shared by every request.
public final class CatalogLibrary: Sendable {
    /// What a catalog may refer to: the product's record types, documents and the agent's checks.
    public let references: CatalogReferences
    private let parsed = Mutex<[String: Catalog]>([:])

    /// The catalogs shipped inside the binary.
    public static let bundledIDs = CatalogSource.bundledIDs.sorted()

    /// A library checking catalogs against `references`.
    public init(references: CatalogReferences) {
        self.references = references
    }

    /// A bundled catalog.
    public func bundled(_ id: String) throws(CatalogProblems) -> Catalog {
        if let known = parsed.withLock({ $0["bundled:" + id] }) { return known }
        let catalog = try CatalogLoader.bundled(id, references: references)
        parsed.withLock { $0["bundled:" + id] = catalog }
        return catalog
    }

    /// A catalog added at run time; refused when its text no longer has its digest (altered in the database).
    public func catalog(_ source: CatalogSource) throws(CatalogProblems) -> Catalog {
        if let known = parsed.withLock({ $0[source.digest] }) { return known }
        guard Hex.string(SHA256.hash(data: Data(source.content.utf8))) == source.digest else {
            throw CatalogProblems(problems: [
                CatalogProblem(
                    line: 1, column: 1,
                    message: LocalizedText(
                        ja: "カタログ \(source.id) の内容が記録された SHA-256 と一致しません（改ざん）。mamori ledger verify で確かめてください",
                        en: "catalog \(source.id) no longer matches its recorded SHA-256 (altered); check with mamori ledger verify"))
            ])
        }
        let catalog = try CatalogLoader.load(yaml: source.content, references: references)
        parsed.withLock { $0[source.digest] = catalog }
        return catalog
    }

    /// The catalog a contract is judged by: the version it is pinned to, or (created before catalogs were kept) the
    /// bundled catalog of its ID.
    public func catalog(for contract: Contract, in state: MamoriState) throws(CatalogProblems) -> Catalog {
        guard let version = contract.catalogVersion else { return try bundled(contract.catalogID) }
        guard let source = state.catalogs[CatalogSource.id(contract.catalogID, version)] else {
            throw CatalogProblems(problems: [
                CatalogProblem(
                    line: 1, column: 1,
                    message: LocalizedText(
                        ja: "カタログ \(contract.catalogID) の版 \(version) がストアにありません", en: "catalog \(contract.catalogID) version \(version) is not in the store"))
            ])
        }
        return try catalog(source)
    }

    /// A catalog file validated for adding: the catalog, and its source for `cityID`'s journal. A bundled catalog's
    /// ID is refused (its text comes with Mamori and is kept with the first contract that uses it).
    public func validated(yaml: String, cityID: String, at time: Date) throws(CatalogProblems) -> (catalog: Catalog, source: CatalogSource) {
        let (catalog, source) = try checked(yaml: yaml, cityID: cityID, at: time)
        guard !Self.bundledIDs.contains(catalog.id) else {
            throw CatalogProblems(problems: [
                CatalogProblem(
                    line: 1, column: 1,
                    message: LocalizedText(
                        ja: "ID \"\(catalog.id)\" は Mamori 同梱のカタログの ID です。別の ID にしてください",
                        en: "\"\(catalog.id)\" is the ID of a catalog bundled with Mamori; use another ID"))
            ])
        }
        return (catalog, source)
    }

    private func checked(yaml: String, cityID: String, at time: Date) throws(CatalogProblems) -> (catalog: Catalog, source: CatalogSource) {
        let catalog = try CatalogLoader.load(yaml: yaml, references: references)
        let digest = Hex.string(SHA256.hash(data: Data(yaml.utf8)))
        return (
            catalog,
            CatalogSource(
                catalogID: catalog.id, version: catalog.version, cityID: cityID, digest: digest, content: yaml,
                addedAt: time)
        )
    }

    /// The version a new contract of `catalogID` is pinned to: the newest one added, else the bundled one — whose
    /// source is then added to the city's journal with the contract (`add`), so that the contract keeps being judged by
    /// it whatever later binaries bundle.
    public func pin(
        _ catalogID: String, cityID: String, in state: MamoriState, at time: Date
    ) throws(CatalogProblems)
        -> (version: String, add: AddCatalog?)
    {
        guard Self.bundledIDs.contains(catalogID) else {
            if let latest = state.latestCatalog(catalogID) { return (latest.version, nil) }
            throw CatalogProblems(problems: [
                CatalogProblem(
                    line: 1, column: 1,
                    message: LocalizedText(
                        ja: "カタログ \"\(catalogID)\" はありません（mamori catalog list で一覧）", en: "no catalog \"\(catalogID)\" (see mamori catalog list)"))
            ])
        }
        let (catalog, source) = try checked(yaml: try CatalogLoader.bundledText(catalogID), cityID: cityID, at: time)
        // A bundled annex is its city's: used only with a contract of the city it names, pinned the first time.
        guard let city = state.organizations[cityID]?.name, city == catalog.city.ja else {
            let name = state.organizations[cityID]?.name ?? cityID
            throw CatalogProblems(problems: [
                CatalogProblem(
                    line: 1, column: 1,
                    message: LocalizedText(
                        ja: "同梱の遵守事項は\(catalog.city.ja)のものです。\(name)の契約には、\(name)の遵守事項を\(name)の審査担当者が「遵守事項」のページでカタログとして追加してから選んでください",
                        en:
                            "the bundled annex is \(catalog.city.en)'s; for a contract with \(name), \(name)'s reviewer first adds its own annex as a catalog on the catalogs page"
                    ))
            ])
        }
        if let latest = state.latestCatalog(catalogID) { return (latest.version, nil) }
        return (catalog.version, AddCatalog(source: source))
    }
}

extension CatalogLibrary {
    /// Plans each write's alerts by the catalog of the contract written to (``Catalog/alerts``); a contract whose
    /// catalog cannot be read causes none (its pages say why), and its write goes on.
    public var alertPlanner: AlertPlanner {
        AlertPlanner { [self] contract, state in try? catalog(for: contract, in: state) }
    }
}
