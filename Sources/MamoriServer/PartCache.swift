import Foundation
import MamoriAgentKit
import MamoriStore
import Synchronization

/// The parts check-ins name (a PC's installed software), read from the store once and kept decoded: PCs built from
/// one image post the same list day after day, and a check-in should not re-read 20 KB to evaluate it.
final class PartCache: Sendable {
    /// Bytes of lists kept at most (as JSON; several times that in memory); past this the cache starts again.
    static let capacity = 8 * 1024 * 1024

    private struct Cached {
        var lists: [String: [String]] = [:]
        var bytes = 0
    }

    private let store: Store
    private let cached = Mutex(Cached())

    init(store: Store) {
        self.store = store
    }

    /// The names of each part among `digests` the organization holds; throws ``CheckIn/MissingParts`` naming the
    /// ones it does not.
    func lists(_ digests: Set<String>, of organizationID: String) async throws -> [String: [String]] {
        var found: [String: [String]] = [:]
        cached.withLock { cached in
            for digest in digests { found[digest] = cached.lists[Self.key(organizationID, digest)] }
        }
        let unread = digests.filter { found[$0] == nil }
        guard !unread.isEmpty else { return found }
        for (digest, content) in try await store.parts(of: organizationID, unread) {
            guard let names = ReportPart.names(Data(content.utf8)) else { continue }
            found[digest] = names
            remember(names, size: content.utf8.count, digest, of: organizationID)
        }
        let missing = digests.filter { found[$0] == nil }
        guard missing.isEmpty else { throw CheckIn.MissingParts(digests: missing.sorted()) }
        return found
    }

    /// Keeps a part just received or read; `size` is its JSON's length.
    func remember(_ names: [String], size: Int, _ digest: String, of organizationID: String) {
        cached.withLock { cached in
            if cached.bytes + size > Self.capacity { cached = Cached() }
            cached.lists[Self.key(organizationID, digest)] = names
            cached.bytes += size
        }
    }

    private static func key(_ organizationID: String, _ digest: String) -> String { organizationID + "/" + digest }
}
