import Foundation

/// Files read under a root directory (`/` on a real PC, a prepared tree in tests); read-only.
public struct FileTree: Sendable {
    /// The directory that stands for `/`.
    public let root: URL

    /// A tree rooted at `root`.
    public init(root: URL) {
        self.root = root
    }

    /// Whether this is the machine's own root (commands and live process lists may then be read).
    public var isLiveRoot: Bool { root.standardizedFileURL.path == "/" }

    func url(_ path: String) -> URL {
        root.appendingPathComponent(String(path.drop { $0 == "/" }))
    }

    /// The text of a file, or why it could not be read.
    public func read(_ path: String) -> Result<String, ReadFailure> {
        let url = url(path)
        guard FileManager.default.fileExists(atPath: url.path) else { return .failure(ReadFailure("\(path): not found")) }
        guard let data = FileManager.default.contents(atPath: url.path) else { return .failure(ReadFailure("\(path): not readable")) }
        return .success(String(decoding: data, as: UTF8.self))
    }

    /// The text of a file, or nil.
    public func text(_ path: String) -> String? {
        try? read(path).get()
    }

    /// The names in a directory, sorted; empty when it does not exist.
    public func list(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url(path).path)) ?? []).sorted()
    }

    /// When a file was last modified.
    public func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url(path).path))?[.modificationDate] as? Date
    }
}

/// Why a file could not be read; becomes the reason of an `unknown` fact.
public struct ReadFailure: Error, Sendable {
    public let reason: String

    init(_ reason: String) {
        self.reason = reason
    }
}
