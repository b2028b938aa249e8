import Foundation
import Hummingbird
import MamoriAgentKit
import MamoriCore

/// JSON request bodies: a size limit (413 beyond), strict JSON (a member named twice is refused: ``StrictJSON``) and
/// decoding errors that name the field that is wrong (400).
enum JSONBody {
    static func decode<T: Decodable>(_ request: Request, limit: Int) async throws -> T {
        let body = Data(buffer: try await request.collectBody(limit: limit))
        do throws(StrictJSON.Problem) {
            try StrictJSON.check(body)
        } catch {
            throw WebError(
                .badRequest, ja: "JSON が正しくありません（\(error.offset) バイト目\(error.isRepeatedName ? "、同じ項目名が二度" : "")）",
                en: "invalid JSON (byte \(error.offset)\(error.isRepeatedName ? ", a member named twice" : ""))")
        }
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch {
            let reason = describe(error)
            throw WebError(.badRequest, ja: "JSON が正しくありません: \(reason.ja)", en: "invalid JSON: \(reason.en)")
        }
    }

    /// A decoding error as the field it concerns and what is wrong: in Japanese by the field alone (the decoder's own
    /// words are English), in English with them.
    static func describe(_ error: any Error) -> LocalizedText {
        switch error {
        case DecodingError.keyNotFound(let key, _):
            return LocalizedText(ja: "項目 \"\(key.stringValue)\" がありません", en: "missing field \"\(key.stringValue)\"")
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return LocalizedText(
                ja: path.isEmpty ? "内容を読めません" : "項目 \"\(path)\" の値が正しくありません",
                en: "field \"\(path)\": \(context.debugDescription)")
        default: return LocalizedText(ja: "JSON として読めません", en: "not JSON")
        }
    }
}
