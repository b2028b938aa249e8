import Foundation

/// Where sign-in may send a browser next (`next` of `/login` and `/totp`): a path on this site only. A browser drops
/// tabs and newlines from a URL, reads `\` as `/` and `//host` as another site, so anything a browser could read as
/// another origin is refused — control characters and white space anywhere, backslashes, `//` and `/\` at the start,
/// schemes, and the same hidden behind percent-encoding (`/%2F%2Fevil`, `/%5Cevil`, `/%09/evil`, double-encoded too).
/// A refused target becomes `/`.
enum RedirectTarget {
    /// The longest target kept.
    static let maximumLength = 2048

    /// `next` if it is a path on this site, percent-encoded where a `Location` header needs it; `/` otherwise.
    static func safe(_ next: String) -> String {
        guard next.utf8.count <= maximumLength else { return "/" }
        var candidate = next
        // Each layer of percent-encoding must be safe too: the browser, or a server behind it, may decode it.
        for _ in 0..<4 {
            guard isSafePath(candidate) else { return "/" }
            guard let decoded = candidate.removingPercentEncoding else {
                // Not valid percent-encoding: acceptable as a path only if it holds no `%` escapes at all.
                return candidate.contains("%") ? "/" : encoded(next)
            }
            if decoded == candidate { return encoded(next) }
            candidate = decoded
        }
        return "/"
    }

    /// One layer's check: a single `/` first, nothing a browser strips or turns into a slash, a host or a scheme.
    private static func isSafePath(_ path: String) -> Bool {
        let scalars = Array(path.unicodeScalars)
        guard scalars.first == "/" else { return false }
        if scalars.count > 1, scalars[1] == "/" || scalars[1] == "\\" { return false }
        for scalar in scalars {
            if scalar == "\\" { return false }
            switch scalar.properties.generalCategory {
            case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: return false
            default: break
            }
            if scalar.properties.isWhitespace { return false }
        }
        // What a URL parser makes of it, against a placeholder origin, must still be that origin (a second opinion:
        // a single `/` followed by anything else is always a path).
        guard let base = URL(string: "https://mamori.invalid/"), let resolved = URL(string: path, relativeTo: base)?.absoluteURL else { return true }
        return resolved.scheme == "https" && resolved.host == "mamori.invalid" && resolved.user == nil && resolved.port == nil
    }

    /// The path with every byte outside printable ASCII percent-encoded, for the `Location` header.
    private static func encoded(_ path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            if (0x21...0x7E).contains(byte), !"\"<>^`{|}".utf8.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}

extension RedirectTarget {
    /// `target` with `?saved=ID` (or `&saved=`), so that the page it leads to confirms the save (``SessionMiddleware``),
    /// and `#ID` when `anchored`; the ID percent-encoded but for letters, digits and `-_.`.
    static func saved(_ id: String, at target: String, anchored: Bool = false) -> String {
        let encoded = id.addingPercentEncoding(withAllowedCharacters: idCharacters) ?? ""
        return target + (target.contains("?") ? "&" : "?") + "saved=" + encoded + (anchored ? "#" + encoded : "")
    }

    private static let idCharacters = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
}
