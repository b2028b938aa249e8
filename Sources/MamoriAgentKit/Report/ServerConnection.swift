import Foundation

/// How the agent reaches its server: the URL, the proxy between (an office's), and the CA the server's certificate must
/// chain to (a city's own). Kept in the state directory at enrollment, so scheduled check-ins go the same way.
public struct ServerConnection: Sendable, Codable, Equatable {
    /// The server's base URL, e.g. `https://mamori.example`.
    public var server: String
    /// The proxy given with `--proxy` (`http://proxy:8080`, or `direct` for none); nil: the system's.
    public var proxy: String?
    /// A PEM file of the CA(s) the server's certificate must chain to (`--ca-file`), instead of the system's trust store.
    public var caFile: String?

    /// A connection to `server`, through `proxy` (nil: the system's), trusting `caFile` (nil: the system's store).
    public init(server: String, proxy: String? = nil, caFile: String? = nil) {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.proxy = proxy
        self.caFile = caFile
    }

    private enum CodingKeys: String, CodingKey {
        case server, proxy
        case caFile = "ca_file"
    }

    /// This connection with the options given on the command line taking the place of the stored ones.
    public func overridden(proxy: String?, caFile: String?) -> ServerConnection {
        ServerConnection(server: server, proxy: proxy ?? self.proxy, caFile: caFile ?? self.caFile)
    }

    /// The proxy curl is to use and the hosts it goes to directly: `--proxy` first, then the environment
    /// (`https_proxy`/`HTTPS_PROXY` for an https server, `http_proxy` for http, `no_proxy`/`NO_PROXY`), then on Windows the
    /// machine's WinHTTP proxy (`netsh winhttp show proxy`, what services running as SYSTEM use).
    public func route(environment: [String: String], winHTTP: () -> String?) -> (proxy: String?, direct: String?) {
        if let proxy {
            return proxy.lowercased() == "direct" ? (nil, "*") : (proxy, nil)
        }
        let secure = server.lowercased().hasPrefix("https:")
        let names = secure ? ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"] : ["http_proxy", "all_proxy", "ALL_PROXY"]
        let direct = [environment["no_proxy"], environment["NO_PROXY"]].compactMap { $0 }.first { !$0.isEmpty }
        if let found = names.compactMap({ environment[$0] }).first(where: { !$0.isEmpty }) { return (found, direct) }
        if let text = winHTTP() { return WinHTTPProxy.parse(text) }
        return (nil, direct)
    }

    /// curl's arguments for this connection: the proxy or none (an emptied environment gives curl none of its own), the CA file.
    func curlArguments(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        winHTTP: () -> String? = { nil }
    ) -> [String] {
        let route = route(environment: environment, winHTTP: winHTTP)
        return (route.proxy.map { ["--proxy", $0] } ?? []) + (route.direct.map { ["--noproxy", $0] } ?? [])
            + (caFile.map { ["--cacert", $0] } ?? [])
    }
}

/// `netsh winhttp show proxy`: the machine's proxy and bypass list, or direct access. The labels are translated on
/// Japanese Windows, so the lines are read by position: the first `label : value` line is the proxy, the second the
/// bypass list.
enum WinHTTPProxy {
    static func parse(_ text: String) -> (proxy: String?, direct: String?) {
        let values = ConsoleText.lines(text).compactMap(ConsoleText.labeled).map(\.value).filter { !$0.isEmpty }
        guard let server = values.first, !server.contains(" ") else { return (nil, nil) }
        // WinHTTP lists may name a proxy per scheme (`http=p:80;https=p:443`); take https's, else the first.
        let entries = server.split(separator: ";").map(String.init)
        let chosen =
            entries.first { $0.lowercased().hasPrefix("https=") }.map { String($0.dropFirst(6)) }
            ?? entries.first.map { $0.contains("=") ? String($0.split(separator: "=", maxSplits: 1)[1]) : $0 }
        let bypass = values.dropFirst().first.flatMap { list in
            list.hasPrefix("(") ? nil : list.split(separator: ";").map { $0 == "<local>" ? "localhost,127.0.0.1" : String($0) }.joined(separator: ",")
        }
        return (chosen.map { $0.contains("://") ? $0 : "http://\($0)" }, bypass)
    }
}
