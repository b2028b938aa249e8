import Testing

@testable import MamoriStore

/// How a statement written once with `?` reaches PostgreSQL.
struct PlaceholderTests {
    @Test func placeholdersAreNumberedInOrder() {
        #expect(PostgresSQLConnection.numbered("SELECT * FROM t WHERE a = ? AND b IN (?, ?)") == "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)")
        #expect(PostgresSQLConnection.numbered("SELECT 1") == "SELECT 1")
    }

    @Test func aQuestionMarkInsideALiteralAnIdentifierOrACommentIsText() {
        #expect(
            PostgresSQLConnection.numbered("SELECT '?', 'it''s ?', \"col?\" FROM t WHERE a = ? -- why?\nAND b = ? /* c? */ AND c = ?")
                == "SELECT '?', 'it''s ?', \"col?\" FROM t WHERE a = $1 -- why?\nAND b = $2 /* c? */ AND c = $3")
    }
}
