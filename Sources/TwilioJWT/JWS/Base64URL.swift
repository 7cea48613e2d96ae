/// Unpadded base64url (RFC 4648 §5, as RFC 7515 §2 requires for JWS).
package enum Base64URL {
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The two characters of every 12-bit value, so three input bytes take two lookups instead of four
    /// (8 KiB, built once).
    private static let pairs: [UInt16] = (0..<4096).map { value in
        UInt16(alphabet[value >> 6]) | UInt16(alphabet[value & 0x3F]) << 8  // little-endian: first char first
    }

    /// The number of characters the encoding of `byteCount` bytes takes.
    @inline(__always)
    package static func encodedCount(_ byteCount: Int) -> Int {
        let remainder = byteCount % 3
        return (byteCount / 3) * 4 + (remainder == 0 ? 0 : remainder + 1)
    }

    /// Writes the encoding of `input` at the start of `output`, which must have room for
    /// `encodedCount(input.count)` bytes, and returns the number of bytes written.
    @discardableResult
    package static func encode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let count = input.count
        let encodedCount = Self.encodedCount(count)
        precondition(output.count >= encodedCount, "base64url output buffer too small")
        guard count > 0, let out = output.baseAddress,
            let bytes = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        else { return 0 }
        Self.alphabet.withUnsafeBufferPointer { table in
            Self.pairs.withUnsafeBufferPointer { pairTable in
                Self.encode(bytes, count: count, into: out, table: table, pairTable: pairTable)
            }
        }
        return encodedCount
    }

    @inline(__always)
    private static func encode(
        _ bytes: UnsafePointer<UInt8>,
        count: Int,
        into out: UnsafeMutablePointer<UInt8>,
        table: UnsafeBufferPointer<UInt8>,
        pairTable: UnsafeBufferPointer<UInt16>
    ) {
        do {
            var i = 0
            var o = 0
            // Six bytes to eight characters at a time: one 8-byte load (of which six are used), four pair lookups
            // and one 8-byte store.
            while i + 8 <= count {
                let word = UInt64(bigEndian: UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self))
                let characters =
                    UInt64(pairTable[Int(truncatingIfNeeded: word >> 52) & 0xFFF])
                    | UInt64(pairTable[Int(truncatingIfNeeded: word >> 40) & 0xFFF]) << 16
                    | UInt64(pairTable[Int(truncatingIfNeeded: word >> 28) & 0xFFF]) << 32
                    | UInt64(pairTable[Int(truncatingIfNeeded: word >> 16) & 0xFFF]) << 48
                UnsafeMutableRawPointer(out + o).storeBytes(of: characters.littleEndian, as: UInt64.self)
                i += 6
                o += 8
            }
            while i + 3 <= count {
                let value = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2])
                // The four characters as one (unaligned) store; each pair has its first character in the low byte.
                let characters = UInt32(pairTable[value >> 12]) | UInt32(pairTable[value & 0xFFF]) << 16
                UnsafeMutableRawPointer(out + o).storeBytes(of: characters.littleEndian, as: UInt32.self)
                i += 3
                o += 4
            }
            switch count - i {
            case 1:
                let value = UInt32(bytes[i]) << 16
                out[o] = table[Int(value >> 18)]
                out[o + 1] = table[Int((value >> 12) & 0x3F)]
            case 2:
                let value = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
                out[o] = table[Int(value >> 18)]
                out[o + 1] = table[Int((value >> 12) & 0x3F)]
                out[o + 2] = table[Int((value >> 6) & 0x3F)]
            default:
                break
            }
        }
    }

    /// Appends the encoding of `input` to `output`.
    package static func encode(_ input: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) {
        let start = output.count
        let encodedCount = Self.encodedCount(input.count)
        output.append(contentsOf: repeatElement(0, count: encodedCount))
        _ = output.withUnsafeMutableBufferPointer { out in
            Self.encode(input, into: UnsafeMutableBufferPointer(rebasing: out[start...]))
        }
    }

    /// The encoding of `bytes` as a string.
    package static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let array = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(Self.encodedCount(array.count))
        array.withUnsafeBytes { Self.encode($0, appendingTo: &output) }
        return String(decoding: output, as: UTF8.self)
    }
}
