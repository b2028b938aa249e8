import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MamoriCore
import MamoriStore
import NIOCore

@testable import MamoriServer

/// A client that keeps cookies like a browser and fills forms with their CSRF token, over HummingbirdTesting.
struct TestBrowser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
        var bytes: Data

        /// The value of a hidden form field on the page, e.g. `_csrf`.
        func hidden(_ name: String) -> String? {
            guard let range = body.range(of: "name=\"\(name)\" value=\"") else { return nil }
            let rest = body[range.upperBound...]
            return String(rest.prefix { $0 != "\"" })
        }

        var location: String? { headers[.location] }
    }

    mutating func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Page {
        try await send(uri, method: .get, headers: headers, body: nil)
    }

    /// Posts a form (URL-encoded).
    mutating func post(_ uri: String, form: [String: String]) async throws -> Page {
        try await post(uri, pairs: form.map { ($0.key, $0.value) })
    }

    /// Posts a form whose names may repeat (checkboxes).
    mutating func post(_ uri: String, pairs: [(String, String)]) async throws -> Page {
        let body = pairs.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: body)
    }

    /// Posts `multipart/form-data` with text fields and one file.
    mutating func post(_ uri: String, multipart fields: [String: String], file: (name: String, filename: String, data: Data)) async throws -> Page {
        let boundary = "mamori-test-\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        body.append(
            Data(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    .utf8))
        body.append(file.data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return try await send(uri, method: .post, headers: [.contentType: "multipart/form-data; boundary=\(boundary)"], bytes: body)
    }

    mutating func send(_ uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: String?) async throws -> Page {
        try await send(uri, method: method, headers: headers, bytes: body.map { Data($0.utf8) })
    }

    mutating func send(_ uri: String, method: HTTPRequest.Method, headers: HTTPFields, bytes: Data?) async throws -> Page {
        var fields = headers
        if !cookies.isEmpty { fields[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        let response = try await client.execute(uri: uri, method: method, headers: fields, body: bytes.map { ByteBuffer(bytes: $0) })
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        let bytes = Data(buffer: response.body)
        return Page(status: response.status, headers: response.headers, body: String(decoding: bytes, as: UTF8.self), bytes: bytes)
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Signs in through the pages, giving the TOTP code when the role needs one; returns the session's CSRF token.
    @discardableResult
    /// Signs in (with the second factor where the role needs it); an account whose password someone else chose changes
    /// it to `choosing` first, as the server asks.
    mutating func signIn(_ login: String, password: String, store: Store, at now: Date, choosing: String? = nil) async throws -> String {
        let form = try await get("/login")
        var page = try await post("/login", form: ["_csrf": form.hidden("_csrf") ?? "", "login": login, "password": password, "next": "/"])
        if page.location?.hasPrefix("/totp") == true {
            let totpPage = try await get(page.location!)
            let account = try await store.account(login: login)!
            // Each code is accepted once: a test signing in again takes the next step within the allowed drift.
            let step = max(Int64(now.timeIntervalSince1970 / 30) - 1, (account.totpLastStep ?? .min) + 1)
            let code = TOTP(secret: try store.vault.open(account.totpSecret!)).code(at: Date(timeIntervalSince1970: Double(step) * 30))
            page = try await post("/totp", form: ["_csrf": totpPage.hidden("_csrf") ?? "", "code": code, "next": "/"])
        }
        var home = try await get("/")
        if home.location == "/password", let choosing {
            let change = try await get("/password")
            _ = try await post(
                "/password",
                form: [
                    "_csrf": change.hidden("_csrf") ?? "", "current_password": password,
                    "new_password": choosing, "confirm_password": choosing
                ])
            home = try await get("/")
        }
        guard home.status == .ok else { throw TestFailure("sign-in of \(login) ended at \(home.status) \(page.status)") }
        return home.hidden("_csrf") ?? ""
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
