import Foundation
import MamoriCore
import Yams

/// Loads and validates a catalog file; every problem is reported with its line and column.
public enum CatalogLoader {
    /// Parses `yaml` into a catalog, or throws ``CatalogProblems`` listing everything wrong.
    public static func load(yaml: String, references: CatalogReferences) throws(CatalogProblems) -> Catalog {
        guard yaml.utf8.count <= CatalogSource.maximumSize else {
            throw CatalogProblems(problems: [
                CatalogProblem(
                    line: 1, column: 1,
                    message: LocalizedText(
                        ja: "カタログは 1 MB までです", en: "a catalog is at most 1 MB"))
            ])
        }
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: yaml) else {
                throw CatalogProblems(problems: [
                    CatalogProblem(
                        line: 1, column: 1,
                        message: LocalizedText(
                            ja: "ファイルが空です", en: "the file is empty"))
                ])
            }
            root = composed
        } catch let problems as CatalogProblems {
            throw problems
        } catch {
            throw CatalogProblems(problems: [malformed(error)])
        }
        var parser = CatalogParser(references: references)
        let catalog = parser.catalog(root)
        let problems = parser.reader.problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        guard problems.isEmpty, var catalog else { throw CatalogProblems(problems: problems) }
        catalog.checkTitles = references.ruleTitles
        return catalog
    }

    /// Loads a file from disk; a file that cannot be read is a problem at line 1.
    public static func load(contentsOf url: URL, references: CatalogReferences) throws(CatalogProblems) -> Catalog {
        guard let data = try? Data(contentsOf: url), let yaml = String(data: data, encoding: .utf8) else {
            throw CatalogProblems(problems: [
                CatalogProblem(
                    line: 1, column: 1,
                    message: LocalizedText(
                        ja: "ファイルを UTF-8 として読めません", en: "cannot read the file as UTF-8"))
            ])
        }
        return try load(yaml: yaml, references: references)
    }

    /// The catalogs shipped with Mamori, by ID (e.g. `nakano`).
    public static func bundled(_ id: String, references: CatalogReferences) throws(CatalogProblems) -> Catalog {
        try load(yaml: bundledText(id), references: references)
    }

    /// The text of a bundled catalog.
    public static func bundledText(_ id: String) throws(CatalogProblems) -> String {
        guard CatalogLibrary.bundledIDs.contains(id), let url = Bundle.module.url(forResource: id, withExtension: "yaml"),
            let data = try? Data(contentsOf: url)
        else {
            throw CatalogProblems(problems: [
                CatalogProblem(
                    line: 1, column: 1,
                    message: LocalizedText(
                        ja: "同梱のカタログ \"\(id)\" はありません", en: "no bundled catalog \"\(id)\""))
            ])
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func malformed(_ error: any Error) -> CatalogProblem {
        let detail: (String, Mark?)
        switch error as? YamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            detail = (problem, mark)
        case .reader(let problem, _, _, _):
            detail = (problem, nil)
        default:
            detail = (String(describing: error), nil)
        }
        // Yams quotes the file around some problems; a line of it is enough.
        let problem = detail.0.split(separator: "\n").first.map { String($0.prefix(200)) } ?? ""
        return CatalogProblem(
            line: detail.1?.line ?? 1, column: detail.1?.column ?? 1,
            message: LocalizedText(
                ja: "YAML の構文が正しくありません: \(problem)", en: "malformed YAML: \(problem)"))
    }
}
