import Foundation

/// One version of a catalog as added at run time (`mamori catalog add`, or by the city's reviewer on the web): its
/// YAML text exactly as validated, with the text's SHA-256. Journaled in the city's journal; a contract pins the
/// version it was created under (``Contract/catalogVersion``).
public struct CatalogSource: Codable, Sendable, Hashable, Identifiable {
    /// `ID@VERSION`, e.g. `kasumi@2027.1`.
    public var id: String
    /// The catalog's ID, e.g. `kasumi`.
    public var catalogID: String
    public var version: String
    /// The city whose annex it is (its journal records the addition).
    public var cityID: String
    /// Lowercase hex SHA-256 of `content`.
    public var digest: String
    /// The catalog file, as validated.
    public var content: String
    public var addedAt: Date

    /// The catalogs shipped inside Mamori. Their text comes with the binary (no city adds versions of them), pinned with
    /// the first contract that uses one; every city of the name the annex gives may use that pinned text, whichever
    /// organization entry pinned it first (one contractor's entry for 中野区 does not take the annex from another's).
    public static let bundledIDs: Set<String> = ["nakano"]

    /// The largest catalog file accepted (Nakano's 51 clauses are 40 KB).
    public static let maximumSize = 1024 * 1024

    /// A catalog version.
    public init(catalogID: String, version: String, cityID: String, digest: String, content: String, addedAt: Date) {
        id = Self.id(catalogID, version)
        self.catalogID = catalogID
        self.version = version
        self.cityID = cityID
        self.digest = digest
        self.content = content
        self.addedAt = addedAt
    }

    /// The key of a catalog version.
    public static func id(_ catalogID: String, _ version: String) -> String { "\(catalogID)@\(version)" }

    /// Whether `text` can be a catalog's ID (`lowercase`) or version: 1 to 40 ASCII letters (lowercase only for an
    /// ID), digits, `.`, `-` and `_`, starting with a letter or digit.
    public static func isValidName(_ text: String, lowercase: Bool = false) -> Bool {
        let alphanumeric = { (byte: UInt8) in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (!lowercase && (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte))
        }
        guard let first = text.utf8.first, alphanumeric(first), text.utf8.count <= 40 else { return false }
        return text.utf8.allSatisfy { alphanumeric($0) || [UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_")].contains($0) }
    }
}

extension MamoriState {
    /// The newest version of a catalog added at run time, if any.
    public func latestCatalog(_ catalogID: String) -> CatalogSource? {
        catalogs.values.filter { $0.catalogID == catalogID }.max { ($0.addedAt, $0.id) < ($1.addedAt, $1.id) }
    }
}

/// Adds a version of a catalog, validated where it entered; refused when that version is already there.
public struct AddCatalog: Command {
    public var source: CatalogSource

    /// Creates the command.
    public init(source: CatalogSource) {
        self.source = source
    }

    public var journalType: String { "catalog.add" }

    public func organizationID(in state: MamoriState) throws(CommandError) -> String { source.cityID }

    public func admit(at time: Date) throws(CommandError) {
        guard CatalogSource.isValidName(source.catalogID, lowercase: true), CatalogSource.isValidName(source.version) else {
            throw .invalid(
                "id", ja: "カタログの ID と版は 40 文字までの英数字・「.」「-」「_」です",
                en: "a catalog's ID and version are up to 40 letters, digits, '.', '-' and '_'")
        }
        guard source.id == CatalogSource.id(source.catalogID, source.version) else {
            throw .invalid("id", ja: "ID は カタログID@版 です", en: "the ID is CATALOG@VERSION")
        }
        guard source.content.utf8.count <= CatalogSource.maximumSize else {
            throw .invalid("content", ja: "カタログは 1 MB までです", en: "a catalog is at most 1 MB")
        }
        guard source.digest.utf8.count == 64, source.digest.utf8.allSatisfy({ Hex.isLowercaseDigit($0) }) else {
            throw .invalid("digest", ja: "SHA-256 の 16 進 64 桁ではありません", en: "not 64 lowercase hex digits of a SHA-256")
        }
    }

    public func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] {
        guard let city = state.organizations[source.cityID] else { throw .unknown(LocalizedText(ja: "組織", en: "organization"), source.cityID) }
        guard city.kind == .city else {
            throw CommandError(ja: "カタログを加えられるのは委託者（区・市）です（\(source.cityID)）", en: "only a city adds catalogs (\(source.cityID))")
        }
        // A catalog ID is its city's: only the city that first added it adds its versions.
        if let owner = state.catalogs.values.first(where: { $0.catalogID == source.catalogID && $0.cityID != source.cityID }) {
            throw .invalid(
                "id", ja: "カタログ \(source.catalogID) は \(owner.cityID) のものです（別の ID にしてください）",
                en: "catalog \(source.catalogID) belongs to \(owner.cityID); use another ID")
        }
        if let existing = state.catalogs[source.id] {
            throw CommandError(
                ja: "カタログ \(source.catalogID) の版 \(source.version) は既にあります（\(existing.digest.prefix(12))…）。版を上げてください",
                en: "catalog \(source.catalogID) version \(source.version) is already there (\(existing.digest.prefix(12))…); raise the version")
        }
        return [.catalog(source)]
    }
}

/// Moves a contract to another version of its catalog: the city's decision, in the contractor's journal; statuses are
/// judged by the new version from then on.
public struct MoveContractCatalog: ContractCommand {
    public var contractID: String
    public var version: String

    /// Creates the command.
    public init(contractID: String, version: String) {
        self.contractID = contractID
        self.version = version
    }

    public var journalType: String { "contract.catalog" }

    public func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] {
        var contract = try state.contract(contractID).contract
        guard let source = state.catalogs[CatalogSource.id(contract.catalogID, version)], source.cityID == contract.cityID else {
            throw .invalid("version", ja: "カタログ \(contract.catalogID) に版 \(version) はありません", en: "catalog \(contract.catalogID) has no version \(version)")
        }
        guard contract.catalogVersion != version else {
            throw .invalid("version", ja: "既に版 \(version) です", en: "already on version \(version)")
        }
        contract.catalogVersion = version
        return [.contract(contract)]
    }
}
