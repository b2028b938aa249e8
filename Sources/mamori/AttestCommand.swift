import ArgumentParser
import Crypto
import Foundation
import MamoriCore
import MamoriStore

/// `mamori attest`: a named person's periodic statement that a clause is met, optionally with a file.
struct AttestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest", abstract: "確認書 / Attest that a clause is met (a clause whose evidence includes a signed statement).")
    @Option(help: "Contract ID.") var contract: String
    @Option(help: "Clause ID, e.g. CS-1.10.") var clause: String
    @Option(help: "Person ID of who attests.") var person: String
    @Option(help: "Day attested.") var on: Day
    @Option(help: "The statement.") var statement: String
    @Option(help: "A file backing it (e.g. a photo); its SHA-256 is recorded.") var file: String?
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let opened = try await store.open()
        let catalog = try await store.catalog(for: store.contract(contract, in: opened).contract, in: opened)
        guard catalog.clause(clause) != nil else {
            throw ValidationError(LocalizedText(ja: "条項 \"\(clause)\" はカタログにありません", en: "no clause \"\(clause)\" in the catalog").text(store.output.lang))
        }
        let digest = try file.map { path -> String in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError(LocalizedText(ja: "ファイル \(path) を読めません", en: "cannot read file \(path)").text(store.output.lang))
            }
            return Hex.string(SHA256.hash(data: data))
        }
        let id = Store.newID("attest")
        try await store.run(
            AddRecord(
                Attestation(
                    id: id, contractID: contract, clauseID: clause, personID: person, attestedOn: on,
                    statement: statement, fileDigest: digest)), id: id, in: opened)
    }
}
