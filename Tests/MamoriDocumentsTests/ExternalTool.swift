import Foundation

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-tool-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                throw Failure(description: "\(program) did not finish within \(Int(timeout)) s")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        try handle.close()
        let text = String(decoding: try Data(contentsOf: output), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(program) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return text
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
