import MamoriCore
import Testing

/// Escaping for HTML and XML, byte by byte: markup escaped, characters XML cannot hold dropped, the rest untouched.
@Suite struct MarkupTextTests {
    @Test func markupIsEscapedAndJapaneseKept() {
        #expect(MarkupText.escaped("中野区（税務課）") == "中野区（税務課）")
        #expect(MarkupText.escaped("<script>\"a\" & 'b'</script>") == "&lt;script&gt;&quot;a&quot; &amp; 'b'&lt;/script&gt;")
        #expect(MarkupText.escaped("佐藤 <花子>") == "佐藤 &lt;花子&gt;")
    }

    @Test func controlCharactersAndNonCharactersAreDropped() {
        #expect(MarkupText.escaped("a\u{1}b\r\nc\td") == "ab\nc\td")
        #expect(MarkupText.escaped("x\u{FFFE}y\u{FFFF}z\u{FF08}") == "xyz\u{FF08}")
        #expect(MarkupText.escaped("") == "")
    }
}
