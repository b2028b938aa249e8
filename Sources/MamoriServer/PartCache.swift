import Foundation
import MamoriAgentKit
import MamoriStore
import Synchronization

/// The parts check-ins name (a PC's installed software), read from the store once and kept decoded: PCs built from
/// one image post the same list day after day, and a check-in should not re-read 20 KB to evaluate it.
final class PartCache: Sendable {
    /// Lists kept at most; past this the cache starts again (a list is some 100 KB in memory).
    static let capacity = 128

    private let store: Store
    private let lists = Mutex<[String: [String]]>([:])

    init(store: Store) {
        self.store = store
    }

    /// The names of each part among `digests` the organization holds; throws ``CheckIn/MissingParts`` naming the
    /// ones it does not.
    func lists(_ digests: Set<String>, of organizationID: String) throws -> [String: [String]] {
        var found: [String: [String]] = [:]
        lists.withLock { cached in
            for digest in digests { found[digest] = cached[Self.key(organizationID, digest)] }
        }
        let unread = digests.filter { found[$0] == nil }
        guard !unread.isEmpty else { return found }
        for (digest, content) in try store.parts(of: organizationID, unread) {
            guard let names = ReportPart.names(Data(content.utf8)) else { continue }
            found[digest] = names
            remember(names, digest, of: organizationID)
        }
        let missing = digests.filter { found[$0] == nil }
        guard missing.isEmpty else { throw CheckIn.MissingParts(digests: missing.sorted()) }
        return found
    }

    /// Keeps a part just received or read.
    func remember(_ names: [String], _ digest: String, of organizationID: String) {
        lists.withLock { cached in
            if cached.count >= Self.capacity { cached.removeAll(keepingCapacity: true) }
            cached[Self.key(organizationID, digest)] = names
        }
    }

    private static func key(_ organizationID: String, _ digest: String) -> String { organizationID + "/" + digest }
}
