import Foundation
import MamoriCore
import MamoriStore
import Synchronization

/// Makes a contract's submission bundle from a store (documents, journal checkpoint, the store's signing key), and
/// checks a bundle's checkpoint against that store's journal.
public struct BundleWriter {
    public let store: Store

    /// A writer over `store`.
    public init(store: Store) {
        self.store = store
    }

    /// Every document in every format, with the contractor's journal checkpoint, signed. Documents are written on
    /// every core.
    public func bundle(_ context: DocumentContext) async throws -> Data {
        // A signature vouches for what it signs: a journal or a table that no longer verifies (an edited row, a
        // snapshot of another store) is never signed for the city. The full check: 9 s at 1,000,000 entries, once per
        // bundle, which is made to be submitted.
        if let problem = try await store.verifyLedger().problem { throw Unverified(problem: problem) }
        let kinds = DocumentKind.allCases
        let rendered = Mutex<[Result<[DocumentFile], any Error>?]>(Array(repeating: nil, count: kinds.count))
        DispatchQueue.concurrentPerform(iterations: kinds.count) { index in
            let result = Result { try DocumentLibrary.files(DocumentLibrary.make(kinds[index], context), modified: context.now) }
            rendered.withLock { $0[index] = result }
        }
        let files = try rendered.withLock { results in try results.flatMap { try $0!.get() } }
        let organization = context.contractor.id
        let head = try await store.journalHead(of: organization)
        let checkpoint = JournalCheckpoint(organizationID: organization, entries: head?.seq ?? 0, headHash: head?.hash ?? "")
        return try SubmissionBundle.write(
            files, contractID: context.contract.id, contractTitle: context.contract.title,
            checkpoint: checkpoint, key: store.signingKey(), now: context.now)
    }

    /// Why no bundle is signed: the store no longer verifies, as `mamori ledger verify` says.
    public struct Unverified: Error, Sendable {
        /// What the verification found.
        public let problem: LocalizedText

        /// The refusal as people read it.
        public var message: LocalizedText {
            LocalizedText(
                ja: "仕訳帳の検証に失敗したため、署名付きの書類一式は作成できません（\(problem.ja)）。管理者が mamori ledger verify で確認してください",
                en: "the journal does not verify, so no signed bundle is made (\(problem.en)); an administrator should run mamori ledger verify")
        }
    }

    /// What is wrong between a bundle's manifest and this store: another signing key, a checkpoint entry that is
    /// gone or changed, or a journal that no longer verifies.
    public func journalProblems(_ manifest: BundleManifest) async throws -> [BundleProblem] {
        var problems: [BundleProblem] = []
        let key = try store.signingKey().publicKey.rawRepresentation.base64EncodedString()
        if key != manifest.signingKey {
            problems.append(
                BundleProblem(
                    part: SubmissionBundle.manifestPath, ja: "このデータの署名鍵で署名されていません",
                    en: "not signed with this data directory's signing key"))
        }
        let checkpoint = manifest.checkpoint
        let hash = try await store.journalHash(of: checkpoint.organizationID, seq: checkpoint.entries)
        if checkpoint.entries > 0, hash != checkpoint.headHash {
            problems.append(
                BundleProblem(
                    part: "journal", ja: "仕訳帳の \(checkpoint.organizationID) #\(checkpoint.entries) が\(hash == nil ? "ありません" : "チェックポイントと異なります")",
                    en: "journal entry \(checkpoint.organizationID) #\(checkpoint.entries) is \(hash == nil ? "missing" : "not the one signed")"))
        }
        if let problem = try await store.verifyLedger().problem {
            problems.append(
                BundleProblem(
                    part: "journal", ja: "仕訳帳または記録が改ざんされています: \(problem.ja)",
                    en: "the journal or the records were altered: \(problem.en)"))
        }
        return problems
    }
}
