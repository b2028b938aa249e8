/// How long the server waits for slow clients, so that connections held open by sending a byte a second, or by never
/// finishing their headers, are closed instead of piling up.
public struct ServerTimeouts: Sendable {
    /// A connection that delivers no complete request header (or no further body part, or no next request) for this
    /// long is closed.
    public var idle: Duration
    /// A request whose body has not arrived in full this long after its header is dropped with its connection.
    public var requestRead: Duration

    /// Timeouts; the defaults drop a stalled header after 15 s and a trickled body after 30 s.
    public init(idle: Duration = .seconds(15), requestRead: Duration = .seconds(30)) {
        self.idle = idle
        self.requestRead = requestRead
    }
}
