import Crypto
import Foundation
import MamoriCore

/// Every row of the tables the journal produces, digested in place, by table (``StateCheck/tables`` order) and by
/// partition of their IDs (``JournaledRows/partition(_:)``); and what the tables say of themselves without the
/// journal: each PC's latest report is its last, each rule set a report names is kept and hashes to its digest.
struct TableScan: Sendable {
    typealias Row = (id: String, digest: RowDigest.Value)
    /// Rows by table, then partition.
    var tables: [[[Row]]] = JournaledRows.empty()
    var rows = 0
    /// A difference found in the tables alone.
    var finding: StateDifference?

    /// Every row, or with `half` (0 or 1) about half of the contract records' rows — each row in exactly one half —
    /// and, in half 0, the PCs' (whose checks need all of them).
    init(_ db: any SQLConnection, half: Int? = nil) async throws {
        // Each PC's last report received and its newest made (by generated_at, then number): the writer makes the
        // newest made current (``Store/add(_:)``); stores written before that rule made the last received current,
        // and a PC's latest may still be that one — a report of its own, signed, never another PC's or none.
        var latestReports: [String: (last: Int64, newest: (made: Date, id: Int64))] = [:]
        /// The rule set each report's results name (`{"rule_set":"<digest>",…}`), with one report that names it.
        var namedRuleSets: [String: String] = [:]
        let pcs = [Device.table, DeviceReport.table]
        for (tableIndex, table) in StateCheck.tables.enumerated() where half != 1 || !pcs.contains(table) {
            var layout: RowLayout?
            var input = HashInput()
            let filter: SQL =
                switch (pcs.contains(table) ? nil : half, db.dialect) {
                case (nil, _): ""
                case (let half?, .sqlite): " WHERE (rowid & 1) = \(bind: half)"
                case (let half?, .postgres): " WHERE (hashtext(id) & 1) = \(bind: half)"
                }
            let isReports = table == DeviceReport.table
            let isDevices = table == Device.table
            try await db.forEachRaw("SELECT * FROM \(raw: table)\(filter)") { row in
                if layout == nil { layout = RowLayout(row, skipping: StateCheck.derivedColumns) }
                let layout = layout!
                let id = layout.id(row)
                if isReports, let device = layout.text(row, "deviceid") {
                    let report = row.integer(at: layout.idIndex)
                    let made = DeviceReport.made(layout.text(row, "generatedat") ?? "")
                    var known = latestReports[device] ?? (report, (made, report))
                    known.last = max(known.last, report)
                    if (made, report) > (known.newest.made, known.newest.id) { known.newest = (made, report) }
                    latestReports[device] = known
                    if let results = layout.index["results"].map({ row.bytes(at: $0) }), results.starts(with: Self.ruleSetPrefix.utf8) {
                        let digest = String(decoding: results.dropFirst(Self.ruleSetPrefix.utf8.count).prefix(64), as: UTF8.self)
                        namedRuleSets[digest] = namedRuleSets[digest] ?? id
                    }
                }
                if isDevices, finding == nil {
                    let latest = layout.index["latestreportid"].flatMap { row.kind(at: $0) == .null ? nil : row.integer(at: $0) }
                    let expected = latestReports[id]
                    if latest != expected?.newest.id, latest != expected?.last {
                        let newest = expected.map { String($0.newest.id) }
                        finding = StateDifference(
                            table: table, recordID: id, column: "latestReportID", position: nil,
                            reason: LocalizedText(
                                ja: "最新の報告が端末の最も新しい報告（\(newest ?? "なし")）を指していません",
                                en: "the latest report is not the device's newest report (\(newest ?? "none"))"))
                    }
                }
                tables[tableIndex][JournaledRows.partition(id.utf8)].append((id, layout.digest(row, &input)))
                rows += 1
            }
        }
        if finding == nil, half != 1 { finding = try await Self.compareRuleSets(named: namedRuleSets, db) }
    }

    /// How stored results begin: the digest of the rule set they were evaluated with follows.
    private static let ruleSetPrefix = #"{"rule_set":""#

