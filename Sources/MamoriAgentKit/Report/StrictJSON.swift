import Foundation

/// Strict JSON for request bodies, whose decoders take a member named twice without a word (the
/// last one wins, where another reader may take the first): the body is read once more by ``JSONScanner``, which
/// refuses it.
public enum StrictJSON {
    /// Where the body stops being strict JSON.
    public struct Problem: Error, Sendable {
        /// The byte offset from the start of the body.
        public let offset: Int
        /// Whether the problem is a member name used twice in one object (otherwise the JSON itself is malformed).
        public let isRepeatedName: Bool
    }

    /// Throws a ``Problem`` unless `data` is one JSON document whose objects never name a member twice.
    public static func check(_ data: Data) throws(Problem) {
        do {
            try JSONScanner.scan(data) { scanner in
                try scanner.skip()
                try scanner.end()
            }
        } catch let failure as JSONScanner.Failure {
            throw Problem(offset: failure.offset, isRepeatedName: failure.expected == JSONScanner.repeatedName)
        } catch {
            throw Problem(offset: 0, isRepeatedName: false)
        }
    }
}
