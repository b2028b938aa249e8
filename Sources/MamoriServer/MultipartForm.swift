import Foundation
import Hummingbird

/// The fields and files of a `multipart/form-data` body (a form with a photo).
struct MultipartForm: Sendable {
    /// A part: its text, or a file's bytes.
    struct Part: Sendable {
        var filename: String?
        var data: Data
    }

    /// The parts of each name, in order.
    private(set) var all: [String: [Part]] = [:]

    /// The first part of each name.
    var parts: [String: Part] { all.compactMapValues(\.first) }

    /// Parses `body` with the boundary of `contentType`; nil when it is not multipart.
    init?(_ body: Data, contentType: String) {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundaryRange = contentType.range(of: "boundary=") else { return nil }
        let boundary = contentType[boundaryRange.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        let delimiter = Data("--\(boundary)".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var position = body.startIndex
        while let start = body.range(of: delimiter, in: position..<body.endIndex) {
            let partStart = start.upperBound + 2 // past CRLF after the delimiter
            guard partStart < body.endIndex, let next = body.range(of: delimiter, in: partStart..<body.endIndex),
                  let headers = body.range(of: headerEnd, in: partStart..<next.lowerBound) else { break }
            let head = String(decoding: body[partStart..<headers.lowerBound], as: UTF8.self)
            let contentEnd = max(headers.upperBound, next.lowerBound - 2) // the CRLF before the next delimiter
            if let name = Self.attribute("name", in: head) {
                all[name, default: []].append(Part(filename: Self.attribute("filename", in: head), data: body[headers.upperBound..<contentEnd]))
            }
            position = next.lowerBound
        }
    }

    /// Reads a multipart body of at most `limit` bytes (413 beyond).
    static func read(_ request: Request, limit: Int) async throws -> MultipartForm {
        let buffer = try await request.collectBody(limit: limit)
        guard let form = MultipartForm(Data(buffer: buffer), contentType: request.headers[.contentType] ?? "") else {
            throw WebError(.unsupportedMediaType, ja: "multipart/form-data で送信してください", en: "send the form as multipart/form-data")
        }
        return form
    }

    subscript(_ name: String) -> String {
        parts[name].map { String(decoding: $0.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
    }

    private static func attribute(_ name: String, in head: String) -> String? {
        guard let range = head.range(of: "; \(name)=\"") else { return nil }
        return String(head[range.upperBound...].prefix { $0 != "\"" })
    }
}
