import ArgumentParser
import Foundation
import MamoriAgentKit
import MamoriCatalog
import MamoriCore
import MamoriServer

/// `mamori catalog …`: the clauses of the annex, as data.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "遵守事項カタログの一覧・追加・表示・検証 / List, add, show and validate clause catalogs.",
        subcommands: [List.self, Add.self, Clauses.self, Show.self, Validate.self, Doc.self]
    )

    /// The bundled catalogs and those a store holds, each parsed once per process.
    static let library = CatalogLibrary(references: .product)

    /// Runs `body`, printing each problem of a catalog that does not load as `FILE:LINE:COLUMN: message` and exiting 2.
    static func reporting<T>(file: String, language: Language, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as CatalogProblems {
            for problem in error.problems {
                printError(problem.formatted(file: "\(file).yaml", language: language))
            }
            throw ExitCode(2)
        }
    }

    /// A bundled catalog by ID.
    static func load(_ id: String, language: Language) async throws -> Catalog {
        try await reporting(file: id, language: language) { try library.bundled(id) }
    }

    struct Clauses: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "条項の一覧 / List every clause of a bundled catalog.")

        @Option(help: "Bundled catalog ID.") var catalog = "nakano"
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let catalog = try await CatalogCommand.load(catalog, language: output.lang)
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
            let loaded = try await CatalogCommand.load(catalog, language: output.lang)
            guard let clause = loaded.clause(id) else {
                printError(
                    LocalizedText(
                        ja: "条項 \"\(id)\" はカタログ \(catalog) にありません",
                        en: "no clause \"\(id)\" in catalog \(catalog)"
                    ).text(output.lang))
                throw ExitCode(1)
            }
            switch output.format {
            case .json: try output.printJSON(ClauseJSON(clause))
            case .text: print(ClauseText(clause: clause, catalog: loaded).render(output.lang))
            }
        }
    }

    struct Doc: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "条項の対応表 / Print a bundled catalog's clause map as Markdown (docs/clauses.md for Nakano).")
        @Option(help: "Bundled catalog ID.") var catalog = "nakano"

        func run() async throws {
            let loaded = try await CatalogCommand.load(catalog, language: .en)
            print(ClauseMap.markdown(loaded, source: "Sources/MamoriCatalog/Resources/\(catalog).yaml"), terminator: "")
        }
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "カタログファイルの検証 / Validate a catalog file; every problem as FILE:LINE:COLUMN: message (JSON with --format json).")

        @Argument(help: "Path to a catalog YAML file.") var file: String
        @OptionGroup var output: OutputOptions

        /// `--format json`: `{"file", "valid", "catalog"?, "problems": [{"line", "column", "message": {"ja", "en"}}]}`.
        struct Report: Encodable {
            struct Problem: Encodable {
                var line: Int
                var column: Int
                var message: LocalizedText
            }

            var file: String
            var valid: Bool
            var catalog: String?
            var clauses: Int?
            var problems: [Problem]
        }

        func run() async throws {
            let problems: [CatalogProblem]
            var loaded: Catalog?
            do {
                loaded = try CatalogLoader.load(contentsOf: URL(fileURLWithPath: file), references: .product)
                problems = []
            } catch {
                problems = error.problems
            }
            switch output.format {
            case .json:
                try output.printJSON(
                    Report(
                        file: file, valid: problems.isEmpty, catalog: loaded.map { "\($0.id) \($0.version)" },
                        clauses: loaded?.clauses.count,
                        problems: problems.map { Report.Problem(line: $0.line, column: $0.column, message: $0.message) }))
            case .text:
                if let catalog = loaded {
                    print(
                        LocalizedText(
                            ja: "\(file): 問題なし（カタログ \(catalog.id) \(catalog.version)、条項 \(catalog.clauses.count) 件、パラメータ \(catalog.parameters.count) 件）",
                            en:
                                "\(file): valid (catalog \(catalog.id) \(catalog.version), \(catalog.clauses.count) clauses, \(catalog.parameters.count) parameters)"
                        ).text(output.lang))
                }
                for problem in problems { print(problem.formatted(file: file, language: output.lang)) }
            }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "カタログの追加 / Validate a catalog file and keep it in the store (journaled in the city's journal); usable at once.")

        @Argument(help: "Path to a catalog YAML file.") var file: String
        @Option(help: "The city organization whose annex it is (default: the store's only city).") var city: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file), data.count <= CatalogSource.maximumSize + 1,
                let yaml = String(data: data, encoding: .utf8)
            else {
                printError(
                    LocalizedText(ja: "\(file): 1 MB までの UTF-8 のファイルを読めません", en: "\(file): cannot read a UTF-8 file of at most 1 MB")
                        .text(store.output.lang))
                throw ExitCode(1)
            }
            let opened = try await store.open()
            let state = try await opened.state()
            let cities = state.organizations.values.filter { $0.kind == .city }.map(\.id).sorted()
            guard let cityID = city ?? (cities.count == 1 ? cities[0] : nil) else {
                printError(
                    LocalizedText(
                        ja: "--city で委託者を指定してください（\(cities.joined(separator: ", "))）",
                        en: "name the city with --city (\(cities.joined(separator: ", ")))"
                    ).text(store.output.lang))
                throw ExitCode(1)
            }
            let validated: (catalog: Catalog, source: CatalogSource)
            do {
                validated = try CatalogCommand.library.validated(yaml: yaml, cityID: cityID, at: Date())
            } catch {
                for problem in error.problems { printError(problem.formatted(file: file, language: store.output.lang)) }
                throw ExitCode(1)
            }
            let (catalog, source) = validated
            try await store.run(AddCatalog(source: source), id: source.id, in: opened)
            if store.output.format == .text {
                print(
                    LocalizedText(
                        ja: "カタログ \(catalog.id) 版 \(catalog.version)（条項 \(catalog.clauses.count) 件、SHA-256 \(source.digest.prefix(16))…）",
                        en: "catalog \(catalog.id) version \(catalog.version) (\(catalog.clauses.count) clauses, SHA-256 \(source.digest.prefix(16))…)"
                    )
                    .text(store.output.lang))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "カタログの一覧 / The bundled catalogs and those added to the store.")
        @OptionGroup var store: StoreOptions

        struct Entry: Encodable {
            var id: String
            var version: String
            var origin: String
            var city: String
            var digest: String?
            var added_at: String?
            var clauses: Int
        }

        func run() async throws {
            var entries: [Entry] = []
            for id in CatalogLibrary.bundledIDs {
                let catalog = try await CatalogCommand.load(id, language: store.output.lang)
                entries.append(
                    Entry(
                        id: id, version: catalog.version, origin: "bundled", city: catalog.city.text(store.output.lang), digest: nil,
                        added_at: nil, clauses: catalog.clauses.count))
            }
            for source in try await store.open().state().catalogs.values.sorted(by: { ($0.catalogID, $0.addedAt) < ($1.catalogID, $1.addedAt) }) {
                // An altered one is listed as such (with its city's ID), not a reason to list nothing.
                let catalog = try? CatalogCommand.library.catalog(source)
                entries.append(
                    Entry(
                        id: source.catalogID, version: source.version, origin: catalog == nil ? "altered" : "added",
                        city: catalog?.city.text(store.output.lang) ?? source.cityID, digest: source.digest,
                        added_at: source.addedAt.ISO8601Format(), clauses: catalog?.clauses.count ?? 0))
            }
            switch store.output.format {
            case .json: try store.output.printJSON(entries)
            case .text:
                for entry in entries {
                    let origin =
                        switch entry.origin {
                        case "bundled": LocalizedText(ja: "同梱", en: "bundled")
                        case "added": LocalizedText(ja: "追加", en: "added")
                        default: LocalizedText(ja: "改ざんの疑い（mamori ledger verify）", en: "altered (run mamori ledger verify)")
                        }
                    print(
                        "\(entry.id)  \(entry.version)  \(origin.text(store.output.lang))  \(entry.city)  \(entry.clauses)"
                            + (entry.digest.map { "  \($0.prefix(16))…" } ?? ""))
                }
            }
        }
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
