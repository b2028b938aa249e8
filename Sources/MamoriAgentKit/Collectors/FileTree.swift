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

    /// The largest file read: every configuration file the agent reads is far smaller (a dpkg status of 5,000 packages
    /// is about 8 MB); a larger one is refused rather than read into memory.
    static let largestFile = 64 * 1024 * 1024

    /// The text of a file, or why it could not be read. Under a prepared tree, a path whose links lead out of the tree
    /// is not read (the host's files would decide the checks).
    public func read(_ path: String) -> Result<String, ReadFailure> {
        let url = url(path)
        guard FileManager.default.fileExists(atPath: url.path) else { return .failure(ReadFailure("\(path): not found")) }
        if !isLiveRoot {
            let base = root.standardizedFileURL.resolvingSymlinksInPath().path
            let resolved = url.resolvingSymlinksInPath().path
            guard resolved == base || resolved.hasPrefix(base + "/") else { return .failure(ReadFailure("\(path): a link out of the tree")) }
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int ?? 0
        guard size <= Self.largestFile else { return .failure(ReadFailure("\(path): larger than \(Self.largestFile / 1_048_576) MB")) }
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

    /// The paths of the `*.conf` files in a directory (a `.conf.d` directory's parts), in name order.
    public func confFiles(in directory: String) -> [String] {
        list(directory).filter { $0.hasSuffix(".conf") }.map { "\(directory)/\($0)" }
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
