import ArgumentParser

/// The bounds of a benchmark's counts, checked before anything runs: a count of 0 or one past what the machine can
/// hold is an error that names the option, never a trap halfway through a setup.
enum BenchBounds {
    /// One count: its option's name, the value given and the values allowed.
    typealias Limit = (option: String, value: Int, range: ClosedRange<Int>)

    /// Throws, naming every option outside its range at once.
    static func validate(_ limits: [Limit]) throws {
        let problems = limits.filter { !$0.range.contains($0.value) }.map {
            "--\($0.option) must be from \($0.range.lowerBound) to \($0.range.upperBound) (given \($0.value))"
        }
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "; ")) }
    }

    /// The counts a scaled contract is made of, and the journal entries to reach (when the benchmark makes a journal).
    static func contract(people: Int, assets: Int, entries: Int? = nil) -> [Limit] {
        [("people", people, 1...100_000), ("assets", assets, 1...100_000)] + (entries.map { [("entries", $0, 1...100_000_000)] } ?? [])
    }
}
