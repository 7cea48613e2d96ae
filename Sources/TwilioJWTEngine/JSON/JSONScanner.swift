/// A position in a JSON text being parsed, and the scanning of its scalars: strings, numbers and literals.
///
/// Every read is at `position < text.count`, checked before it (``peek()`` or an explicit length test); the text is a
/// region of the builder's bytes, which outlive the scanner.
@safe struct JSONScanner {
    let text: UnsafeBufferPointer<UInt8>
    /// `text.count`, kept so that length checks read a plain integer.
    let count: Int
    /// The offset of `text` in the document's bytes.
    let base: Int
    private(set) var position = 0

    init(text: UnsafeBufferPointer<UInt8>, base: Int) {
        // Safe: the caller's `text` is a region of the builder's bytes, which outlive the scanner.
        unsafe self.text = text
        self.count = text.count
        self.base = base
    }

    var isAtEnd: Bool { self.position == self.count }

    @inline(__always)
    func peek() -> UInt8? {
        // Safe: position < text.count.
        self.position < self.count ? unsafe self.text[self.position] : nil
    }

    /// The byte `offset` after the current one, if the text has it.
    @inline(__always)
    private func peek(_ offset: Int) -> UInt8? {
        // Safe: position + offset < text.count.
        self.position + offset < self.count ? unsafe self.text[self.position + offset] : nil
    }

    /// Moves past the byte the caller has just looked at with ``peek()``.
    @inline(__always)
    mutating func advance() {
        self.position += 1
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while let byte = self.peek(),
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\t")
        {
            self.position += 1
        }
    }

    func failure(_ kind: JSONParseError.Kind, _ reason: String) -> JSONParseError {
        JSONParseError(kind: kind, reason: reason, offset: self.position)
    }

