/// Strict decoding of unpadded base64url, for the segments of untrusted tokens.
///
/// A verifier must give every token exactly one meaning, so the decoder accepts exactly the strings the encoder
/// produces and nothing else (RFC 7515 §2, RFC 8725 §3.11 on ambiguity):
///
/// - only the 64 characters of ``alphabet``; no `=` padding, no `+` or `/` of the standard alphabet, no white space
///   or line breaks, no NUL or non-ASCII byte (RFC 4648 §3.3);
/// - no length ≡ 1 (mod 4): one leftover character carries only 6 bits, less than a byte;
/// - the unused low bits of the last character must be zero (RFC 4648 §3.5). Foundation's `Data(base64Encoded:)`
///   ignores them, so `…EjXk`, `…EjXl`, `…EjXm` and `…EjXn` all decode to the same signature; here only `…EjXk` does,
///   which makes the decoding of a valid string its only spelling.
///
/// Decoding is table-driven, four characters to three bytes per step, and allocates nothing but its output.
extension Base64URL {
    /// Marks a byte outside the alphabet in ``decodingTable``. Valid entries are below 2²⁴, so one test of bit 31 of
    /// the OR of a group's entries rejects a group with any invalid byte in it.
    private static let invalid: UInt32 = 0xFF00_0000

    /// Four tables of 256 entries: in table `k`, the 6-bit value of each character of ``alphabet`` shifted to its
    /// place in a group of four characters (`value << (18 - 6k)`), and ``invalid`` for the other 192 byte values. A
    /// group's 24 bits are then the OR of four entries, without shifting each.
    private static let decodingTable: [UInt32] = {
        var table = [UInt32](repeating: invalid, count: 4 * 256)
        for (value, character) in alphabet.enumerated() {
            for place in 0..<4 {
                table[place * 256 + Int(character)] = UInt32(value) << (18 - 6 * place)
            }
        }
        return table
    }()

    /// Whether `byte` is one of the 64 characters.
    package static func isAlphabetByte(_ byte: UInt8) -> Bool {
        Self.decodingTable[Int(byte)] & Self.invalid == 0
    }

    /// The number of bytes a string of `encodedCount` characters decodes to, or `nil` if no unpadded base64url string
    /// has that length (a length ≡ 1 (mod 4)), so that a caller can bound a segment's size before decoding it.
    @inline(__always)
    package static func decodedCount(_ encodedCount: Int) -> Int? {
        let remainder = encodedCount % 4
        guard encodedCount >= 0, remainder != 1 else { return nil }
        return (encodedCount / 4) * 3 + (remainder == 0 ? 0 : remainder - 1)
    }

    /// The bytes `input` encodes, or `nil` if it is not strict unpadded base64url.
    package static func decode(_ input: some Collection<UInt8>) -> [UInt8]? {
        let characters = Array(input)
        guard let count = Self.decodedCount(characters.count) else { return nil }
        var output = [UInt8](repeating: 0, count: count)
        // Safe: `output` has exactly `decodedCount(characters.count)` bytes, the room `decode(_:into:)` requires.
        let decoded = unsafe characters.withUnsafeBufferPointer { characters in
            unsafe output.withUnsafeMutableBufferPointer { unsafe Self.decode(characters, into: $0) }
        }
        return decoded == nil ? nil : output
    }

    /// The bytes `text` encodes, or `nil` if it is not strict unpadded base64url.
    package static func decode(_ text: some StringProtocol) -> [UInt8]? {
        Self.decode(text.utf8)
    }

    /// Decodes `input` into the start of `output`, which must have room for `decodedCount(input.count)` bytes.
    ///
    /// - Returns: The number of bytes decoded, or `nil` if `input` is not strict unpadded base64url (`output` is then
    ///   partly written).
    static func decode(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        guard let byteCount = Self.decodedCount(input.count) else { return nil }
        precondition(output.count >= byteCount, "base64url output buffer too small")
        guard byteCount > 0 else { return 0 }
        // Safe: the table's buffer is valid for the call; the output is cut to exactly `byteCount` bytes.
        let isValid = unsafe Self.decodingTable.withUnsafeBufferPointer { table in
            unsafe Self.decode(input, into: UnsafeMutableBufferPointer(rebasing: output[..<byteCount]), table: table)
        }
        return isValid ? byteCount : nil
    }

    /// Decodes `input` into `output`, which has exactly `decodedCount(input.count)` bytes.
    ///
    /// Both buffers were sized by the caller, so every index below is in bounds: `i + 4 <= count` in the loops, and
    /// the tail has exactly 2 or 3 characters left for 1 or 2 output bytes. Table indices are a byte plus a multiple
    /// of 256 below 1024.
    @inline(__always)
    private static func decode(
        _ input: UnsafeBufferPointer<UInt8>,
        into output: UnsafeMutableBufferPointer<UInt8>,
        table: UnsafeBufferPointer<UInt32>
    ) -> Bool {
        /// The 24 bits of the four characters from `i` (or ``invalid`` bits).
        @inline(__always)
        func group(_ i: Int) -> UInt32 {
            // Safe: callers pass i + 4 <= input.count (see above).
            unsafe table[Int(input[i])] | table[256 + Int(input[i + 1])] | table[512 + Int(input[i + 2])]
                | table[768 + Int(input[i + 3])]
        }
        let count = input.count
        var i = 0
        var o = 0
        // Eight characters to six bytes at a time, written with one 8-byte store (whose last two bytes the next step
        // overwrites), while the output has room for all eight.
        if let out = output.baseAddress {
            while i + 8 <= count && o + 8 <= output.count {
                let first = group(i)
                let second = group(i + 4)
                guard (first | second) & Self.invalid == 0 else { return false }
                let value = UInt64(first) << 40 | UInt64(second) << 16
                // Safe: o + 8 <= output.count, checked by the loop.
                unsafe UnsafeMutableRawPointer(out + o).storeBytes(of: value.bigEndian, as: UInt64.self)
                i += 8
                o += 6
            }
        }
        while i + 4 <= count {
            let value = group(i)
            guard value & Self.invalid == 0 else { return false }
            // Safe: a whole group of four characters decodes to three bytes within the output's size.
            unsafe output[o] = UInt8(truncatingIfNeeded: value >> 16)
            unsafe output[o + 1] = UInt8(truncatingIfNeeded: value >> 8)
            unsafe output[o + 2] = UInt8(truncatingIfNeeded: value)
            i += 4
            o += 3
        }
        // Safe: the tail's characters are the last 2 or 3 of `input`, for the last 1 or 2 bytes of `output`.
        switch count - i {
        case 2:
            // 12 bits for one byte: the low 4 bits of the second character are unused and must be zero.
            let value = unsafe table[Int(input[i])] | table[256 + Int(input[i + 1])]
            guard value & Self.invalid == 0, value & 0x0F000 == 0 else { return false }
            unsafe output[o] = UInt8(truncatingIfNeeded: value >> 16)
        case 3:
            // 18 bits for two bytes: the low 2 bits of the third character are unused and must be zero.
            let value = unsafe table[Int(input[i])] | table[256 + Int(input[i + 1])] | table[512 + Int(input[i + 2])]
            guard value & Self.invalid == 0, value & 0x000C0 == 0 else { return false }
            unsafe output[o] = UInt8(truncatingIfNeeded: value >> 16)
            unsafe output[o + 1] = UInt8(truncatingIfNeeded: value >> 8)
        default:
            // 0: nothing left. 1 was rejected by `decodedCount` before any work.
            break
        }
        return true
    }
}
