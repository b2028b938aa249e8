import ArgumentParser
import Foundation
import MamoriCore

/// How a command prints: in which language, as text for people or JSON for machines.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Language of the output: ja (default) or en.")
    var lang: Language = .ja

    @Option(name: .long, help: "text (default) for people, json for machines.")
    var format: OutputFormat = .text

    /// Prints a value as pretty, key-sorted JSON.
    func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// The two output forms of every command.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

extension Language: ExpressibleByArgument {}
