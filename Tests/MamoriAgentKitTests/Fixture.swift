import Foundation
import Testing

@testable import MamoriAgentKit

/// Loads recorded command outputs and files from `Fixtures/<platform>/`.
enum Fixture {
    /// The URL of `file` (name with extension) under `Fixtures/<platform>`.
    static func url(_ platform: String, _ file: String) throws -> URL {
        let dot = try #require(file.lastIndex(of: "."), "fixture \(file) needs an extension")
        let name = String(file[..<dot])
        let ext = String(file[file.index(after: dot)...])
        return try #require(
            Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures/\(platform)"),
            "missing fixture Fixtures/\(platform)/\(file)")
    }

    /// The bytes of a fixture.
    static func data(_ platform: String, _ file: String) throws -> Data {
        try Data(contentsOf: url(platform, file))
    }

    /// A UTF-8 fixture as text, line endings untouched.
    static func text(_ platform: String, _ file: String) throws -> String {
        try #require(String(data: data(platform, file), encoding: .utf8), "\(file) is not UTF-8")
    }
}

extension Array where Element == Fact {
    /// The value of the fact with this key, if any.
    subscript(_ key: String) -> FactValue? { value(for: key) }

    /// Every string the facts carry: keys, texts, list items and unknown reasons.
    var allStrings: [String] {
        flatMap { fact -> [String] in
            switch fact.value {
            case .bool, .int: [fact.key]
            case .text(let text), .unknown(let text), .never(let text): [fact.key, text]
            case .list(let items): [fact.key] + items
            }
        }
    }

    /// True when some fact carries `secret` in its key or value.
    func leaks(_ secret: String) -> Bool {
        allStrings.contains { $0.contains(secret) }
    }
}
