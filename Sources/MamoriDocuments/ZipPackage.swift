import Foundation
import MamoriCore
import ZIPFoundation

/// A ZIP file built in memory: the container of an XLSX workbook and of a submission bundle.
struct ZipPackage {
    private let archive: Archive
    /// The modification time written on every entry, so that the same content gives the same bytes.
    private let modified: Date

    /// A ZIP entry's time has no zone: ZIPFoundation writes the wall-clock time of this machine's zone, and the
    /// reader shows it as it is. Entries carry Japan's wall-clock time, as the documents inside do (a server in UTC
    /// wrote 21:34 beside documents dated 6:34).
    init(modified: Date) throws {
        archive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
        let japan = Day.timeZone.secondsFromGMT(for: modified)
        self.modified = modified.addingTimeInterval(TimeInterval(japan - TimeZone.current.secondsFromGMT(for: modified)))
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
