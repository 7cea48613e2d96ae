/// The strict, single-pass JSON parser for untrusted token segments.
///
/// It is deliberately stricter than Foundation's parsers (see the security reference §1.4):
///
/// - UTF-8 only: a byte-order mark, UTF-16/32 text, invalid or overlong UTF-8 and encoded surrogates are
///   rejected (RFC 8725 §3.7);
/// - exactly one value with optional surrounding whitespace; anything after it is rejected;
/// - duplicate member names are rejected at every depth, compared after unescaping (`"exp"` and
///   `"\u0065xp"` are the same name), as RFC 7515 §4 and I-JSON (RFC 7493 §2.3) allow;
/// - numbers follow RFC 8259 §6 exactly (no `+1`, `01`, `.5`, `NaN`); integers that fit `Int` become
///   ``JSONValue/int(_:)``, other numbers ``JSONValue/double(_:)`` when finite, and anything that overflows a
///   double (`1e400`, a 400-digit integer) is rejected instead of becoming infinity;
/// - `\u` escapes must pair surrogates correctly; raw control characters in strings are rejected;
/// - nesting is limited (`maximumDepth`), so hostile input cannot exhaust the stack.
///
/// Errors are ``JSONReader/Failure`` values with a reason and a byte offset, never the input itself.
///
/// The parsing itself is ``JSONDocument/Builder``'s: it validates the text into a flat document, from which the
/// returned value reads lazily (objects stay views of the document).
package enum JSONReader {
    /// Why a text is not acceptable JSON.
    package struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        package enum Kind: Sendable, Hashable {
            case syntax
            case duplicateMember
            case tooDeep
            case invalidUTF8
            case numberOutOfRange
        }

        package let kind: Kind
        package let reason: String
        package let offset: Int

        package var description: String { "\(self.reason) at byte \(self.offset)" }
    }

    /// Parses `bytes` as one JSON value.
    package static func parse(_ bytes: some Collection<UInt8>, maximumDepth: Int = 16) throws(Failure) -> JSONValue {
        var builder = JSONDocument.Builder(copying: bytes)
        let root = try builder.parse(0..<bytes.count, maximumDepth: maximumDepth)
        return builder.build().value(at: root)
    }

    /// Parses `text` as one JSON value.
    package static func parse(_ text: String, maximumDepth: Int = 16) throws(Failure) -> JSONValue {
        try Self.parse(text.utf8, maximumDepth: maximumDepth)
    }

    /// A member name for an error message, shortened so a message never carries much of the input.
    static func quoted(_ name: String) -> String {
        let limit = 24
        if name.count <= limit {
            return "'\(name)'"
        }
        return "'\(name.prefix(limit))…'"
    }
}
