/// Lower-case hexadecimal and standard base64, the two encodings a webhook signature uses.
enum Hex {
    static let lowercaseDigits: [UInt8] = Array("0123456789abcdef".utf8)
    static let uppercaseDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    static func lowercase(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        for byte in bytes {
            output.append(lowercaseDigits[Int(byte >> 4)])
            output.append(lowercaseDigits[Int(byte & 0x0F)])
        }
        return output
    }
}

enum Base64 {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// RFC 4648 §4 base64 with `=` padding, as Python's `base64.b64encode` writes it.
    static func encoded(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= input.count {
            let value = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            output.append(alphabet[Int(value >> 18 & 0x3F)])
            output.append(alphabet[Int(value >> 12 & 0x3F)])
            output.append(alphabet[Int(value >> 6 & 0x3F)])
            output.append(alphabet[Int(value & 0x3F)])
            index += 3
        }
        let remaining = input.count - index
        if remaining > 0 {
            let second = remaining == 2 ? UInt32(input[index + 1]) : 0
            let value = UInt32(input[index]) << 16 | second << 8
            output.append(alphabet[Int(value >> 18 & 0x3F)])
            output.append(alphabet[Int(value >> 12 & 0x3F)])
            output.append(remaining == 2 ? alphabet[Int(value >> 6 & 0x3F)] : UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        }
        return output
    }

    /// Whether `text` could be a base64 signature of `length` characters: the standard alphabet, then `=` padding.
    static func isWellFormed(_ text: some Collection<UInt8>, length: Int) -> Bool {
        guard text.count == length else { return false }
        var seenPadding = false
        for byte in text {
            if byte == UInt8(ascii: "=") {
                seenPadding = true
            } else if seenPadding || !alphabet.contains(byte) {
                return false
            }
        }
        return true
    }
}

/// Compares two byte strings of equal length in time that depends only on the length, never on where they differ.
func constantTimeEquals(_ left: [UInt8], _ right: [UInt8]) -> Bool {
    guard left.count == right.count else { return false }
    var difference: UInt8 = 0
    for index in left.indices {
        difference |= left[index] ^ right[index]
    }
    return difference == 0
}