    /// The rule sets reports were evaluated with say what each stored result means: each is kept by the SHA-256 of its
    /// content (which the report's journaled digest covers), so each must still hash to its digest, and every one a
    /// report names must be kept — a rule set changed or removed would turn that PC's results into no evidence.
    private static func compareRuleSets(named: [String: String], _ db: any SQLConnection) async throws -> StateDifference? {
        var kept = Set<String>()
        var altered: String?
        try await db.forEach("SELECT digest, content FROM agentRuleSet ORDER BY digest") { row in
            let digest = row.text(0) ?? ""
            kept.insert(digest)
            if altered == nil, Hex.string(SHA256.hash(data: Data((row.text(1) ?? "").utf8))) != digest { altered = digest }
        }
        if let altered {
            return StateDifference(
                table: "agentRuleSet", recordID: altered, column: "content", position: nil,
                reason: LocalizedText(
                    ja: "規則集の内容がそのダイジェストと一致しません（改ざん）", en: "the rule set's content does not hash to its digest (altered)"))
        }
        if let missing = named.keys.sorted().first(where: { !kept.contains($0) }) {
            return StateDifference(
                table: "agentRuleSet", recordID: missing, column: nil, position: nil,
                reason: LocalizedText(
                    ja: "報告 \(named[missing]!) の評価に使った規則集がありません（削除）",
                    en: "the rule set report \(named[missing]!) was evaluated with is missing (deleted)"))
        }
        return nil
    }
}

/// Where a table's columns are in its rows, read once per scan: the columns a digest covers in digest order (lower-case
/// names, as ``RowDigest`` sorts them), and the ID. A class: rows share it without copying it.
final class RowLayout {
    /// Column positions by lower-case name.
    let index: [String: Int]
    /// The digested columns: lower-case name and position, by name.
    let digested: [(name: String, position: Int)]
    /// Each digested column's framing in ``HashInput``, prepared once: its name and kind as fields, per kind.
    private let framing: [(integer: [UInt8], real: [UInt8], text: [UInt8], blob: [UInt8])]
    let names: [String]
    let idIndex: Int

    init(_ row: any RawRow, skipping derived: Set<String>) {
        names = (0..<row.columnCount).map { row.name(at: $0) }
        let lower = names.map { $0.lowercased() }
        index = Dictionary(lower.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        digested = lower.enumerated().filter { !derived.contains($0.element) }.map { ($0.element, $0.offset) }.sorted { $0.name < $1.name }
        idIndex = index["id"] ?? 0
        framing = digested.map { name, _ in
            func framed(_ kind: String) -> [UInt8] {
                var input = HashInput()
                input.field(name.utf8)
                input.field(kind.utf8)
                return input.bytes
            }
            return (framed("i"), framed("r"), framed("t"), framed("b"))
        }
    }

    /// The row's ID as text (reports are numbered).
    func id(_ row: any RawRow) -> String {
        row.kind(at: idIndex) == .integer ? String(row.integer(at: idIndex)) : String(decoding: row.bytes(at: idIndex), as: UTF8.self)
    }

    func text(_ row: any RawRow, _ name: String) -> String? {
        index[name].flatMap { row.kind(at: $0) == .text ? String(decoding: row.bytes(at: $0), as: UTF8.self) : nil }
    }

    /// ``RowDigest/value(_:)`` of the row, read in place.
    func digest(_ row: any RawRow, _ input: inout HashInput) -> RowDigest.Value {
        input.reset()
        for (column, (_, position)) in digested.enumerated() {
            switch row.kind(at: position) {
            case .null: continue
            case .integer:
                input.raw(framing[column].integer)
                input.field(row.integer(at: position))
            case .real:
                input.raw(framing[column].real)
                input.field(Int64(bitPattern: row.real(at: position).bitPattern))
            case .text:
                input.raw(framing[column].text)
                input.field(row.bytes(at: position))
            // Never the digest of a row a command wrote (``RowDigest`` has no blobs): a blob put in by hand is a change.
            case .blob:
                input.raw(framing[column].blob)
                input.field(row.bytes(at: position))
            }
        }
        return RowDigest.Value(SHA256.hash(data: input.bytes))
    }

    /// The digested columns as values, to name the one that differs.
    func columns(_ row: any RawRow) -> [(column: String, value: SQLValue)] {
        digested.map { _, position in
            let value: SQLValue =
                switch row.kind(at: position) {
                case .null: .null
                case .integer: .integer(row.integer(at: position))
                case .real: .real(row.real(at: position))
                case .text: .text(String(decoding: row.bytes(at: position), as: UTF8.self))
                case .blob: .text("(BLOB) " + String(decoding: row.bytes(at: position), as: UTF8.self))
                }
            return (names[position], value)
        }
    }
}
