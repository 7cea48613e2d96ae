/// Why a text is not acceptable JSON: what rule it breaks and at which byte. Never holds more than a short member
/// name of the input.
package struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Kind: Sendable, Hashable {
        /// Not JSON text (RFC 8259 §2–§7), or more than one value.
        case syntax
        /// An object names a member twice (compared after unescaping).
        case duplicateMember
        /// Nesting deeper than the parse allows.
        case tooDeep
        /// Not UTF-8 (RFC 8259 §8.1): a byte-order mark, UTF-16 or UTF-32, an invalid or overlong sequence, an
        /// encoded or unpaired surrogate.
        case invalidUTF8
        /// A number too large for a `Double`.
        case numberOutOfRange
    }

    package let kind: Kind
    package let reason: String
    /// The offset of the offending byte from the start of the text.
    package let offset: Int

    package init(kind: Kind, reason: String, offset: Int) {
        self.kind = kind
        self.reason = reason
        self.offset = offset
    }

    package var description: String { "\(self.reason) at byte \(self.offset)" }

    /// A member name for a message, shortened to at most 24 Unicode scalars (96 bytes of UTF-8), so that a message
    /// never carries much of the input: counting characters would not bound it, as one character can hold any number
    /// of combining scalars.
    static func quoted(_ name: String) -> String {
        let limit = 24
        let scalars = name.unicodeScalars
        if scalars.count <= limit {
            return "'\(name)'"
        }
        var shortened = String.UnicodeScalarView()
        shortened.append(contentsOf: scalars.prefix(limit))
        return "'\(String(shortened))…'"
    }
}
