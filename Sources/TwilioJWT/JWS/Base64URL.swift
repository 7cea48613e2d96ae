/// Unpadded base64url (RFC 4648 §5, as RFC 7515 §2 requires for JWS).
package enum Base64URL {
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The number of characters the encoding of `byteCount` bytes takes.
    @inline(__always)
    package static func encodedCount(_ byteCount: Int) -> Int {
        let remainder = byteCount % 3
        return (byteCount / 3) * 4 + (remainder == 0 ? 0 : remainder + 1)
    }

    /// Appends the encoding of `input` to `output`.
    package static func encode(_ input: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) {
        let count = input.count
        guard count > 0 else { return }
        let start = output.count
        let encodedCount = Self.encodedCount(count)
        output.append(contentsOf: repeatElement(0, count: encodedCount))
        output.withUnsafeMutableBufferPointer { out in
            Self.alphabet.withUnsafeBufferPointer { table in
                var i = 0
                var o = start
                while i + 3 <= count {
                    let value = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
                    out[o] = table[Int(value >> 18)]
                    out[o + 1] = table[Int((value >> 12) & 0x3F)]
                    out[o + 2] = table[Int((value >> 6) & 0x3F)]
                    out[o + 3] = table[Int(value & 0x3F)]
                    i += 3
                    o += 4
                }
                switch count - i {
                case 1:
                    let value = UInt32(input[i]) << 16
                    out[o] = table[Int(value >> 18)]
                    out[o + 1] = table[Int((value >> 12) & 0x3F)]
                case 2:
                    let value = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8
                    out[o] = table[Int(value >> 18)]
                    out[o + 1] = table[Int((value >> 12) & 0x3F)]
                    out[o + 2] = table[Int((value >> 6) & 0x3F)]
                default:
                    break
                }
            }
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
