import Foundation
import MamoriCore
import MamoriTestSupport
import Testing

@testable import MamoriStore

/// The journal's append-only triggers, dropped, disabled or emptied, are named by `ledger verify` (``JournalGuard``):
/// hashes find an entry rewritten, but not that the next deletion would go unrefused.
@Suite struct JournalGuardTests {
    @Test(arguments: TestBackend.tested) func aGuardDroppedDisabledOrEmptiedIsNamed(backend: TestBackend) async throws {
        let tampering: [(statements: [String], trigger: String)] =
            switch backend {
            case .sqlite:
                [
                    (["DROP TRIGGER journal_never_deleted"], "journal_never_deleted"),
                    (["CREATE TRIGGER journal_extra AFTER INSERT ON journal BEGIN DELETE FROM session; END"], "journal_extra"),
                    (["CREATE TRIGGER swallow BEFORE INSERT ON person BEGIN SELECT RAISE(IGNORE); END"], "swallow"),
                    (
                        [
                            "DROP TRIGGER journal_never_deleted",
                            "CREATE TRIGGER journal_never_deleted BEFORE DELETE ON journal WHEN 0 BEGIN SELECT RAISE(ABORT, 'journal entries are never deleted'); END"
                        ], "journal_never_deleted"
                    ),
                    (
                        [
                            "DROP TRIGGER journal_never_updated",
                            "CREATE TRIGGER journal_never_updated BEFORE UPDATE ON journal BEGIN SELECT 1; END"
                        ], "journal_never_updated"
                    )
                ]
            case .postgres:
                [
                    (["ALTER TABLE journal DISABLE TRIGGER journal_never_changed"], "journal_never_changed"),
                    (["DROP TRIGGER journal_never_truncated ON journal"], "journal_never_truncated"),
                    (["CREATE TRIGGER zz BEFORE INSERT ON journal FOR EACH ROW EXECUTE FUNCTION journal_is_append_only()"], "zz"),
                    (
                        [
                            "DROP TRIGGER journal_never_changed ON journal",
                            "CREATE TRIGGER journal_never_changed BEFORE UPDATE OR DELETE ON journal FOR EACH ROW WHEN (false) EXECUTE FUNCTION journal_is_append_only()"
                        ], "journal_never_changed"
                    ),
                    (
                        [
                            "CREATE OR REPLACE FUNCTION journal_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$"
                        ], "journal_never_changed"
                    )
                ]
            }
        for (statements, trigger) in tampering {
            let temp = try await TemporaryStore(backend)
            try await temp.loadDemo()
            #expect(try await temp.store.verifyLedger().isIntact)
            for statement in statements { try await temp.execute(statement) }
            for result in [try await temp.store.verifyLedger(), try await temp.store.verifyLedger(state: false)] {
                #expect(!result.isIntact, "\(backend): \(statements)")
                #expect(result.problem?.en.contains(trigger) == true, "\(backend): \(String(describing: result.problem))")
                #expect(result.problem?.ja.contains("トリガー") == true)
            }
        }
    }
}
