import ArgumentParser
import Foundation
import MamoriCore
import MamoriDocuments
import MamoriStore

/// `mamori bundle`: every document of a contract in one signed ZIP, and its verification.
struct BundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle", abstract: "提出書類一式 / All documents in one signed ZIP, and its verification.",
        subcommands: [Create.self, Verify.self], defaultSubcommand: Create.self)

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "書類一式の作成 / Write the signed bundle.")
        @Option(help: "The ZIP file to write.") var out: String
        @OptionGroup var documents: DocumentOptions

        func run() async throws {
            let (store, context) = try await documents.context(for: DocumentKind.allCases)
            let bundle: Data
            do {
                bundle = try await BundleWriter(store: store).bundle(context)
            } catch let refused as BundleWriter.Unverified {
                throw ValidationError(refused.message.text(documents.lang))
            }
            try bundle.write(to: URL(fileURLWithPath: out))
            let manifest = BundleVerification(bundle: bundle).manifest
            print(
                LocalizedText(
                    ja: "書類一式を作成しました: \(out)（\(manifest?.files.count ?? 0) ファイル、仕訳 \(manifest?.checkpoint.entries ?? 0) 件まで署名）",
                    en: "bundle written: \(out) (\(manifest?.files.count ?? 0) files, journal signed up to entry \(manifest?.checkpoint.entries ?? 0))"
                )
                .text(documents.lang))
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "書類一式の検証 / Check every hash, the signatures and, given the data, that the journal still extends the checkpoint.")
        @Argument(help: "The bundle ZIP.") var file: String
        @Option(name: .long, help: "Data directory whose journal the checkpoint must still be part of.") var data: String?
        @Option(name: .long, help: ArgumentHelp(StoreOptions.databaseHelp)) var database: String?
        @Option(name: .long, help: "Language of messages: ja (default) or en.") var lang: Language = .ja

        func run() async throws {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw ValidationError(LocalizedText(ja: "ファイルを読めません: \(file)", en: "cannot read \(file)").text(lang))
            }
            var result = BundleVerification(file: URL(fileURLWithPath: file))
            if let data, let manifest = result.manifest {
                await result.problems += try BundleWriter(store: StoreOptions.open(data: data, database: database)).journalProblems(manifest)
            }
            for problem in result.problems {
                print("\(problem.part): \(problem.message.text(lang))")
            }
            guard result.isIntact, let manifest = result.manifest else {
                print(LocalizedText(ja: "検証に失敗しました（\(result.problems.count) 件）", en: "verification failed (\(result.problems.count) problems)").text(lang))
                throw ExitCode(1)
            }
            let journal =
                data == nil
                ? LocalizedText(ja: "（仕訳帳との照合は --data で）", en: " (give --data to check against the journal)")
                : LocalizedText(ja: "、仕訳帳は署名時点から改ざんなく続いています", en: "; the journal still extends the checkpoint")
            print(
                LocalizedText(
                    ja:
                        "検証に成功: \(result.filesChecked) ファイルのハッシュ、チェックポイント（\(manifest.checkpoint.organizationID) #\(manifest.checkpoint.entries)）とアーカイブの署名が一致\(journal.ja)。署名鍵 SHA-256: \(manifest.keyFingerprint)",
                    en:
                        "verified: \(result.filesChecked) file hashes, the checkpoint (\(manifest.checkpoint.organizationID) #\(manifest.checkpoint.entries)) and the archive seal match\(journal.en). Signing key SHA-256: \(manifest.keyFingerprint)"
                )
                .text(lang))
        }
    }
}
