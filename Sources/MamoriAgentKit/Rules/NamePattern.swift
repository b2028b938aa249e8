/// A name of an allow or deny list (`bittorrent`, `usb-storage`), prepared once to be matched against many items.
///
/// A name matches an item when the item is it, starts with it and `=` or `:` (a package `name=version`, a device
/// `vendor:product:serial`), or holds its words in a row (`BitTorrent Web` matches `bittorrent`; `shared-mime-info`
/// does not match `share`). Case is ignored; words are split at ASCII spaces and punctuation, byte by byte.
struct NamePattern: Sendable {
    private let name: String
    private let words: [Substring]

    init(_ name: String) {
        self.name = name.lowercased()
        words = NamePattern.words(of: self.name)
    }

    /// An item prepared once for all patterns: lowercased and split into words.
    struct Item {
        let text: String
        let words: [Substring]

        init(_ item: String) {
            text = item.lowercased()
            words = NamePattern.words(of: text)
        }
    }

    func matches(_ item: Item) -> Bool {
        let text = item.text
        if text == name || text.hasPrefix(name + "=") || text.hasPrefix(name + ":") { return true }
        guard !words.isEmpty, item.words.count >= words.count else { return false }
        return (0...(item.words.count - words.count)).contains { start in
            zip(item.words[start...], words).allSatisfy { $0 == $1 }
        }
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
