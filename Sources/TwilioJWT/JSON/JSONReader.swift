/// A strict, single-pass JSON parser for untrusted token segments.
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
package struct JSONReader {
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

    private let bytes: UnsafeBufferPointer<UInt8>
    private let maximumDepth: Int
    private var position = 0

    private init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    /// Parses `bytes` as one JSON value.
    package static func parse(_ bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int = 16) throws(Failure) -> JSONValue
    {
        var reader = JSONReader(bytes: bytes, maximumDepth: maximumDepth)
        if bytes.count >= 2 && (bytes[0] == 0 || bytes[1] == 0) {
            throw reader.failure(.invalidUTF8, "text is not UTF-8 (it looks like UTF-16 or UTF-32)")
        }
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            throw reader.failure(.invalidUTF8, "text starts with a byte-order mark")
        }
        // UTF-16 and UTF-32LE text that starts with its byte-order mark (FE FF, FF FE) has no zero among its
        // first two bytes, so the zero-byte test above misses it; it is an encoding problem, not a syntax error.
        if bytes.count >= 2 && ((bytes[0], bytes[1]) == (0xFE, 0xFF) || (bytes[0], bytes[1]) == (0xFF, 0xFE)) {
            throw reader.failure(.invalidUTF8, "text is not UTF-8 (it starts with a UTF-16 or UTF-32 byte-order mark)")
        }
        reader.skipWhitespace()
        let value = try reader.parseValue(depth: 0)
        reader.skipWhitespace()
        guard reader.position == bytes.count else {
            throw reader.failure(.syntax, "unexpected data after the JSON value")
        }
        return value
    }

    /// Parses `bytes` as one JSON value.
    package static func parse(_ bytes: [UInt8], maximumDepth: Int = 16) throws(Failure) -> JSONValue {
        let result: Result<JSONValue, Failure> = bytes.withUnsafeBufferPointer { buffer in
            do throws(Failure) {
                return .success(try Self.parse(buffer, maximumDepth: maximumDepth))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses `text` as one JSON value.
    package static func parse(_ text: String, maximumDepth: Int = 16) throws(Failure) -> JSONValue {
        try Self.parse(Array(text.utf8), maximumDepth: maximumDepth)
    }

    // MARK: - Values

    private mutating func parseValue(depth: Int) throws(Failure) -> JSONValue {
        guard self.position < self.bytes.count else {
            throw self.failure(.syntax, "unexpected end of text, expected a value")
        }
        switch self.bytes[self.position] {
        case UInt8(ascii: "{"):
            return .object(try self.parseObject(depth: depth + 1))
        case UInt8(ascii: "["):
            return .array(try self.parseArray(depth: depth + 1))
        case UInt8(ascii: "\""):
            return .string(try self.parseString())
        case UInt8(ascii: "t"):
            try self.expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try self.expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try self.expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try self.parseNumber()
        default:
            throw self.failure(.syntax, "unexpected character, expected a value")
        }
    }

    private mutating func parseObject(depth: Int) throws(Failure) -> JSONObject {
        guard depth <= self.maximumDepth else {
            throw self.failure(.tooDeep, "nesting deeper than \(self.maximumDepth) levels")
        }
        self.position += 1  // {
        self.skipWhitespace()
        if self.peek() == UInt8(ascii: "}") {
            self.position += 1
            return JSONObject()
        }
        var object = JSONObject(capacity: 8)
        // Small objects (all of a token's) check duplicates by a linear scan: no hashing, no allocation. A set
        // takes over for large ones, so hostile input cannot make the check quadratic.
        var names: Set<String>? = nil
        while true {
            self.skipWhitespace()
            guard self.peek() == UInt8(ascii: "\"") else {
                throw self.failure(.syntax, "expected a member name in quotes")
            }
            let nameOffset = self.position
            let name = try self.parseString()
            let isDuplicate: Bool
            if names != nil {
                isDuplicate = !names!.insert(name).inserted  // in place, no copy of the set
            } else if object.count < 16 {
                isDuplicate = object.contains(name: name)
            } else {
                var seen = Set(object.keys)
                isDuplicate = !seen.insert(name).inserted
                names = seen
            }
            guard !isDuplicate else {
                throw Failure(
                    kind: .duplicateMember, reason: "duplicate member name \(Self.quoted(name))", offset: nameOffset)
            }
            self.skipWhitespace()
            guard self.peek() == UInt8(ascii: ":") else {
                throw self.failure(.syntax, "expected ':' after a member name")
            }
            self.position += 1
            self.skipWhitespace()
            let value = try self.parseValue(depth: depth)
            object.appendUnchecked(name, value)
            self.skipWhitespace()
            switch self.peek() {
            case UInt8(ascii: ","):
                self.position += 1
            case UInt8(ascii: "}"):
                self.position += 1
                return object
            default:
                throw self.failure(.syntax, "expected ',' or '}' in an object")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(Failure) -> [JSONValue] {
        guard depth <= self.maximumDepth else {
            throw self.failure(.tooDeep, "nesting deeper than \(self.maximumDepth) levels")
        }
        self.position += 1  // [
        var array: [JSONValue] = []
        self.skipWhitespace()
        if self.peek() == UInt8(ascii: "]") {
            self.position += 1
            return array
        }
        while true {
            self.skipWhitespace()
            array.append(try self.parseValue(depth: depth))
            self.skipWhitespace()
            switch self.peek() {
            case UInt8(ascii: ","):
                self.position += 1
            case UInt8(ascii: "]"):
                self.position += 1
                return array
            default:
                throw self.failure(.syntax, "expected ',' or ']' in an array")
            }
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(Failure) {
        let count = literal.utf8CodeUnitCount
        guard self.bytes.count - self.position >= count else {
            throw self.failure(.syntax, "unexpected end of text in a literal")
        }
        let matches = literal.withUTF8Buffer { expected in
            (0..<count).allSatisfy { self.bytes[self.position + $0] == expected[$0] }
        }
        guard matches else {
            throw self.failure(.syntax, "invalid literal")
        }
        self.position += count
    }

    // MARK: - Numbers

    private mutating func parseNumber() throws(Failure) -> JSONValue {
        let start = self.position
        var isInteger = true
        if self.peek() == UInt8(ascii: "-") {
            self.position += 1
        }
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
        let text = String(decoding: UnsafeBufferPointer(rebasing: self.bytes[start..<self.position]), as: UTF8.self)
        if isInteger, let value = Int(text) {
            return .int(value)
        }
        // The grammar was checked above, so `Double(_:)` sees only RFC 8259 numbers; it rounds correctly
        // and yields infinity on overflow, which JSON cannot mean.
        guard let value = Double(text), value.isFinite else {
            throw Failure(kind: .numberOutOfRange, reason: "number is too large to represent", offset: start)
        }
        return .double(value)
    }

    private mutating func skipDigits() {
        while let byte = self.peek(), Self.isDigit(byte) {
            self.position += 1
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    // MARK: - Strings

    private mutating func parseString() throws(Failure) -> String {
        self.position += 1  // opening quote
        let start = self.position
        // Fast path: no escapes and only ASCII.
        while self.position < self.bytes.count {
            let byte = self.bytes[self.position]
            if byte == UInt8(ascii: "\"") {
                let text = String(
                    decoding: UnsafeBufferPointer(rebasing: self.bytes[start..<self.position]),
                    as: UTF8.self
                )
                self.position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte >= 0x80 || byte < 0x20 {
                break
            }
            self.position += 1
        }
        var scalars: [UInt8] = Array(self.bytes[start..<self.position])
        while true {
            guard self.position < self.bytes.count else {
                throw self.failure(.syntax, "unterminated string")
            }
            let byte = self.bytes[self.position]
            switch byte {
            case UInt8(ascii: "\""):
                self.position += 1
                return String(decoding: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try self.parseEscape(into: &scalars)
            case 0..<0x20:
                throw self.failure(.syntax, "control character in a string must be escaped")
            case 0x80...:
                try self.copyUTF8Sequence(into: &scalars)
            default:
                scalars.append(byte)
                self.position += 1
            }
        }
    }

    private mutating func parseEscape(into output: inout [UInt8]) throws(Failure) {
        self.position += 1  // backslash
        guard let byte = self.peek() else {
            throw self.failure(.syntax, "unterminated escape")
        }
        self.position += 1
        switch byte {
        case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): output.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            let first = try self.parseHex4()
            var scalar = UInt32(first)
            if (0xD800...0xDBFF).contains(first) {
                guard self.peek() == UInt8(ascii: "\\"),
                    self.position + 1 < self.bytes.count,
                    self.bytes[self.position + 1] == UInt8(ascii: "u")
                else {
                    throw self.failure(.invalidUTF8, "unpaired surrogate escape")
                }
                self.position += 2
                let second = try self.parseHex4()
                guard (0xDC00...0xDFFF).contains(second) else {
                    throw self.failure(.invalidUTF8, "unpaired surrogate escape")
                }
                scalar = 0x1_0000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(first) {
                throw self.failure(.invalidUTF8, "unpaired surrogate escape")
            }
            // Valid by construction: not a surrogate, at most 0x10FFFF.
            let unicodeScalar = Unicode.Scalar(scalar)!
            output.append(contentsOf: UTF8.encode(unicodeScalar)!)
        default:
            throw self.failure(.syntax, "invalid escape")
        }
    }

    private mutating func parseHex4() throws(Failure) -> UInt16 {
        guard self.bytes.count - self.position >= 4 else {
            throw self.failure(.syntax, "incomplete \\u escape")
        }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = self.bytes[self.position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw self.failure(.syntax, "invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt16(digit)
            self.position += 1
        }
        return value
    }

    /// Copies one multi-byte UTF-8 sequence, rejecting invalid, overlong and surrogate encodings.
    private mutating func copyUTF8Sequence(into output: inout [UInt8]) throws(Failure) {
        let lead = self.bytes[self.position]
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
        guard self.bytes.count - self.position >= length else {
            throw self.failure(.invalidUTF8, "truncated UTF-8 sequence")
        }
        for offset in 1..<length {
            let continuation = self.bytes[self.position + offset]
            guard continuation & 0xC0 == 0x80 else {
                throw self.failure(.invalidUTF8, "invalid UTF-8")
            }
            scalar = scalar << 6 | UInt32(continuation & 0x3F)
        }
        guard scalar >= lowerBound, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
            throw self.failure(.invalidUTF8, "invalid UTF-8")
        }
        output.append(contentsOf: self.bytes[self.position..<(self.position + length)])
        self.position += length
    }

    // MARK: - Helpers

    @inline(__always)
    private func peek() -> UInt8? {
        self.position < self.bytes.count ? self.bytes[self.position] : nil
    }

    private mutating func skipWhitespace() {
        while let byte = self.peek(),
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\t")
        {
            self.position += 1
        }
    }

    private func failure(_ kind: Failure.Kind, _ reason: String) -> Failure {
        Failure(kind: kind, reason: reason, offset: self.position)
    }

    /// A member name for an error message, shortened so a message never carries much of the input.
    private static func quoted(_ name: String) -> String {
        let limit = 24
        if name.count <= limit {
            return "'\(name)'"
        }
        return "'\(name.prefix(limit))…'"
    }
}