    /// Rejects texts that are not UTF-8 from their first bytes, with a reason that says what they look like.
    func checkEncoding() throws(JSONParseError) {
        let first = self.peek(0)
        let second = self.peek(1)
        if let first, let second, first == 0 || second == 0 {
            throw self.failure(.invalidUTF8, "text is not UTF-8 (it looks like UTF-16 or UTF-32)")
        }
        if first == 0xEF && second == 0xBB && self.peek(2) == 0xBF {
            throw self.failure(.invalidUTF8, "text starts with a byte-order mark")
        }
        // UTF-16 and UTF-32LE text that starts with its byte-order mark (FE FF, FF FE) has no zero among its first two
        // bytes, so the zero-byte test above misses it; it is an encoding problem, not a syntax error.
        if (first == 0xFE && second == 0xFF) || (first == 0xFF && second == 0xFE) {
            throw self.failure(
                .invalidUTF8, "text is not UTF-8 (it starts with a UTF-16 or UTF-32 byte-order mark)")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard self.count - self.position >= count else {
            throw self.failure(.syntax, "unexpected end of text in a literal")
        }
        // Safe: `count` bytes remain (checked above); the literal's buffer is valid for the call.
        let matches = literal.withUTF8Buffer { expected in
            (0..<count).allSatisfy { unsafe self.text[self.position + $0] == expected[$0] }
        }
        guard matches else {
            throw self.failure(.syntax, "invalid literal")
        }
        self.position += count
    }

    // MARK: Numbers

    mutating func parseNumber() throws(JSONParseError) -> JSONDocument.Node {
        let start = self.position
        var isInteger = true
        let isNegative = self.peek() == UInt8(ascii: "-")
        if isNegative {
            self.position += 1
        }
        let digitsStart = self.position
        switch self.peek() {
        case UInt8(ascii: "0"):
            self.position += 1
            if let next = self.peek(), Self.isDigit(next) {
                throw self.failure(.syntax, "numbers must not have leading zeros")
            }
        case let byte? where Self.isDigit(byte):
            self.skipDigits()
        default:
            throw self.failure(.syntax, "expected a digit")
        }
        let digitsEnd = self.position
        if self.peek() == UInt8(ascii: ".") {
            isInteger = false
            self.position += 1
            guard let byte = self.peek(), Self.isDigit(byte) else {
                throw self.failure(.syntax, "expected a digit after the decimal point")
            }
            self.skipDigits()
        }
        if self.peek() == UInt8(ascii: "e") || self.peek() == UInt8(ascii: "E") {
            isInteger = false
            self.position += 1
            if self.peek() == UInt8(ascii: "+") || self.peek() == UInt8(ascii: "-") {
                self.position += 1
            }
            guard let byte = self.peek(), Self.isDigit(byte) else {
                throw self.failure(.syntax, "expected a digit in the exponent")
            }
            self.skipDigits()
        }
        if isInteger, let value = self.integer(digitsStart..<digitsEnd, negative: isNegative) {
            return .scalar(.int, bits: UInt64(bitPattern: Int64(value)))
        }
        // The grammar was checked above, so `Double(_:)` sees only RFC 8259 numbers; it rounds correctly and yields
        // infinity on overflow, which JSON cannot mean.
        // Safe: start..<position lies within the text.
        let literal = unsafe String(
            decoding: UnsafeBufferPointer(rebasing: self.text[start..<self.position]), as: UTF8.self)
        guard let value = Double(literal), value.isFinite else {
            throw JSONParseError(kind: .numberOutOfRange, reason: "number is too large to represent", offset: start)
        }
        return .scalar(.double, bits: value.bitPattern)
    }

    /// The integer written with the digits in `range` (within the text), if it fits an `Int`.
    private func integer(_ range: Range<Int>, negative: Bool) -> Int? {
        if range.count <= 18 {
            // At most 18 digits: below 10¹⁸, so neither the sum nor the sign can overflow.
            var value = 0
            for index in range {
                // Safe: index is within the text.
                value = value &* 10 &+ Int(unsafe self.text[index] &- UInt8(ascii: "0"))
            }
            return negative ? 0 &- value : value
        }
        var magnitude: UInt64 = 0
        for index in range {
            // Safe: index is within the text.
            let digit = UInt64(unsafe self.text[index] &- UInt8(ascii: "0"))
            let (shifted, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, carry) = shifted.addingReportingOverflow(digit)
            guard !overflow, !carry else { return nil }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int.max) + 1 else { return nil }
            return Int(truncatingIfNeeded: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int.max) else { return nil }
        return Int(magnitude)
    }

    private mutating func skipDigits() {
        while let byte = self.peek(), Self.isDigit(byte) {
            self.position += 1
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    // MARK: Strings

    /// Checks a string and returns its node (the content's place in the bytes; nothing is copied).
    mutating func parseString() throws(JSONParseError) -> JSONDocument.Node {
        self.position += 1  // opening quote
        let start = self.position
        var isPlainASCII = true
        self.skipPlainWords()
        while true {
            guard let byte = self.peek() else {
                throw self.failure(.syntax, "unterminated string")
            }
            switch byte {
            case UInt8(ascii: "\""):
                let count = self.position - start
                let node = JSONDocument.Node(
                    kind: .string,
                    isPlainASCII: isPlainASCII,
                    start: UInt32(self.base + start),
                    count: UInt32(count),
                    bits: isPlainASCII && count <= MemberName.packedCount ? self.packed(from: start, count: count) : 0
                )
                self.position += 1
                return node
            case UInt8(ascii: "\\"):
                isPlainASCII = false
                try self.checkEscape()
            case 0..<0x20:
                throw self.failure(.syntax, "control character in a string must be escaped")
            case 0x80...:
                isPlainASCII = false
                try self.checkUTF8Sequence()
            default:
                self.position += 1
            }
        }
    }

    /// The `count` (at most eight) bytes from `start`, packed as ``MemberName`` packs them.
    @inline(__always)
    private func packed(from start: Int, count: Int) -> UInt64 {
        // Safe: reading the address does not dereference it.
        guard let base = unsafe self.text.baseAddress else { return 0 }
        guard start + MemberName.packedCount <= self.count else {
            // Safe: start + count <= text.count (the string ends before its closing quote).
            return unsafe MemberName.pack(UnsafeBufferPointer(start: base + start, count: count))
        }
        // One load, and the bytes past the string masked off.
        // Safe: start + 8 <= text.count.
        let word = unsafe SWAR.load(base + start)
        return count == MemberName.packedCount ? word : word & ((1 << (8 * UInt64(count))) - 1)
    }

    /// Moves past printable ASCII other than `"` and backslash, eight bytes at a time, to the first byte that fails
    /// (or to the last word's start); the byte loop of ``parseString()`` takes it from there.
    @inline(__always)
    private mutating func skipPlainWords() {
        // Safe: reading the address does not dereference it.
        guard let base = unsafe self.text.baseAddress else { return }
        while self.position + 8 <= self.count {
            // Safe: position + 8 <= text.count.
            let word = unsafe SWAR.load(base + self.position)
            let stops =
                (word & SWAR.highs) | SWAR.bytes(word, below: 0x20) | SWAR.bytes(word, equalTo: UInt8(ascii: "\""))
                | SWAR.bytes(word, equalTo: UInt8(ascii: "\\"))
            guard stops == 0 else {
                self.position += SWAR.firstFlaggedByte(stops)
                return
            }
            self.position += 8
        }
    }

    private mutating func checkEscape() throws(JSONParseError) {
        self.position += 1  // backslash
        guard let byte = self.peek() else {
            throw self.failure(.syntax, "unterminated escape")
        }
        self.position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return
        case UInt8(ascii: "u"):
            let first = try self.parseHex4()
            if (0xD800...0xDBFF).contains(first) {
                guard self.peek() == UInt8(ascii: "\\"), self.peek(1) == UInt8(ascii: "u") else {
                    throw self.failure(.invalidUTF8, "unpaired surrogate escape")
                }
                self.position += 2
                let second = try self.parseHex4()
                guard (0xDC00...0xDFFF).contains(second) else {
                    throw self.failure(.invalidUTF8, "unpaired surrogate escape")
                }
            } else if (0xDC00...0xDFFF).contains(first) {
                throw self.failure(.invalidUTF8, "unpaired surrogate escape")
            }
        default:
            throw self.failure(.syntax, "invalid escape")
        }
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt16 {
        guard self.count - self.position >= 4 else {
            throw self.failure(.syntax, "incomplete \\u escape")
        }
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = self.peek(), let digit = Hex.value(of: byte) else {
                throw self.failure(.syntax, "invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt16(digit)
            self.position += 1
        }
        return value
    }

    /// Checks one multi-byte UTF-8 sequence, rejecting invalid, overlong and surrogate encodings.
    private mutating func checkUTF8Sequence() throws(JSONParseError) {
        guard let lead = self.peek() else { return }
        let length: Int
        let lowerBound: UInt32
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF:
            length = 2
            lowerBound = 0x80
            scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF:
            length = 3
            lowerBound = 0x800
            scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4:
            length = 4
            lowerBound = 0x1_0000
            scalar = UInt32(lead & 0x07)
        default:
            throw self.failure(.invalidUTF8, "invalid UTF-8")
        }
        guard self.count - self.position >= length else {
            throw self.failure(.invalidUTF8, "truncated UTF-8 sequence")
        }
        for offset in 1..<length {
            guard let continuation = self.peek(offset), continuation & 0xC0 == 0x80 else {
                throw self.failure(.invalidUTF8, "invalid UTF-8")
            }
            scalar = scalar << 6 | UInt32(continuation & 0x3F)
        }
        guard scalar >= lowerBound, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
            throw self.failure(.invalidUTF8, "invalid UTF-8")
        }
        self.position += length
    }
}
