extension Sequence {
    /// `filter` whose predicate awaits (a store read per element), one element at a time.
    public func asyncFilter(_ isIncluded: (Element) async throws -> Bool) async rethrows -> [Element] {
        var kept: [Element] = []
        for element in self where try await isIncluded(element) { kept.append(element) }
        return kept
    }

    /// `allSatisfy` whose predicate awaits, stopping at the first element that fails it.
    public func asyncAllSatisfy(_ predicate: (Element) async throws -> Bool) async rethrows -> Bool {
        for element in self where try await !predicate(element) { return false }
        return true
    }
}
