import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to a test server on 127.0.0.1, from a chosen local address (any of 127.0.0.0/8 on Linux),
/// for what an HTTP client library will not do: send from another source address, send half a request, trickle bytes.
/// Its calls block, so tests run them on a thread of their own through ``run(_:)``.
final class RawConnection {
    private let socket: Int32

    /// Connects to `127.0.0.1:port` from `source`; reads give up after `timeout` seconds.
    init(port: Int, from source: String = "127.0.0.1", timeout: Int = 10) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestFailure("socket: \(errno)") }
        var local = Self.address(source, port: 0)
        var remote = Self.address("127.0.0.1", port: port)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, connected == 0 else {
            close(socket)
            throw TestFailure("cannot connect from \(source) to port \(port): \(errno)")
        }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(socket)
    }

    private static func address(_ ip: String, port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, ip, &address.sin_addr)
        return address
    }

    /// Sends bytes; false once the server has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Everything the server sends until it closes the connection; `closed` is false when the read timed out first.
    func readToEnd() -> (data: Data, closed: Bool) {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
                continue
            }
            return (data, count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
        }
    }

    /// Whether the server has closed the connection, without waiting.
    var isClosedByServer: Bool {
        var byte: UInt8 = 0
        let count = recv(socket, &byte, 1, Int32(MSG_DONTWAIT) | Int32(MSG_PEEK))
        return count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    /// Runs blocking work on a thread of its own, so that the server under test keeps the concurrency pool.
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    /// One request with `Connection: close` from `source`, and the response (empty if none came within `timeout`
    /// seconds).
    static func exchange(
        port: Int, from source: String = "127.0.0.1", method: String, path: String, headers: [String: String] = [:],
        body: String = "", timeout: Int = 10
    ) async throws -> RawResponse {
        try await run {
            let connection = try RawConnection(port: port, from: source, timeout: timeout)
            var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.utf8.count)\r\n" }
            connection.send(head + "\r\n" + body)
            return RawResponse(String(decoding: connection.readToEnd().data, as: UTF8.self))
        }
    }
}

/// An HTTP/1.1 response read off a ``RawConnection``.
struct RawResponse: Sendable {
    var status = 0
    var headers: [(name: String, value: String)] = []
    var body = ""

    init(_ text: String) {
        let parts = text.components(separatedBy: "\r\n\r\n")
        let lines = parts[0].components(separatedBy: "\r\n")
        status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        headers = lines.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]).lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        body = parts.dropFirst().joined(separator: "\r\n\r\n")
    }

    /// The first value of a header.
    func header(_ name: String) -> String? {
        headers.first { $0.name == name.lowercased() }?.value
    }

    /// The value of a cookie the response sets.
    func cookie(_ name: String) -> String? {
        headers.filter { $0.name == "set-cookie" }.compactMap { header in
            let pair = header.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            return pair.count == 2 && pair[0] == name ? String(pair[1]) : nil
        }.first
    }
}
