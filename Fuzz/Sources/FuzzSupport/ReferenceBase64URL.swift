// A base64url codec written to be obviously correct rather than fast, independently of the library's tables: the
// fuzz targets judge the library's decoder and encoder against it. The functions take arrays rather than generic
// sequences: called from another module, a generic function runs unspecialised, through witness tables, many times
// slower, and the fuzzers' executions per second fall with it.

/// Strict unpadded base64url (RFC 4648 §5, https://www.rfc-editor.org/rfc/rfc4648#section-5, without the padding
/// that RFC 7515 §2 leaves out, https://www.rfc-editor.org/rfc/rfc7515#section-2), one bit group at a time.
public enum ReferenceBase64URL {
    /// The alphabet of RFC 4648 §5, written out here rather than taken from the library.
    public static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The value of each byte as a base64url digit, `nil` for a byte outside the alphabet: the alphabet inverted,
    /// entry by entry. (A table rather than a search of the alphabet for each character: libFuzzer instruments every
    /// comparison of a search, which made the harness, not the library, most of each execution.)
    static let values: [UInt8?] = {
        var values = [UInt8?](repeating: nil, count: 256)
        for (value, character) in Self.alphabet.enumerated() {
            values[Int(character)] = UInt8(value)
        }
        return values
    }()

    /// Decodes strictly: look each character up in the inverted alphabet, shift 6 bits at a time into an
    /// accumulator, emit a byte whenever 8 bits are available. At the end at most 4 bits may be left over (6 or more
    /// means a lone final character, length ≡ 1 (mod 4)) and they must be zero, so that every byte string has exactly
    /// one spelling (RFC 4648 §3.5, https://www.rfc-editor.org/rfc/rfc4648#section-3.5). `nil` for anything else: a
    /// character outside the alphabet (padding, `+`, `/`, white space, any non-ASCII byte), a bad length, non-zero
    /// unused bits.
    public static func decode(_ input: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        var accumulator: UInt32 = 0
        var bitCount = 0
        for character in input {
            guard let value = Self.values[Int(character)] else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
                accumulator &= (1 << UInt32(bitCount)) - 1
            }
        }
        guard bitCount < 6, accumulator == 0 else { return nil }
        return output
    }

    /// Encodes without padding: shift 8 bits at a time into an accumulator, emit a character whenever 6 bits are
    /// available, and at the end the 2 or 4 bits left over, padded with zero bits to one last character.
    public static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var accumulator: UInt32 = 0
        var bitCount = 0
        for byte in bytes {
            accumulator = accumulator << 8 | UInt32(byte)
            bitCount += 8
            while bitCount >= 6 {
                bitCount -= 6
                output.append(Self.alphabet[Int(accumulator >> UInt32(bitCount))])
                accumulator &= (1 << UInt32(bitCount)) - 1
            }
        }
        if bitCount > 0 {
            output.append(Self.alphabet[Int(accumulator << UInt32(6 - bitCount))])
        }
        return output
    }

    /// ``encode(_:)`` as a string (the encoding is ASCII).
    public static func encodedString(_ bytes: [UInt8]) -> String {
        String(decoding: Self.encode(bytes), as: UTF8.self)
    }
}

/// The text `bytes` spell if they are valid UTF-8, judged by the standard library's validator: `String(decoding:)`
/// replaces every invalid or overlong sequence and every encoded surrogate with U+FFFD, which changes the bytes, so
/// the bytes are UTF-8 exactly when the string's UTF-8 is the bytes themselves. A byte-order mark is valid UTF-8 and
/// is kept.
public func utf8Text(_ bytes: [UInt8]) -> String? {
    let text = String(decoding: bytes, as: UTF8.self)
    return text.utf8.elementsEqual(bytes) ? text : nil
}

/// The UTF-8 byte-order mark, which JSON text must not start with (RFC 8259 §8.1,
/// https://www.rfc-editor.org/rfc/rfc8259#section-8.1).
public let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
