import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import NIOPosix

/// The fields and files of a `multipart/form-data` body (a form with a photo), parsed by MultipartKit.
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

    /// Parses `body` with the boundary `contentType` names; nil when it is not `multipart/form-data` with a boundary.
    /// A body that does not parse as one is refused (400), naming the form.
    init?(_ body: ByteBuffer, contentType: String) throws {
        let type = HeaderParameters(contentType)
        guard type.value.lowercased() == "multipart/form-data", let boundary = type["boundary"],
            (1...70).contains(boundary.utf8.count)
        else { return nil }
        let parser = MultipartParser(boundary: boundary)
        var found: [String: [Part]] = [:]
        var disposition: String?
        var data = Data()
        parser.onHeader = { name, value in
            if name.lowercased() == "content-disposition" { disposition = value }
        }
        parser.onBody = { chunk in data.append(contentsOf: chunk.readableBytesView) }
        parser.onPartComplete = {
            let parameters = HeaderParameters(disposition ?? "")
            if let name = parameters["name"] { found[name, default: []].append(Part(filename: parameters["filename"], data: data)) }
            disposition = nil
            data = Data()
        }
        let unreadable = WebError(
            .badRequest, ja: "フォームの送信内容（multipart/form-data）を読めません",
            en: "the form's multipart/form-data body cannot be read")
        // Whole or not at all: a body cut short (no closing delimiter) would lose its last part without a word.
        guard Self.isClosed(body, boundary: boundary) else { throw unreadable }
        do {
            try parser.execute(body)
        } catch {
            throw unreadable
        }
        // Text as the other forms and the API take it: UTF-8, or refused (never stored with U+FFFD in its place).
        for (name, parts) in found {
            for part in parts where part.filename == nil && String(validating: part.data, as: UTF8.self) == nil {
                throw WebError(.badRequest, ja: "項目 \(name) の文字が UTF-8 ではありません", en: "field \(name) is not UTF-8 text")
            }
        }
        all = found
    }

    /// Whether the body holds the closing delimiter (`--boundary--`), followed by nothing but an epilogue of line ends.
    static func isClosed(_ body: ByteBuffer, boundary: String) -> Bool {
        let close = Array("--\(boundary)--".utf8)
        var bytes = body.readableBytesView[...]
        while let last = bytes.last, last == UInt8(ascii: "\r") || last == UInt8(ascii: "\n") { bytes = bytes.dropLast() }
        return bytes.count >= close.count && bytes.suffix(close.count).elementsEqual(close)
    }

    /// Reads a multipart body of at most `limit` bytes (413 beyond), parsed on NIO's blocking pool: MultipartKit takes
    /// its time over a hostile body (a debug build spent 9 s on 1.9 MB of carriage returns), and on the concurrency
    /// pool (two threads on two cores) two such bodies held every other request.
    static func read(_ request: Request, limit: Int) async throws -> MultipartForm {
        let buffer = try await request.collectBody(limit: limit)
        let contentType = request.headers[.contentType] ?? ""
        let parsed = try await NIOThreadPool.singleton.runIfActive { try MultipartForm(buffer, contentType: contentType) }
        guard let form = parsed else {
            throw WebError(
                .unsupportedMediaType, ja: "multipart/form-data（boundary 付き）で送信してください",
                en: "send the form as multipart/form-data with a boundary")
        }
        return form
    }

    subscript(_ name: String) -> String {
        parts[name].map { String(decoding: $0.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
    }
}

/// A header value with parameters (RFC 9110 §5.6.6: `type; name=value; name="quoted \" value"`), names matched whatever
/// their case. MultipartKit parses the body but not these (its own reader is internal), and the boundary and the field's
/// name must be read as the RFC says: a boundary followed by another parameter, or `NAME=` in capitals, is still one.
struct HeaderParameters {
    /// What precedes the first `;` (a media type, `form-data`).
    let value: String
    private var parameters: [String: String] = [:]

    init(_ header: String) {
        var scalars = Substring(header).unicodeScalars[...]
        value = String(String.UnicodeScalarView(scalars.prefix { $0 != ";" })).trimmingCharacters(in: .whitespaces)
        scalars = scalars.drop { $0 != ";" }
        while scalars.first == ";" {
            scalars = scalars.dropFirst().drop { $0 == " " || $0 == "\t" }
            let name = String(String.UnicodeScalarView(scalars.prefix { $0 != "=" && $0 != ";" })).trimmingCharacters(in: .whitespaces)
            scalars = scalars.drop { $0 != "=" && $0 != ";" }
            var text = ""
            if scalars.first == "=" {
                scalars = scalars.dropFirst().drop { $0 == " " || $0 == "\t" }
                if scalars.first == "\"" {
                    scalars = scalars.dropFirst()
                    while let scalar = scalars.popFirst(), scalar != "\"" {
                        text.unicodeScalars.append(scalar == "\\" ? (scalars.popFirst() ?? scalar) : scalar)
                    }
                    scalars = scalars.drop { $0 != ";" }
                } else {
                    text = String(String.UnicodeScalarView(scalars.prefix { $0 != ";" })).trimmingCharacters(in: .whitespaces)
                    scalars = scalars.drop { $0 != ";" }
                }
            }
            let key = name.lowercased()
            if !key.isEmpty, parameters[key] == nil { parameters[key] = text }
        }
    }

    /// A parameter's value (unquoted), by name in any case.
    subscript(_ name: String) -> String? { parameters[name.lowercased()] }
}
