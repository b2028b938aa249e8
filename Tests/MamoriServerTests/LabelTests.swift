import MamoriCore
import Testing

@testable import MamoriServer

/// The pages' one table of labels: each label has both languages, the Japanese without English words and the English
/// without Japanese, and no idea is written twice.
@Suite struct LabelTests {
    @Test func eachLabelHasBothLanguagesEachInItsOwnWords() {
        var problems: [String] = []
        for label in Label.allCases {
            let (ja, en) = (label.ja, label.en)
            if ja.trimmingCharacters(in: .whitespaces).isEmpty || ja != ja.trimmingCharacters(in: .whitespaces) {
                problems.append("\(label): Japanese empty or padded")
            }
            if en.trimmingCharacters(in: .whitespaces).isEmpty || en != en.trimmingCharacters(in: .whitespaces) {
                problems.append("\(label): English empty or padded")
            }
            let english = JapanesePageText(html: MarkupText.escaped(ja)).englishWords
            if !english.isEmpty { problems.append("\(label): English in the Japanese (\(english.sorted()))") }
            // Kana, kanji and full-width forms belong to the Japanese.
            let japanese = en.unicodeScalars.filter {
                (0x3000...0x30FF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) || (0xFF00...0xFFEF).contains($0.value)
            }
            if !japanese.isEmpty { problems.append("\(label): Japanese in the English (\(String(String.UnicodeScalarView(japanese))))") }
        }
        #expect(problems == [])
        let pairs = Label.allCases.map { "\($0.ja)|\($0.en)" }
        #expect(Set(pairs).count == pairs.count, "a label written twice")
    }

    @Test func theCheckFindsWordsInTheWrongLanguage() {
        #expect(JapanesePageText(html: "契約を Save する").englishWords == ["Save"])
        #expect(JapanesePageText(html: "PC と CSV と Excel").englishWords.isEmpty)
    }
}
