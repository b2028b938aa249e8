import Foundation
import MamoriCore
import Yams

/// Reads values out of a composed YAML tree, collecting a line-numbered problem for each thing missing or wrong.
struct YAMLReader {
    private(set) var problems: [CatalogProblem] = []

    mutating func report(_ node: Node?, ja: String, en: String, fallback: Node? = nil) {
        let mark = node?.mark ?? fallback?.mark
        problems.append(CatalogProblem(line: mark?.line ?? 1, column: mark?.column ?? 1, message: LocalizedText(ja: ja, en: en)))
    }

    /// The mapping at `node`, or a problem naming `what`.
    mutating func mapping(_ node: Node?, _ what: String, in parent: Node? = nil) -> Node.Mapping? {
        guard let node else {
            report(parent, ja: "\(what) がありません", en: "\(what) is missing")
            return nil
        }
        guard let mapping = node.mapping else {
            report(node, ja: "\(what) はマッピングである必要があります", en: "\(what) must be a mapping")
            return nil
        }
        return mapping
    }

    /// The list at `node`; absent means empty unless `required`.
    mutating func sequence(_ node: Node?, _ what: String, in parent: Node?, required: Bool = false) -> [Node] {
        guard let node else {
            if required { report(parent, ja: "\(what) がありません", en: "\(what) is missing") }
            return []
        }
        guard let sequence = node.sequence else {
            report(node, ja: "\(what) はリストである必要があります", en: "\(what) must be a list")
            return []
        }
        return Array(sequence)
    }

    /// Reports every key of the mapping `node` that is not one of `known`, at the key, naming what it is in and the keys
    /// it may hold: a misspelt key (`recrods:`) is an error, never silently ignored.
    mutating func refuseUnknownKeys(_ node: Node, _ known: [String], in what: LocalizedText) {
        guard let mapping = node.mapping else { return }
        for (key, _) in mapping {
            guard let name = key.scalar?.string else {
                report(key, ja: "\(what.ja)のキーは文字列です", en: "a key in \(what.en) must be a string")
                continue
            }
            guard !known.contains(name) else { continue }
            report(
                key, ja: "\(what.ja)に不明なキー \"\(name)\" があります（使えるキー: \(known.joined(separator: ", "))）",
                en: "unknown key \"\(name)\" in \(what.en) (allowed: \(known.joined(separator: ", ")))")
        }
    }

    /// A boolean at `key` of `parent`; `fallback` when absent.
    mutating func bool(_ key: String, of parent: Node, fallback: Bool) -> Bool {
        guard let node = parent[key] else { return fallback }
        guard let value = node.bool else {
            report(node, ja: "\(key) は true か false です", en: "\(key) must be true or false")
            return fallback
        }
        return value
    }

    /// A non-empty string at `key` of `parent`.
    mutating func string(_ key: String, of parent: Node) -> String? {
        guard let node = parent[key] else {
            report(parent, ja: "\(key) がありません", en: "\(key) is missing")
            return nil
        }
        guard let value = node.scalar?.string, !value.isEmpty else {
            report(node, ja: "\(key) は空でない文字列である必要があります", en: "\(key) must be a non-empty string")
            return nil
        }
        guard !Self.hasControl(value, allowingLines: false) else {
            report(node, ja: "\(key) に制御文字があります", en: "\(key) holds a control character")
            return nil
        }
        return value
    }

    /// Whether `text` holds a control character (a line break and a tab are allowed in prose, `allowingLines`).
    static func hasControl(_ text: String, allowingLines: Bool) -> Bool {
        text.unicodeScalars.contains { scalar in
            scalar.properties.generalCategory == .control && !(allowingLines && (scalar == "\n" || scalar == "\t"))
        }
    }

    /// An integer at `node` from `minimum` to `maximum`.
    mutating func integer(_ node: Node?, _ what: String, in parent: Node, minimum: Int, maximum: Int = Int.max) -> Int? {
        guard let node else {
            report(parent, ja: "\(what) がありません", en: "\(what) is missing")
            return nil
        }
        guard let value = node.int, value >= minimum else {
            report(node, ja: "\(what) は \(minimum) 以上の整数である必要があります", en: "\(what) must be an integer ≥ \(minimum)")
            return nil
        }
        guard value <= maximum else {
            report(node, ja: "\(what) は \(maximum) 以下である必要があります", en: "\(what) must be at most \(maximum)")
            return nil
        }
        return value
    }

    /// A `{ja: …, en: …}` text at `key` of `parent`; both languages are required.
    mutating func text(_ key: String, of parent: Node) -> LocalizedText? {
        guard let node = parent[key] else {
            report(parent, ja: "\(key) がありません（ja と en が必要です）", en: "\(key) is missing (needs ja and en)")
            return nil
        }
        guard mapping(node, key) != nil else { return nil }
        refuseUnknownKeys(node, ["ja", "en"], in: LocalizedText(ja: key, en: key))
        let ja = language("ja", of: node, key: key)
        let en = language("en", of: node, key: key)
        guard let ja, let en else { return nil }
        return LocalizedText(ja: ja, en: en)
    }

    private mutating func language(_ language: String, of node: Node, key: String) -> String? {
        let name = language == "ja" ? "日本語" : "英語"
        let english = language == "ja" ? "Japanese" : "English"
        guard let value = node[language]?.scalar?.string, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            report(
                node[language] ?? node, ja: "\(key) に \(language)（\(name)）がありません",
                en: "\(key) has no \(language) (\(english)) text")
            return nil
        }
        guard !Self.hasControl(value, allowingLines: true) else {
            report(node[language], ja: "\(key) の \(language) に制御文字があります", en: "\(key) \(language) holds a control character")
            return nil
        }
        return value
    }
}
