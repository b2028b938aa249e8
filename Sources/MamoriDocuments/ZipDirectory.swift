import Foundation

/// Where each file of a ZIP lies, read from its central directory with every offset checked against the bytes: how a
/// bundle is read without trusting its structure (bundles store their files uncompressed, so a file's bytes are its
/// content).
struct ZipDirectory {
    /// A file in the archive.
    struct Entry {
        /// 0 for stored (uncompressed).
        var method: Int
        /// Where its stored bytes are.
        var range: Range<Int>
    }

    /// What is wrong with the structure.
    struct Malformed: Error {
        var reason: String
    }

    private(set) var entries: [String: Entry] = [:]
    /// The paths in central directory order.
    private(set) var paths: [String] = []

    init(_ data: Data) throws(Malformed) {
        let bytes = [UInt8](data)
        func u16(_ at: Int) throws(Malformed) -> Int {
            guard at >= 0, at + 2 <= bytes.count else { throw Malformed(reason: "offset \(at) is outside the file") }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8
        }
        func u32(_ at: Int) throws(Malformed) -> Int {
            try u16(at) | (try u16(at + 2)) << 16
        }
        var end = bytes.count - 22
        while end >= 0 {
            if try u32(end) == 0x0605_4B50, try u16(end + 20) == bytes.count - end - 22 { break }
            end -= 1
        }
        guard end >= 0 else { throw Malformed(reason: "no end of central directory record") }
        let count = try u16(end + 10)
        var offset = try u32(end + 16)
        let directoryStart = offset
        guard offset + (try u32(end + 12)) == end else { throw Malformed(reason: "the central directory does not end where the end record starts") }
        for _ in 0..<count {
            guard try u32(offset) == 0x0201_4B50 else { throw Malformed(reason: "no central directory entry at \(offset)") }
            let method = try u16(offset + 10)
            let size = try u32(offset + 20)
            let nameLength = try u16(offset + 28)
            let extra = try u16(offset + 30)
            let comment = try u16(offset + 32)
            let local = try u32(offset + 42)
            guard offset + 46 + nameLength <= end else { throw Malformed(reason: "an entry's name runs past the directory") }
            let name = String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            guard local + 30 + nameLength <= directoryStart, try u32(local) == 0x0403_4B50, try u16(local + 26) == nameLength,
                bytes[(local + 30)..<(local + 30 + nameLength)].elementsEqual(bytes[(offset + 46)..<(offset + 46 + nameLength)])
            else { throw Malformed(reason: "the local header of \(name) does not match the directory") }
            let start = local + 30 + nameLength + (try u16(local + 28))
            guard start + size <= directoryStart, entries[name] == nil else {
                throw Malformed(reason: "\(name) overlaps the directory or is listed twice")
            }
            entries[name] = Entry(method: method, range: start..<(start + size))
            paths.append(name)
            offset += 46 + nameLength + extra + comment
        }
    }
}
