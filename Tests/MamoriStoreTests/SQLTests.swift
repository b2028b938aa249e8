import Testing

@testable import MamoriStore

/// A statement written once as ``SQL`` reaches each database with its own placeholders, placed where the values are:
/// a `?` in the text is text.
struct SQLTests {
    @Test func placeholdersArePlacedWhereTheValuesAreForEachDatabase() {
        let ids = ["a", "b"]
        let sql: SQL = "SELECT '?' AS mark, \"col?\" FROM \(raw: "t") WHERE a = \(bind: 7) AND b IN (\(list: ids)) -- why?\n AND c = \(bind: String?.none)"
        #expect(sql.text(for: .sqlite) == "SELECT '?' AS mark, \"col?\" FROM t WHERE a = ? AND b IN (?,?) -- why?\n AND c = ?")
        #expect(sql.text(for: .postgres) == "SELECT '?' AS mark, \"col?\" FROM t WHERE a = $1 AND b IN ($2,$3) -- why?\n AND c = $4")
        #expect(sql.values == [.integer(7), .text("a"), .text("b"), .null])
    }

    @Test func piecesJoinWithTheirValuesInOrder() {
        let filter: SQL = "x = \(bind: 1)"
        let sql = "SELECT 1 WHERE \(filter) AND " + SQL(joining: ["y = \(bind: 2)", "z = \(bind: 3)"], separator: " OR ")
        #expect(sql.text(for: .postgres) == "SELECT 1 WHERE x = $1 AND y = $2 OR z = $3")
        #expect(sql.values == [.integer(1), .integer(2), .integer(3)])
        let insert = SQLStatement.insert(into: "t", columns: ["id", "n"], rows: [[.text("a"), .integer(1)], [.text("b"), .integer(2)]], replacingOn: ["id"])
        #expect(insert.text(for: .postgres) == "INSERT INTO t (id,n) VALUES ($1,$2),($3,$4) ON CONFLICT(id) DO UPDATE SET n=excluded.n")
    }
}
