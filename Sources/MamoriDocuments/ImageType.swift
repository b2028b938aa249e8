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

    /// The width and height a PNG's header (IHDR) or a JPEG's frame header (SOF0…SOF15 but DHT, JPG, DAC) declares;
    /// nil when the header is missing or cut short. Read before a photo is accepted, so that a 1 MB file claiming
    /// 100,000 × 100,000 pixels is refused before any viewer tries to decode it.
    public static func dimensions(of data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(256 * 1024))
        func big(_ at: Int, _ count: Int) -> Int? {
            guard at >= 0, at + count <= bytes.count else { return nil }
            return bytes[at..<at + count].reduce(0) { $0 << 8 | Int($1) }
        }
        switch ImageType(content: data) {
        case .png:
            // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4).
            guard bytes.count >= 24, bytes[12...15].elementsEqual("IHDR".utf8), let width = big(16, 4), let height = big(20, 4) else { return nil }
            return (width, height)
        case .jpeg:
            var index = 2
            while index + 4 <= bytes.count {
                guard bytes[index] == 0xFF else { return nil }
                let marker = bytes[index + 1]
                if marker == 0xFF {
                    index += 1
                    continue
                }
                if marker == 0xD8 || (0xD0...0xD7).contains(marker) || marker == 0x01 {
                    index += 2
                    continue
                }
                guard let length = big(index + 2, 2), length >= 2 else { return nil }
                if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                    guard let height = big(index + 5, 2), let width = big(index + 7, 2) else { return nil }
                    return (width, height)
                }
                index += 2 + length
            }
            return nil
        case nil:
            return nil
        }
    }

    /// `image/png` or `image/jpeg`.
    public var mime: String { self == .png ? "image/png" : "image/jpeg" }
    var fileExtension: String { self == .png ? "png" : "jpeg" }
}
