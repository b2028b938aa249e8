import ArgumentParser
import Foundation
import MamoriAgentKit
import MamoriCatalog
import MamoriCore

/// `mamori catalog …`: the clauses of the annex, as data.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "遵守事項カタログの一覧・表示・検証 / List, show and validate clause catalogs.",
        subcommands: [List.self, Show.self, Validate.self]
    )

    /// The names a catalog may refer to: the product's record types, documents and the agent's checks.
    static func references() throws -> CatalogReferences {
        let checks = try AgentCheckCatalog.bundled()
        return CatalogReferences(rules: checks.ids, titles: checks.titles)
    }

    /// The catalog named by `--catalog`, bundled with Mamori.
    static func load(_ id: String, language: Language) throws -> Catalog {
        do {
            return try CatalogLoader.bundled(id, references: references())
        } catch let error as CatalogProblems {
            for problem in error.problems {
                printError(problem.formatted(file: "\(id).yaml", language: language))
            }
            throw ExitCode(2)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "条項の一覧 / List every clause.")

        @Option(help: "Bundled catalog ID.") var catalog = "nakano"
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let catalog = try CatalogCommand.load(catalog, language: output.lang)
            switch output.format {
            case .json:
                try output.printJSON(catalog.clauses.map(ClauseJSON.init))
            case .text:
                for part in catalog.parts {
                    print("■ \(part.id) \(part.title.text(output.lang))")
                    for clause in catalog.clauses where clause.part == part.id {
                        let evidence = clause.evidence.map { $0.label.text(output.lang) }.joined(separator: "・")
                        print("  \(clause.id.padding(toLength: 8, withPad: " ", startingAt: 0)) \(clause.title.text(output.lang))  [\(evidence)]")
                    }
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "条項の詳細 / Show one clause.")

        @Argument(help: "Clause ID, e.g. PI-12.") var id: String
        @Option(help: "Bundled catalog ID.") var catalog = "nakano"
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let loaded = try CatalogCommand.load(catalog, language: output.lang)
            guard let clause = loaded.clause(id) else {
                printError(LocalizedText(ja: "条項 \"\(id)\" はカタログ \(catalog) にありません",
                                         en: "no clause \"\(id)\" in catalog \(catalog)").text(output.lang))
                throw ExitCode(1)
            }
            switch output.format {
            case .json: try output.printJSON(ClauseJSON(clause))
            case .text: print(ClauseText(clause: clause, catalog: loaded).render(output.lang))
            }
        }
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "カタログファイルの検証 / Validate a catalog file; every problem as FILE:LINE:COLUMN: message.")

        @Argument(help: "Path to a catalog YAML file.") var file: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            do {
                let catalog = try CatalogLoader.load(contentsOf: URL(fileURLWithPath: file), references: CatalogCommand.references())
                print(LocalizedText(
                    ja: "\(file): 問題なし（カタログ \(catalog.id) \(catalog.version)、条項 \(catalog.clauses.count) 件、パラメータ \(catalog.parameters.count) 件）",
                    en: "\(file): valid (catalog \(catalog.id) \(catalog.version), \(catalog.clauses.count) clauses, \(catalog.parameters.count) parameters)"
                ).text(output.lang))
            } catch let error as CatalogProblems {
                for problem in error.problems {
                    print(problem.formatted(file: file, language: output.lang))
                }
                throw ExitCode(1)
            }
        }
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
