import Foundation
import NIOCore

/// The address a request came from (the TCP peer; a proxy's forwarding headers are not trusted), as lockouts count it:
/// an IPv4 address as it is, an IPv6 address by its /64 network (one host can use any address in its network), an
/// IPv4 address mapped into IPv6 as the IPv4 address.
struct PeerAddress: Sendable, Hashable {
    /// The key failed sign-ins are counted under: `203.0.113.7`, `2001:db8:0:1::/64`, or `unknown` without a peer.
    let source: String
    /// Whether the peer is this machine (127.0.0.0/8, ::1, or a Unix socket).
    let isLoopback: Bool

    /// The peer of a channel; `nil` (a request made in-process, as in tests) is `unknown` and not loopback.
    init(_ address: SocketAddress?) {
        switch address {
        case .v4(let v4):
            let bytes = withUnsafeBytes(of: v4.address.sin_addr) { Array($0) }
            (source, isLoopback) = Self.ipv4(bytes)
        case .v6(let v6):
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            if bytes.prefix(10).allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
                (source, isLoopback) = Self.ipv4(Array(bytes.suffix(4)))
            } else if bytes.prefix(15).allSatisfy({ $0 == 0 }), bytes[15] == 1 {
                (source, isLoopback) = ("::1", true)
            } else {
                let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
                (source, isLoopback) = (groups.joined(separator: ":") + "::/64", false)
            }
        case .unixDomainSocket:
            (source, isLoopback) = ("local", true)
        case nil:
            (source, isLoopback) = ("unknown", false)
        }
    }

    private static func ipv4(_ bytes: [UInt8]) -> (String, Bool) {
        (bytes.map(String.init).joined(separator: "."), bytes.first == 127)
    }
}
