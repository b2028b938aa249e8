import Testing

@testable import MamoriAgentKit

/// Allow and deny list names against installed software, devices and packages.
@Suite struct NameListTests {
    func matches(_ item: String, _ name: String) -> Bool {
        NameList([name]).matches(item)
    }

    @Test func wholeNamesVersionsAndDeviceIDsMatch() {
        #expect(matches("clamav", "ClamAV"))
        #expect(matches("clamav=1.0.7", "clamav"))
        #expect(matches("0781:5567:4C530001", "0781"))
        #expect(matches("0781:5567:4C530001", "0781:5567"))
        #expect(!matches("0781:5568:4C530001", "0781:5567"))
        #expect(NameList(["teamviewer", "anydesk", "bittorrent"]).matches("AnyDesk 8.0"))
        #expect(!matches("clamav-freshclam=1.0", "clamav-daemon"))
    }

    @Test func namesMatchWordsInARowNotPartsOfWords() {
        #expect(matches("BitTorrent Web", "bittorrent"))
        #expect(matches("Microsoft Teams (work or school)", "microsoft teams"))
        #expect(!matches("shared-mime-info=2.2", "share"))
        #expect(!matches("qbittorrent=4.5", "bittorrent"))
        #expect(!matches("Teams Microsoft", "microsoft teams"))
    }

    @Test func japaneseNamesAreWordsToo() {
        #expect(matches("ファイル共有ソフト 2.0", "ファイル共有ソフト"))
        #expect(!matches("ファイル共有ソフトウェア", "ファイル共有ソフト"))
        #expect(!matches("", "x") && !matches("x", ""))
    }
}
