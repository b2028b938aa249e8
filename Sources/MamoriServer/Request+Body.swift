import Hummingbird

extension Request {
    /// The whole body, refused with 413 and the limit named beyond `limit` bytes.
    func collectBody(limit: Int) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: limit)
        } catch {
            throw WebError.tooLarge(limit)
        }
    }
}
