import Synchronization

/// An allow or deny list (`bittorrent`, `usb-storage`, `0781:5567`), prepared once to be matched against many items.
///
/// A name matches an item when the item is it, starts with it and `=` or `:` (a package `name=version`, a device
/// `vendor:product:serial`), or holds its words in a row (`BitTorrent Web` matches `bittorrent`; `shared-mime-info`
/// does not match `share`). Case is ignored; words are split at ASCII spaces and punctuation, byte by byte. Names are
/// found through their first word, so an item costs a few dictionary lookups however long the list.
struct NameList: Sendable {
    /// Whether any item matches a name of the list; `digest`, when given, is the SHA-256 the items travelled under.
    static func anyMatches(_ names: [String], _ items: [String], digest: String? = nil) -> Bool {
        remembered(Query(names: names, items: items, digest: digest, all: false)) { items.contains(where: NameList(names).matches) }
    }

    /// Whether every item matches a name of the list; `digest` as for ``anyMatches(_:_:digest:)``.
    static func allMatch(_ names: [String], _ items: [String], digest: String? = nil) -> Bool {
        remembered(Query(names: names, items: items, digest: digest, all: true)) { items.allSatisfy(NameList(names).matches) }
    }

    /// A list question and its answer are kept: a server hears the same package list from every PC built from one
    /// image, and comparing two lists costs far less than matching one.
    /// A list that came as a part is known by its digest (SHA-256 of its JSON): hashing and comparing that costs
    /// nothing next to a thousand names; other lists are hashed and compared in full.
    private struct Query: Hashable {
        var names: [String]
        var items: [String]
        var digest: String?
        var all: Bool

        func hash(into hasher: inout Hasher) {
            hasher.combine(names)
            hasher.combine(all)
            if let digest { hasher.combine(digest) } else { hasher.combine(items) }
        }

        static func == (a: Query, b: Query) -> Bool {
            guard a.names == b.names, a.all == b.all, a.digest == b.digest else { return false }
            return a.digest != nil || a.items == b.items
        }
    }

    private static let answers = Mutex<[Query: Bool]>([:])

    private static func remembered(_ query: Query, _ answer: () -> Bool) -> Bool {
        if let known = answers.withLock({ $0[query] }) { return known }
        let result = answer()
        answers.withLock { answers in
            if answers.count >= 256 { answers.removeAll() }
            answers[query] = result
        }
        return result
    }

    private let names: Set<String>
    /// The words of each name, by its first word.
    private let byFirstWord: [Substring: [[Substring]]]

    init(_ names: [String]) {
        let lowered = names.map { $0.lowercased() }
        self.names = Set(lowered)
        var byFirstWord: [Substring: [[Substring]]] = [:]
        for name in lowered {
            let words = NameList.words(of: name)
            if let first = words.first { byFirstWord[first, default: []].append(words) }
        }
        self.byFirstWord = byFirstWord
    }

    /// Whether any name of the list matches `item`.
    func matches(_ item: String) -> Bool {
        let text = item.lowercased()
        if names.contains(text) { return true }
        for index in text.utf8.indices where text.utf8[index] == UInt8(ascii: "=") || text.utf8[index] == UInt8(ascii: ":") {
            if names.contains(String(text[..<index])) { return true }
        }
        let words = NameList.words(of: text)
        for (start, word) in words.enumerated() {
            for wanted in byFirstWord[word] ?? [] where start + wanted.count <= words.count {
                var same = true
                for offset in 1..<max(wanted.count, 1) where words[start + offset] != wanted[offset] {
                    same = false
                    break
                }
                if same { return true }
            }
        }
        return false
    }

    /// Runs of letters, digits and non-ASCII characters (Japanese names), split at ASCII spaces and punctuation.
    static func words(of text: String) -> [Substring] {
        var words: [Substring] = []
        var start: String.Index?
        let utf8 = text.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            let wordByte = byte >= 0x80 || (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte)
            if wordByte, start == nil { start = index }
            if !wordByte, let first = start {
                words.append(text[first..<index])
                start = nil
            }
            index = utf8.index(after: index)
        }
        if let first = start { words.append(text[first...]) }
        return words
    }
}
