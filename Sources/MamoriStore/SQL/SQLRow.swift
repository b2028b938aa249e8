/// One row of a result: values by position, and by column name through the result's shared column index.
struct SQLRow: Sendable {
    /// The column names of a result, shared by its rows. Names are matched as written, then in lower case
    /// (PostgreSQL folds unquoted names to lower case; the code names columns in camelCase).
    final class Columns: Sendable {
        let names: [String]
        private let index: [String: Int]

        init(_ names: [String]) {
            self.names = names
            var index: [String: Int] = [:]
            for (position, name) in names.enumerated().reversed() {
                index[name] = position
                index[name.lowercased()] = position
            }
            self.index = index
        }

        /// The position of a column.
        func position(of name: String) -> Int? {
            index[name] ?? index[name.lowercased()]
        }
    }

    let columns: Columns
    let values: [SQLValue]

    subscript(position: Int) -> SQLValue { values[position] }

    /// The value of a column by name; `.null` for a column the result does not have.
    subscript(name: String) -> SQLValue {
        columns.position(of: name).map { values[$0] } ?? .null
    }

    func integer(_ position: Int) -> Int64? { values[position].integer }
    func text(_ position: Int) -> String? { values[position].text }
    func real(_ position: Int) -> Double? { values[position].real }
}
