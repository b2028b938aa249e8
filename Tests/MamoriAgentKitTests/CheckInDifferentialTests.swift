import Foundation
import MamoriTestSupport
import Testing

@testable import MamoriAgentKit

/// The server reads a check-in with its own scanner (``PostedFacts/init(reading:)``), where everything else reads JSON
/// with `JSONDecoder`: thousands of bodies made from a real check-in by seeded random edits — bytes deleted, inserted
/// and replaced, letters written as escapes, white space, Japanese text, members named twice, arrays nested deep —
/// are accepted by both or refused by both, and where accepted read as the same values. Refused by design and so
/// expected of the reference too: a member named twice (decoders differ on which counts) and nesting past 64 levels.
@Suite struct CheckInDifferentialTests {
    /// One generated body and what the reference must do with it beyond `JSONDecoder`.
    struct Case {
        var body: [UInt8]
        var refusedByDesign = false
    }

    static let alphabet = Array(#"{}[]",:\ 0123456789-.eEtrufalsnx"#.utf8) + Array("é経".utf8) + [0x01, 0x0A]

    static func generate(_ base: [UInt8], _ random: inout SplitMix) -> Case {
        var body = base
        let position = Int.random(in: 0..<body.count, using: &random)
        switch Int.random(in: 0..<9, using: &random) {
        case 0: body.remove(at: position)
        case 1: body.insert(alphabet.randomElement(using: &random)!, at: position)
        case 2: body[position] = alphabet.randomElement(using: &random)!
        case 3:
            // A letter inside a string as its \u escape: the same text.
            let inside = stringMask(body)
            let letters = body.indices.filter { (0x61...0x7A).contains(body[$0]) && inside[$0] }
            if let index = letters.randomElement(using: &random) {
                body.replaceSubrange(index...index, with: Array(String(format: "\\u%04X", body[index]).utf8))
            }
        case 4:
            // White space after a separator.
            let inside = stringMask(body)
            let separators = body.indices.filter { [0x2C, 0x3A].contains(body[$0]) && !inside[$0] }
            if let index = separators.randomElement(using: &random) {
                body.insert(contentsOf: Array([" ", "\n", "\t", "\r\n  "].randomElement(using: &random)!.utf8), at: index + 1)
            }
        case 5:
            // Japanese text and escapes in the host name.
            body = replacing(body, #""hostname":""#, with: #""hostname":"経理\u00e9\n\"PC\"-"#)
        case 6:
            // A member named twice, in the parameters the scanner only skips, or at the top.
            let twice = Bool.random(using: &random) ? #""parameters":{"x":1,"x":2,"# : #"{"platform":"linux","#
            body = replacing(body, twice.hasPrefix("{") ? "{" : #""parameters":{"#, with: twice, first: true)
            return Case(body: body, refusedByDesign: true)
        case 7:
            // An array nested `depth` deep in the parameters (themselves two levels down).
            let depth = Int.random(in: 1...80, using: &random)
            let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            body = replacing(body, #""parameters":{"#, with: #""parameters":{"deep":\#(nested),"#)
            return Case(body: body, refusedByDesign: 2 + depth > 64)
        default:
            // A number edited where a fact holds one.
            body = replacing(
                body, #"{"int":"#,
                with: #"{"int":"# + [
                    "-0", "0", "12", "-42", "9223372036854775807", "9223372036854775808",
                    "1.0", "1e2", "01", "-", "0.5"
                ].randomElement(using: &random)! + "0", first: true)
        }
        return Case(body: body)
    }

    /// For each byte, whether it lies between a string's quotes (its opening quote included, its closing one not).
    static func stringMask(_ body: [UInt8]) -> [Bool] {
        var mask = [Bool](repeating: false, count: body.count)
        var inside = false
        var escaped = false
        for (index, byte) in body.enumerated() {
            if escaped { escaped = false } else if byte == 0x5C { escaped = inside } else if byte == 0x22 { inside.toggle() }
            mask[index] = inside
        }
        return mask
    }

    static func replacing(_ body: [UInt8], _ target: String, with replacement: String, first: Bool = false) -> [UInt8] {
        let text = String(decoding: body, as: UTF8.self)
        guard let range = text.range(of: target) else { return body }
        return Array(text.replacingCharacters(in: range, with: replacement).utf8)
    }

    @Test func theScannerAndTheDecoderAcceptAndReadTheSameBodies() throws {
        var report = try CheckInTests().report(extra: 2)
        report.facts.append(Fact("linux.x.int", .int(7)))
        let base = Array(try CheckIn(report).canonicalJSON())
        var random = SplitMix(state: 0x4D61_6D6F_7269)
        var accepted = 0
        var refused = 0
        var disagreements: [String] = []
        for number in 0..<4_000 {
            let generated = Self.generate(base, &random)
            let body = Data(generated.body)
            let scanned = try? PostedFacts(reading: body)
            let decoded = generated.refusedByDesign ? nil : (try? JSONDecoder().decode(CheckIn.self, from: body))?.posted
            if scanned != decoded {
                disagreements.append(
                    "case \(number): scanner \(scanned == nil ? "refused" : "read"), decoder \(decoded == nil ? "refused" : "read") "
                        + String(decoding: generated.body, as: UTF8.self).prefix(200))
            }
            if scanned == nil { refused += 1 } else { accepted += 1 }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements:\n\(disagreements.prefix(8).joined(separator: "\n"))")
        #expect(accepted > 800 && refused > 800, "both outcomes are tried: \(accepted) read, \(refused) refused")
    }
}
