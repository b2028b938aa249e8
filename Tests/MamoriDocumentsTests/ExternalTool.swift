import Foundation
import MamoriAgentKit

/// Runs a program the document checks need (LibreOffice, Chromium, poppler-utils); a missing program fails the test
/// with the Debian package to install, never skips it.
enum ExternalTool {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `program` with `arguments`, returns its standard output; throws on a non-zero exit or after `timeout` seconds.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], timeout: TimeInterval = 120, environment: [String: String] = [:]) throws -> String {
        guard let path = locate(program) else {
            throw Failure(description: "\(program) is not installed (Debian: \(package(program))); .ci/run installs it")
        }
        let finished = try ChildProcess.run(
            [path] + arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, timeout: .seconds(timeout))
        guard finished.succeeded else {
            throw Failure(description: "\(program) \(arguments.joined(separator: " ")) ended with \(finished.termination)")
        }
        return finished.outputText
    }

    private static func locate(_ program: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private static func package(_ program: String) -> String {
        switch program {
        case "soffice", "libreoffice": "libreoffice-calc-nogui"
        case "chromium": "chromium"
        default: "poppler-utils"
        }
    }

    /// The text of a PDF (all pages, or one page), as pdftotext reads it.
    static func pdfText(_ pdf: URL, page: Int? = nil) throws -> String {
        let range = page.map { ["-f", "\($0)", "-l", "\($0)"] } ?? []
        return try run("pdftotext", range + ["-layout", pdf.path, "-"])
    }

    /// Page count and size in points, from pdfinfo.
    static func pdfPages(_ pdf: URL) throws -> (count: Int, width: Double, height: Double) {
        let info = try run("pdfinfo", [pdf.path])
        var count = 0
        var width = 0.0
        var height = 0.0
        for line in info.split(separator: "\n") {
            if line.hasPrefix("Pages:") { count = Int(line.split(separator: " ").last ?? "") ?? 0 }
            if line.hasPrefix("Page size:") {
                let numbers = line.split(separator: " ").compactMap { Double($0) }
                if numbers.count >= 2 { (width, height) = (numbers[0], numbers[1]) }
            }
        }
        return (count, width, height)
    }
}
