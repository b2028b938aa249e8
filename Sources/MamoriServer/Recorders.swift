import MamoriCore
import MamoriStore

/// Who recorded journal entries, as pages name them: the web application journals `login (role)`, shown as the
/// person's name with the login and the role's name (the login alone where no account has it now); the demo's loading
/// as demo data; anything else (a command's user) as it was journaled.
struct Recorders {
    private var names: [String: String] = [:]

    /// The names of the people behind `actors`, read once for a page.
    init(_ actors: some Sequence<String>, store: Store) async throws {
        for login in Set(actors.map { Self.parts($0).login }) {
            names[login] = try await store.account(login: login)?.displayName
        }
    }

    /// The recorder of an entry journaled as `actor`.
    func label(_ actor: String, _ l: Language) -> String {
        if actor == DemoScenario.actor { return Label.demoData.text(l) }
        let (login, role) = Self.parts(actor)
        let name = names[login].flatMap { $0.isEmpty || $0 == login ? nil : $0 }
        guard name != nil || role != nil else { return actor }
        let beside = [name == nil ? nil : login, role?.label.text(l)].compactMap { $0 }.joined(separator: "・")
        return "\(name ?? login)（\(beside)）"
    }

    /// The login and the role in an entry's `login (role)` (the whole text and no role otherwise, e.g. `mamori demo`).
    private static func parts(_ actor: String) -> (login: String, role: AccountRole?) {
        guard actor.hasSuffix(")"), let open = actor.lastIndex(of: "("),
            let role = AccountRole(rawValue: String(actor[actor.index(after: open)..<actor.index(before: actor.endIndex)]))
        else { return (actor, nil) }
        return (actor[..<open].trimmingCharacters(in: .whitespaces), role)
    }
}
