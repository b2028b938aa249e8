/// Personal data encrypted at rest (AES-GCM, sealed by the store's key); the core never sees its clear text.
public struct Sealed: Sendable, Hashable, Codable {
    /// The sealed box, base64 (nonce, ciphertext and tag).
    public var base64: String

    /// Wraps an already sealed box.
    public init(base64: String) {
        self.base64 = base64
    }

    public init(from decoder: any Decoder) throws {
        base64 = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(base64)
    }
}
