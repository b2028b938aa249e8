import Foundation
import ZIPFoundation

/// A ZIP file built in memory: the container of an XLSX workbook and of a submission bundle.
struct ZipPackage {
    private let archive: Archive
    /// The modification time written on every entry, so that the same content gives the same bytes.
    private let modified: Date

    init(modified: Date) throws {
        archive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
        self.modified = modified
    }

    /// Adds a file; text is deflated, images (already compressed) are stored.
    mutating func add(_ path: String, _ data: Data, compress: Bool = true) throws {
        try archive.addEntry(
            with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: modified,
            compressionMethod: compress ? .deflate : .none
        ) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    /// The finished ZIP bytes.
    var data: Data { archive.data ?? Data() }
}
