import Foundation
import Hummingbird
import NIOCore
import Testing

@testable import MamoriServer

/// Forms with a photo are read as RFC 7578 says, whatever the browser or client puts around the boundary and the names.
@Suite struct MultipartFormTests {
    static func body(_ boundary: String, _ disposition: String = "form-data; name=\"name\"", value: String = "山田 太郎") -> ByteBuffer {
        ByteBuffer(
            string: "--\(boundary)\r\nContent-Disposition: \(disposition)\r\n\r\n\(value)\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"face;1.png\"\r\nContent-Type: image/png\r\n\r\n"
                + "PNGDATA\r\n--\(boundary)--\r\n")
    }

    @Test(arguments: [
        "multipart/form-data; boundary=XyZ",
        "multipart/form-data; boundary=\"XyZ\"",
        "Multipart/Form-Data; charset=utf-8; BOUNDARY=XyZ",
        "multipart/form-data; boundary=XyZ; charset=utf-8"
    ])
    func theBoundaryIsTakenFromItsParameterAlone(contentType: String) throws {
        let form = try #require(try MultipartForm(Self.body("XyZ"), contentType: contentType))
        #expect(form["name"] == "山田 太郎")
        #expect(form.parts["photo"]?.filename == "face;1.png" && form.parts["photo"]?.data == Data("PNGDATA".utf8))
    }

    @Test func aFieldNamedInAnyCaseOrWithSpacesIsRead() throws {
        let form = try #require(try MultipartForm(Self.body("b", "form-data;NAME=\"name\""), contentType: "multipart/form-data; boundary=b"))
        #expect(form["name"] == "山田 太郎")
        let quoted = try #require(try MultipartForm(Self.body("b", "form-data; name=\"na\\\"me\""), contentType: "multipart/form-data; boundary=b"))
        #expect(quoted["na\"me"] == "山田 太郎")
    }

    @Test(arguments: [
        "text/plain", "multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\(String(repeating: "x", count: 71))"
    ])
    func aBodyWithoutAUsableBoundaryIsNotAForm(contentType: String) throws {
        #expect(try MultipartForm(Self.body("b"), contentType: contentType) == nil)
    }

    @Test func aBodyThatIsNotMultipartIsRefusedAsABadRequest() throws {
        #expect(throws: WebError.self) {
            try MultipartForm(ByteBuffer(string: "--b\r\nno headers end here\r\n"), contentType: "multipart/form-data; boundary=b")
        }
    }

    @Test func aBodyCutShortIsRefusedNotSavedWithoutItsLastPart() {
        var body = Self.body("b")
        body.moveWriterIndex(to: body.writerIndex - "--b--\r\n".utf8.count)
        #expect(throws: WebError.self) { try MultipartForm(body, contentType: "multipart/form-data; boundary=b") }
        #expect(throws: WebError.self) { try MultipartForm(ByteBuffer(string: "no delimiter at all"), contentType: "multipart/form-data; boundary=b") }
    }

    @Test func textThatIsNotUTF8IsRefused() {
        var body = ByteBuffer(string: "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n")
        body.writeBytes([0x93, 0xFA, 0x96, 0x7B])  // 日本 in Shift_JIS
        body.writeString("\r\n--b--\r\n")
        #expect {
            try MultipartForm(body, contentType: "multipart/form-data; boundary=b")
        } throws: { ($0 as? WebError)?.message.en.contains("UTF-8") == true }
    }

    @Test func headerParametersKeepQuotedSeparators() {
        let parameters = HeaderParameters("form-data; name=\"a; b\"; filename=\"c\\\\d.png\"")
        #expect(parameters.value == "form-data")
        #expect(parameters["NAME"] == "a; b" && parameters["filename"] == "c\\d.png")
    }
}
