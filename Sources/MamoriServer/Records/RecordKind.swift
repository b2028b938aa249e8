import Foundation
import MamoriCore
import MamoriStore

/// One kind of record as the web application and the API offer it: its list, the form that adds one, and the steps
/// that move a recorded one on (an incident notified, an audit answered, a person who left).
struct RecordKind: Sendable {
    /// The kind in URLs, e.g. `training`.
    var slug: String
    var title: LocalizedText
    /// The form that adds one; nil where another page does (none today).
    var create: CommandForm?
    /// What the list shows of each record.
    var columns: [FormField]
    var steps: [CommandForm]
    /// One page of the contract's records of this kind, newest first (page 0 is the newest ``pageSize``).
    var listed: @Sendable (ContractState, Store, Int) async throws -> [any ContractRecord]
    /// How many the contract has in all (more than ``records`` lists where it lists only the latest).
    var count: @Sendable (ContractState, Store) async throws -> Int
    /// The contract's record with this ID: from the state, or from the store where the state keeps only some.
    var find: @Sendable (ContractState, Store, String) async throws -> (any ContractRecord)? = { _, _, _ in nil }
    /// A record's void, if it was voided as recorded in error (data events): the list says 取消済み beside its steps,
    /// the API gives it as `voided`, and no status counts the record.
    var void: @Sendable (ContractState, any ContractRecord) -> DataEventVoid? = { _, _ in nil }

    /// How many records a page lists.
    static let pageSize = 500
    /// The highest page number accepted: 500 million records, so that `page × pageSize` never overflows.
    static let pageLimit = 1_000_000

    /// A page of the contract's records of this kind, newest first.
    func records(_ state: ContractState, _ store: Store, page: Int = 0) async throws -> [any ContractRecord] {
        try await listed(state, store, min(max(0, page), Self.pageLimit - 1))
    }

    /// A kind of record stored as `R`, listed from the state or, where the state keeps only some (data events), by
    /// `stored` (given the page) and found by `found`.
    static func of<R: NewRecord>(
        _ type: R.Type, slug: String, title: LocalizedText, create: CommandForm, shown: [FormField] = [],
        steps: [CommandForm] = [], newestFirst: @escaping @Sendable (R, R) -> Bool,
        stored: (@Sendable (ContractState, Store, Int) async throws -> [R])? = nil,
        counted: (@Sendable (ContractState, Store) async throws -> Int)? = nil,
        found: (@Sendable (ContractState, Store, String) async throws -> R?)? = nil,
        void: (@Sendable (ContractState, R) -> DataEventVoid?)? = nil
    ) -> RecordKind {
        // Every record that can be corrected can be corrected by whoever may record one, staff aside (``CorrectRecord``).
        let corrections = R.correctable ? [CommandForm.correction(of: create, R.self)] : []
        return RecordKind(
            slug: slug, title: title, create: create, columns: create.fields.filter(\.listed) + shown, steps: steps + corrections,
            listed: { state, store, page in
                if let stored { return try await stored(state, store, page) }
                let all = state[keyPath: R.table].values.sorted { newestFirst($0, $1) || (!newestFirst($1, $0) && RecordOrder($0.id) > RecordOrder($1.id)) }
                return Array(all.dropFirst(page * pageSize).prefix(pageSize))
            },
            count: { state, store in
                if let counted { return try await counted(state, store) }
                return state[keyPath: R.table].count
            },
            find: { state, store, id in
                if let found { return try await found(state, store, id) }
                return state[keyPath: R.table][id]
            },
            void: { state, record in (record as? R).flatMap { void?(state, $0) } })
    }

    /// The step with this slug.
    func step(_ slug: String) -> CommandForm? {
        steps.first { $0.slug == slug }
    }

    /// Every field the kind's forms fill (each path once), for turning sealed values back into text.
    var allFields: [FormField] {
        var seen = Set<String>()
        return (columns + (create?.fields ?? []) + steps.flatMap(\.fields)).filter { seen.insert($0.key).inserted }
    }
}

extension CommandForm {
    /// The step's slug; empty for a form that adds a record.
    var slug: String {
        switch target {
        case .step(let slug, _): slug
        case .correction: Self.correctionSlug
        case .newRecord: ""
        }
    }
}
