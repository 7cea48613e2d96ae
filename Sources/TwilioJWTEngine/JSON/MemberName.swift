/// A name to look for in a parsed document (a member name, or a string value compared like one), prepared once for
/// fast comparison.
///
/// The document keeps each plain ASCII string of at most ``packedCount`` bytes also as one word (its bytes,
/// little-endian, zero-padded), and a name of that shape is prepared the same way here, so that comparing them is one
/// comparison of words. Longer ASCII names are compared byte for byte after their lengths. Names are compared as Swift
/// compares strings (canonical equivalence), as a dictionary keyed by `String` would find them: a member name written
/// with escapes or non-ASCII characters is decoded and compared as a `String`.
///
/// Preparing a name costs more than comparing it, so callers on a hot path keep their names as constants
/// (`static let incoming: MemberName = "incoming"`).
@_spi(Engine) public struct MemberName: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The name.
    public let text: String
    /// The UTF-8 bytes of ``text`` packed as the document packs short strings, when it is ASCII of at most
    /// ``packedCount`` bytes; 0 otherwise.
    @usableFromInline let packed: UInt64
    /// The number of UTF-8 bytes of ``text``.
    @usableFromInline let count: Int
    /// Whether ``text`` is ASCII, so that a plain ASCII string equals it exactly when their bytes are equal.
    @usableFromInline let isASCII: Bool
    /// Whether ``text`` is printable ASCII other than `"` and backslash, which JSON writes as it is.
    @usableFromInline let isPlainJSON: Bool

    public init(_ text: String) {
        self.text = text
        self.count = text.utf8.count
        self.isASCII = text.utf8.allSatisfy { $0 < 0x80 }
        self.isPlainJSON = text.utf8.allSatisfy {
            $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\")
        }
        // Safe: the buffer is read during the call only.
        self.packed =
            self.isASCII && self.count <= Self.packedCount ? unsafe text.withBorrowedUTF8 { unsafe Self.pack($0) } : 0
    }

    public init(stringLiteral text: String) {
        self.init(text)
    }

    public var description: String { self.text }

    /// The longest string kept packed: this many bytes. (Computed, so that code inlined into another module reads a
    /// constant rather than calling a stored property's accessor.)
    @inlinable static var packedCount: Int { 8 }

    /// `bytes` (at most ``packedCount`` of them) packed into a word, the first in the lowest byte.
    @inline(__always)
    static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var packed: UInt64 = 0
        for offset in 0..<bytes.count {
            // Safe: offset < bytes.count.
            packed |= UInt64(unsafe bytes[offset]) << (8 * offset)
        }
        return packed
    }
}
