/// Unpadded base64url (RFC 4648 §5, as RFC 7515 §2 requires for JWS): the encoder here, the strict decoder in
/// `Base64URL+Decoding.swift`. Both tables derive from ``alphabet``.
package enum Base64URL {
    /// The 64 characters, in the order of their values (RFC 4648 §5, table 2).
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The two characters of every 12-bit value, first character in the low byte, so that three input bytes take two
    /// lookups instead of four (8 KiB, built once).
    private static let pairs: [UInt16] = (0..<4096).map { value in
        UInt16(alphabet[value >> 6]) | UInt16(alphabet[value & 0x3F]) << 8
    }

    /// The number of characters the encoding of `byteCount` bytes takes.
    @inline(__always)
    package static func encodedCount(_ byteCount: Int) -> Int {
        let remainder = byteCount % 3
        return (byteCount / 3) * 4 + (remainder == 0 ? 0 : remainder + 1)
    }

    /// The encoding of `bytes`.
    package static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let array = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(Self.encodedCount(array.count))
        // Safe: the array's bytes are valid for the whole call.
        unsafe array.withUnsafeBytes { unsafe Self.encode($0, appendingTo: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the encoding of `input` to `output`.
    static func encode(_ input: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: Self.encodedCount(input.count)))
        // Safe: the array grew by exactly the encoded length, the room `encode(_:into:)` requires.
        unsafe output.withUnsafeMutableBufferPointer { out in
            _ = unsafe Self.encode(input, into: UnsafeMutableBufferPointer(rebasing: out[start...]))
        }
    }

    /// Writes the encoding of `input` at the start of `output`, which must have room for
    /// `encodedCount(input.count)` bytes, and returns the number of bytes written.
    @discardableResult
    static func encode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let count = input.count
        let encodedCount = Self.encodedCount(count)
        precondition(output.count >= encodedCount, "base64url output buffer too small")
        // Safe: the input's bytes are plain bytes, so viewing them as `UInt8` is a valid binding.
        guard count > 0, let out = output.baseAddress,
            let bytes = unsafe input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        else { return 0 }
        // Safe: the tables' buffers are valid for the whole call; `encode(_:count:into:…)` stays within `count`
        // input bytes and `encodedCount` output bytes, which the precondition above guarantees.
        unsafe Self.alphabet.withUnsafeBufferPointer { table in
            unsafe Self.pairs.withUnsafeBufferPointer { pairTable in
                unsafe Self.encode(bytes, count: count, into: out, table: table, pairTable: pairTable)
            }
        }
        return encodedCount
    }

    /// Encodes `count` bytes at `bytes` into `encodedCount(count)` bytes at `out`.
    @inline(__always)
    private static func encode(
        _ bytes: UnsafePointer<UInt8>,
        count: Int,
        into out: UnsafeMutablePointer<UInt8>,
        table: UnsafeBufferPointer<UInt8>,
        pairTable: UnsafeBufferPointer<UInt16>
    ) {
        var i = 0
        var o = 0
        // Six bytes to eight characters at a time: one 8-byte load (of which six are used), four pair lookups and
        // one 8-byte store, while eight input bytes remain (so o + 8 <= encodedCount too).
        while i + 8 <= count {
            // Safe: i + 8 <= count; o + 8 <= encodedCount because 6 input bytes remain beyond this group's 6 … 8.
            let word = unsafe UInt64(bigEndian: UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self))
            // Safe: each index is 12 bits, below the pair table's 4096 entries.
            let characters =
                unsafe (UInt64(pairTable[Int(truncatingIfNeeded: word >> 52) & 0xFFF])
                | UInt64(pairTable[Int(truncatingIfNeeded: word >> 40) & 0xFFF]) << 16
                | UInt64(pairTable[Int(truncatingIfNeeded: word >> 28) & 0xFFF]) << 32
                | UInt64(pairTable[Int(truncatingIfNeeded: word >> 16) & 0xFFF]) << 48)
            unsafe UnsafeMutableRawPointer(out + o).storeBytes(of: characters.littleEndian, as: UInt64.self)
            i += 6
            o += 8
        }
        while i + 3 <= count {
            // Safe: i + 3 <= count, and o + 4 <= encodedCount for every whole group of three.
            let value = unsafe Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2])
            let characters = unsafe UInt32(pairTable[value >> 12]) | UInt32(pairTable[value & 0xFFF]) << 16
            unsafe UnsafeMutableRawPointer(out + o).storeBytes(of: characters.littleEndian, as: UInt32.self)
            i += 3
            o += 4
        }
        // Safe: one or two bytes remain, for two or three characters; table indices are 6 bits.
        switch count - i {
        case 1:
            let value = unsafe UInt32(bytes[i]) << 16
            unsafe out[o] = table[Int(value >> 18)]
            unsafe out[o + 1] = table[Int((value >> 12) & 0x3F)]
        case 2:
            let value = unsafe UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            unsafe out[o] = table[Int(value >> 18)]
            unsafe out[o + 1] = table[Int((value >> 12) & 0x3F)]
            unsafe out[o + 2] = table[Int((value >> 6) & 0x3F)]
        default:
            break
        }
    }
}
