extension Sequence {
    /// `map` whose transform awaits: one element at a time, in order (the store's reads inside it are awaited).
    public func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var mapped: [T] = []
        mapped.reserveCapacity(underestimatedCount)
        for element in self { mapped.append(try await transform(element)) }
        return mapped
    }

    /// `compactMap` whose transform awaits, like ``asyncMap(_:)``.
    public func asyncCompactMap<T>(_ transform: (Element) async throws -> T?) async rethrows -> [T] {
        var mapped: [T] = []
        for element in self { if let value = try await transform(element) { mapped.append(value) } }
        return mapped
    }
}
