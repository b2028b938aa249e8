import Foundation
import Testing

/// A program or package some suites need beyond the Swift toolchain. `script/test` (the README's test command, which
/// CI runs) installs every one and sets `MAMORI_TEST_EVERY_SUITE=1`: then every suite runs, and a missing tool fails
/// its suite. Plain `swift test` on a machine without one runs everything else and skips those suites, each with one
/// line naming what it needs and the command that runs it.
public enum TestTool: String, CaseIterable, Sendable {
    case libreoffice = "LibreOffice (soffice)"
    case chromium = "Chromium"
    case chromedriver = "chromedriver"
    case poppler = "poppler (pdftotext)"
    case cjkFonts = "Noto CJK fonts"
    case postgres = "PostgreSQL 15"
    case systemd = "systemd-analyze"
    case curl = "curl"
    case qrencode = "libqrencode"
    case dconf = "dconf"
    case tinyproxy = "tinyproxy"
    case socat = "socat"
    case openssl = "openssl"
    case aiosmtpd = "aiosmtpd (Python SMTP server)"
    case axe = "axe-core (accessibility rules, MAMORI_AXE_JS)"

    /// The Debian package that installs it.
    public var package: String {
        switch self {
        case .libreoffice: "libreoffice-calc-nogui"
        case .chromium: "chromium"
        case .chromedriver: "chromium-driver"
        case .poppler: "poppler-utils"
        case .cjkFonts: "fonts-noto-cjk"
        case .postgres: "postgresql-15"
        case .systemd: "systemd"
        case .curl: "curl"
        case .qrencode: "libqrencode4"
        case .dconf: "dconf-cli"
        case .tinyproxy: "tinyproxy"
        case .socat: "socat"
        case .openssl: "openssl"
        case .aiosmtpd: "python3-aiosmtpd"
        case .axe: "PyPI axe-core-python, fetched by script/test"
        }
    }

    /// Whether this machine has it.
    public var isInstalled: Bool {
        switch self {
        case .libreoffice: Self.onPath("soffice")
        case .chromium: Self.onPath("chromium")
        case .chromedriver: ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].contains(where: FileManager.default.isExecutableFile(atPath:))
        case .poppler: Self.onPath("pdftotext")
        case .cjkFonts: FileManager.default.fileExists(atPath: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
        case .postgres:
            ProcessInfo.processInfo.environment["MAMORI_TEST_POSTGRES"] != nil
                || FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/15/bin/pg_ctl")
        case .systemd: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")
        case .curl: FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")
        case .qrencode:
            ["/usr/lib/x86_64-linux-gnu/libqrencode.so.4", "/usr/lib/aarch64-linux-gnu/libqrencode.so.4"]
                .contains(where: FileManager.default.fileExists(atPath:))
        case .dconf: FileManager.default.isExecutableFile(atPath: "/usr/bin/dconf")
        case .tinyproxy: FileManager.default.isExecutableFile(atPath: "/usr/bin/tinyproxy")
        case .socat: FileManager.default.isExecutableFile(atPath: "/usr/bin/socat")
        case .openssl: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
        case .aiosmtpd: FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/aiosmtpd/smtp.py")
        case .axe: ProcessInfo.processInfo.environment["MAMORI_AXE_JS"].map(FileManager.default.fileExists(atPath:)) ?? false
        }
    }

    /// Whether every suite must run (set by `script/test`): a missing tool then fails its suite instead of skipping it.
    public static var everySuite: Bool { ProcessInfo.processInfo.environment["MAMORI_TEST_EVERY_SUITE"] == "1" }

    /// Whether the suites needing `tools` run here.
    public static func runnable(_ tools: [TestTool]) -> Bool {
        everySuite || tools.allSatisfy(\.isInstalled)
    }

    /// Why such a suite was left out: what is missing and the command that runs it.
    public static func note(_ tools: [TestTool]) -> String {
        let missing = tools.filter { !$0.isInstalled }
        return "needs " + missing.map { "\($0.rawValue) (Debian: \($0.package))" }.joined(separator: ", ")
            + " — script/test installs what the tests need and runs every suite"
    }

    private static func onPath(_ program: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the suite where `tools` are installed or every suite must run; otherwise skips it with ``TestTool/note(_:)``.
    public static func needs(_ tools: TestTool...) -> Self {
        .enabled(if: TestTool.runnable(tools), Comment(rawValue: TestTool.note(tools)))
    }
}
