import Foundation
import MamoriAgentKit

/// A real Chromium driven through chromedriver's W3C WebDriver protocol (plain JSON over HTTP on 127.0.0.1, sent
/// with curl).
final class WebDriver: @unchecked Sendable {
    private var process: ChildProcess?
    private var base = ""
    private var sessionID = ""

    /// Starts chromedriver on a free port from 20,000 to 39,999 and a headless Chromium session. A port another program
    /// took (chromedriver then exits) is left for another; a busy machine gets 30 s for chromedriver to answer.
    init() async throws {
        guard let path = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw TestFailure("chromedriver is not installed (Debian: chromium-driver); .ci/run installs it")
        }
        var ready = false
        for _ in 0..<5 where !ready {
            let port = Int.random(in: 20_000..<40_000)
            let process = try ChildProcess.start([path, "--port=\(port)"])
            self.process = process
            base = "http://127.0.0.1:\(port)"
            for _ in 0..<300 where process.isRunning {
                if (try? await call("GET", "/status"))?["value"] != nil {
                    ready = true
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            if !ready {
                process.kill()
                process.wait()
            }
        }
        guard ready else { throw TestFailure("chromedriver did not answer on any of five ports") }
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "goog:chromeOptions": [
                        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1400"]
                    ]
                ]
            ]
        ]
        let created = try await call("POST", "/session", capabilities)
        guard let value = created["value"] as? [String: Any], let id = value["sessionId"] as? String else {
            throw TestFailure("chromedriver did not start a session: \(created)")
        }
        sessionID = id
    }

    /// Ends the browser session and chromedriver (SIGKILL: nothing of it needs to be kept).
    func quit() async {
        _ = try? await call("DELETE", "/session/\(sessionID)")
        process?.kill()
        process?.wait()
    }

    func open(_ url: String) async throws {
        _ = try await call("POST", "/session/\(sessionID)/url", ["url": url])
    }

    /// The element matching a CSS selector.
    func element(_ selector: String) async throws -> String {
        let found = try await call("POST", "/session/\(sessionID)/element", ["using": "css selector", "value": selector])
        guard let value = found["value"] as? [String: Any], let id = value.first(where: { $0.key.hasPrefix("element-") })?.value as? String else {
            throw TestFailure("no element \(selector): \(found)")
        }
        return id
    }

    func type(_ text: String, into selector: String) async throws {
        let id = try await element(selector)
        _ = try await call("POST", "/session/\(sessionID)/element/\(id)/clear", [:])
        _ = try await call("POST", "/session/\(sessionID)/element/\(id)/value", ["text": text])
    }

    func click(_ selector: String) async throws {
        _ = try await call("POST", "/session/\(sessionID)/element/\(try await element(selector))/click", [:])
    }

    /// Clicks a form's button and waits (up to 10 s) until the browser has left the page for the answer's, fully loaded:
    /// a click returns once the event is dispatched, which may be before the server has answered.
    func submit(_ selector: String) async throws {
        let before = try await currentURL
        try await click(selector)
        for _ in 0..<200 {
            if try await currentURL != before, try await execute("return document.readyState;") as? String == "complete" { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("\(selector) did not lead away from \(before)")
    }

    func attribute(_ name: String, of selector: String) async throws -> String? {
        let result = try await call("GET", "/session/\(sessionID)/element/\(try await element(selector))/attribute/\(name)")
        return result["value"] as? String
    }

    func text(of selector: String) async throws -> String {
        let result = try await call("GET", "/session/\(sessionID)/element/\(try await element(selector))/text")
        return result["value"] as? String ?? ""
    }

    /// Runs `script` in the page (W3C "execute script"; `arguments` as `arguments[0]`…) and returns its result.
    @discardableResult
    func execute(_ script: String, _ arguments: [Any] = []) async throws -> Any? {
        try await call("POST", "/session/\(sessionID)/execute/sync", ["script": script, "args": arguments])["value"]
    }

    /// Sets a field's value as a script would (a date input takes `YYYY-MM-DD` so, whatever the browser's locale).
    func setValue(_ value: String, of selector: String) async throws {
        let found = try await execute(
            "const e = document.querySelector(arguments[0]); if (!e) return false; e.value = arguments[1]; return true;",
            [selector, value])
        guard found as? Bool == true else { throw TestFailure("no element \(selector)") }
    }

    /// Resizes the window (e.g. 1366×768, a tablet's 768×1024).
    func resize(width: Int, height: Int) async throws {
        _ = try await call("POST", "/session/\(sessionID)/window/rect", ["width": width, "height": height])
    }

    /// What is wrong with the page shown for a person at a desk or on a tablet: axe-core's serious and critical findings
    /// (`axe` is axe.min.js), and sideways scrolling at 1366×768 or 768×1024. Empty when nothing is.
    func pageProblems(axe: String) async throws -> [String] {
        try await execute(axe + "\nreturn true;")
        var problems =
            try await execute(
                """
                return axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
                  .filter(v => v.impact === 'serious' || v.impact === 'critical')
                  .map(v => v.id + ' ' + v.nodes.map(n => n.target.join(' ')).join(', ')));
                """) as? [String] ?? ["axe-core did not run"]
        for (width, height) in [(1366, 768), (768, 1024)] {
            try await resize(width: width, height: height)
            let overflow = try await execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;") as? Int ?? -1
            if overflow != 0 { problems.append("scrolls sideways by \(overflow) px at \(width)×\(height)") }
        }
        try await resize(width: 1280, height: 1400)
        return problems
    }

    var currentURL: String {
        get async throws { try await call("GET", "/session/\(sessionID)/url")["value"] as? String ?? "" }
    }

    /// A PNG of the viewport, written to `file`.
    func screenshot(to file: URL) async throws {
        let result = try await call("GET", "/session/\(sessionID)/screenshot")
        guard let base64 = result["value"] as? String, let data = Data(base64Encoded: base64) else { throw TestFailure("no screenshot") }
        try data.write(to: file)
    }

    /// Sends a command on a thread of its own (curl is waited for), so that the in-process server under test keeps the
    /// concurrency pool's threads to answer the browser.
    @discardableResult
    private func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        let payload = try body.map { try JSONSerialization.data(withJSONObject: $0) } ?? Data()
        let data: Data = try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try self.send(method, path, payload) }) }.start()
        }
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    private func send(_ method: String, _ path: String, _ payload: Data) throws -> Data {
        let files = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-webdriver-\(UUID().uuidString)")
        let (request, response) = (files.appendingPathExtension("in"), files.appendingPathExtension("out"))
        defer {
            try? FileManager.default.removeItem(at: request)
            try? FileManager.default.removeItem(at: response)
        }
        try payload.write(to: request)
        let curl = try ChildProcess.run(
            [
                "/usr/bin/curl", "-s", "-m", "90", "-X", method, "-H", "Content-Type: application/json", "--data-binary", "@\(request.path)",
                "-o", response.path, base + path
            ], timeout: .seconds(100))
        guard curl.succeeded else { throw TestFailure("curl \(method) \(path) ended with \(curl.termination)") }
        return try Data(contentsOf: response)
    }
}
