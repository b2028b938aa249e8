import MamoriCore

/// The rows a run of journal entries says it wrote (``WrittenRows``), in position order, by table (``StateCheck/tables``
/// order) and by partition of their IDs (``partition(_:)``): the journal's side of ``StateCheck``'s match. Gathered
/// while the hashes are checked, range by range; partitions are matched on every core at once, each on its own.
struct JournaledRows: Sendable {
    typealias Row = (id: String, digest: RowDigest.Value, position: Int64)
    /// Rows by table, then partition, in position order.
    private(set) var rows: [[[Row]]] = Self.empty()
    /// The entries that issue and spend enrollment tokens and journal PCs' reports (followed by ``EnrollmentTokens``),
    /// in position order.
    private(set) var enrollments: [(position: Int64, type: String, payload: String, recordedAt: String)] = []
    /// False once an entry did not say what it wrote (written before digests were kept): the journal is replayed instead.
    private(set) var complete = true
    /// The table of the last row read, as an index (consecutive entries mostly write one table).
    private var lastTable = 0

    /// Partitions of IDs, matched at once: a power of two, enough for every core of the machines Mamori runs on.
    static let partitions = 8
    private static let names = StateCheck.tables.map { Array($0.utf8) }

    static func empty<T>() -> [[[T]]] {
        Array(repeating: Array(repeating: [], count: partitions), count: StateCheck.tables.count)
    }

    /// Which partition an ID falls in (FNV-1a over its bytes): the same for a row read back and its journal line.
    static func partition(_ id: some Sequence<UInt8>) -> Int {
        var fnv = FNV1a()
        fnv.combine(id)
        let hash = fnv.value
        return Int(truncatingIfNeeded: hash ^ (hash >> 32)) & (partitions - 1)
    }

    /// Adds what one entry's `written` column says; when it is not one, nothing is kept from then on (``complete``).
    mutating func add(written bytes: UnsafeRawBufferPointer, at position: Int64) {
        guard complete else { return }
        let read = WrittenRows.read(bytes) { table, id, digest in
            guard let index = index(of: table) else { return }
            rows[index][Self.partition(id)].append((String(decoding: id, as: UTF8.self), digest, position))
        }
        if !read { abandon() }
    }

    /// Keeps an entry if it issues or spends an enrollment token, or journals a PC's report.
    mutating func add(type: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer, recordedAt: UnsafeRawBufferPointer, at position: Int64) {
        guard Self.enrollmentTypeBytes.contains(where: { $0.elementsEqual(type) }) else { return }
        enrollments.append(
            (
                position, String(decoding: type, as: UTF8.self), String(decoding: payload, as: UTF8.self),
                String(decoding: recordedAt, as: UTF8.self)
            ))
    }

    /// The journal types of the entries ``EnrollmentTokens`` follows.
    static let enrollmentTypes = ["device.token", "device.enroll", "device.report"]
    private static let enrollmentTypeBytes = enrollmentTypes.map { Array($0.utf8) }

    /// Adds one row (from the journal's replay).
    mutating func add(table: String, id: String, digest: RowDigest.Value, position: Int64) {
        guard let index = StateCheck.tables.firstIndex(of: table) else { return }
        rows[index][Self.partition(id.utf8)].append((id, digest, position))
    }

    /// Keeps nothing: the journal must be replayed.
    mutating func abandon() {
        complete = false
        rows = Self.empty()
    }

    /// A table's index by its name's bytes; nil for a table the state check does not read.
    private mutating func index(of table: UnsafeRawBufferPointer) -> Int? {
        if Self.names[lastTable].elementsEqual(table) { return lastTable }
        guard let index = Self.names.firstIndex(where: { $0.elementsEqual(table) }) else { return nil }
        lastTable = index
        return index
    }
}
