import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A QR code drawn by libqrencode (Debian: `libqrencode4`), a kept library, rather than a hand-written encoder. It is
/// loaded when first needed, not linked: running Mamori needs nothing but the Swift toolchain, and where the library
/// is missing the enrollment page shows the key as text alone.
struct QRCode: Sendable {
    /// Modules per side.
    let width: Int
    /// Row by row, true where the module is dark.
    let modules: [Bool]

    /// The code for `text` (error correction level M), or nil when libqrencode is not installed or refuses it.
    static func encode(_ text: String) -> QRCode? {
        guard let library = Library.loaded else { return nil }
        guard let code = text.withCString({ library.encode($0, 0, 1, 2, 1) }) else { return nil }
        defer { library.free(code) }
        // libqrencode's `QRcode`: int version, int width, unsigned char *data (width × width bytes).
        let width = Int(code.load(fromByteOffset: 4, as: Int32.self))
        guard width > 0, width <= 177,
            let data = code.load(fromByteOffset: 8, as: UnsafePointer<UInt8>?.self)
        else { return nil }
        // Bit 0 of each byte is the module's colour; the other bits say how the encoder used it.
        let modules = (0..<(width * width)).map { data[$0] & 1 == 1 }
        return QRCode(width: width, modules: modules)
    }

    /// The code as SVG: one path of unit squares inside a 4-module quiet zone, attributes only (the app's CSP allows no
    /// inline style).
    func svg(label: String, size: Int = 200) -> String {
        var path = ""
        for row in 0..<width {
            for column in 0..<width where modules[row * width + column] {
                path += "M\(column + 4) \(row + 4)h1v1h-1z"
            }
        }
        let side = width + 8
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(size)" height="\(size)" role="img" \
            aria-label="\(label)" shape-rendering="crispEdges"><rect width="\(side)" height="\(side)" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }

    /// The two functions Mamori calls, found once.
    private struct Library: @unchecked Sendable {
        typealias Encode = @convention(c) (UnsafePointer<CChar>, Int32, Int32, Int32, Int32) -> UnsafeMutableRawPointer?
        typealias Free = @convention(c) (UnsafeMutableRawPointer) -> Void
        let encode: Encode
        let free: Free

        static let loaded: Library? = {
            guard let handle = dlopen("libqrencode.so.4", RTLD_NOW) ?? dlopen("libqrencode.so", RTLD_NOW),
                let encode = dlsym(handle, "QRcode_encodeString"), let free = dlsym(handle, "QRcode_free")
            else { return nil }
            return Library(encode: unsafeBitCast(encode, to: Encode.self), free: unsafeBitCast(free, to: Free.self))
        }()
    }
}
