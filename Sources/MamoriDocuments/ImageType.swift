import Foundation

/// The image formats Mamori keeps (roster photos), told apart by their content, never by a file name.
public enum ImageType: Sendable {
    case png, jpeg

    /// The type of `data` by its signature bytes; nil when it is neither a PNG nor a JPEG.
    public init?(content data: Data) {
        if data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if data.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else {
            return nil
        }
    }

    /// The type of a stored photo: JPEG by its signature, PNG otherwise.
    public static func of(_ data: Data) -> ImageType {
        data.starts(with: [0xFF, 0xD8, 0xFF]) ? .jpeg : .png
    }

    /// `image/png` or `image/jpeg`.
    public var mime: String { self == .png ? "image/png" : "image/jpeg" }
    var fileExtension: String { self == .png ? "png" : "jpeg" }
}
