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

    /// The sealed box; or, where the encoder carries a ``SealedOpener`` (a record read for the API or a page), what
    /// the opener shows in its place.
    public func encode(to encoder: any Encoder) throws {
        if let opener = encoder.userInfo[Self.openerKey] as? any SealedOpener {
            try opener.shown(self, at: encoder.codingPath).encode(to: encoder)
            return
        }
        var container = encoder.singleValueContainer()
        try container.encode(base64)
    }

    /// The `userInfo` key of an encoder's ``SealedOpener``.
    public static let openerKey = CodingUserInfoKey(rawValue: "mamori.sealed-opener")!
}

/// What a record read for people shows of each sealed value in it — the type says which values are sealed, so nothing
/// else is taken for one. Given by the server, which holds the key.
public protocol SealedOpener: Sendable {
    /// What to show for `sealed`, found at `path` in the record.
    func shown(_ sealed: Sealed, at path: [any CodingKey]) throws -> JSONValue
}
