import ArgumentParser

/// The bounds of a benchmark's counts, checked before anything runs: a count of 0 or one past what the machine can
/// hold is an error that names the option, never a trap halfway through a setup.
struct BenchBounds {
    private var problems: [String] = []

    /// Notes `value` of `--option` if it lies outside `range`.
    mutating func check(_ option: String, _ value: Int, _ range: ClosedRange<Int>) {
        if !range.contains(value) { problems.append("--\(option) must be from \(range.lowerBound) to \(range.upperBound) (given \(value))") }
    }

    /// Throws the problems found, all of them at once.
    func validate() throws {
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "; ")) }
    }

    /// The counts a scaled contract is made of.
    mutating func contract(people: Int, assets: Int) {
        check("people", people, 1...100_000)
        check("assets", assets, 1...100_000)
    }
}
