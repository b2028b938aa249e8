import Foundation

/// The one JSON form of journal payloads and nested columns: sorted keys, exact dates, so a replay decodes what was hashed.
enum JournalCoding {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func decoder() -> JSONDecoder {
        JSONDecoder()
    }
}
