/// Writes compact JSON byte for byte as Python's `json.dumps(…, separators=(",", ":"))` does with its
/// default `ensure_ascii=True`, which is what twilio-python (through PyJWT) puts on the wire.
///
/// The writer appends to a ``ByteWriter`` in the order it is called, so member order is exactly the call
/// order; it keeps no stack: a comma is needed exactly when the previous thing written was a value.
///
/// String escaping follows CPython's `c_encode_basestring_ascii`: `"` and `\` are backslash-escaped,
/// `\b \f \n \r \t` use their short forms, every other byte outside `0x20...0x7E` becomes `\u00XX`, and
/// every non-ASCII scalar becomes `\uXXXX` (lower-case hex), split into a UTF-16 surrogate pair beyond the
/// Basic Multilingual Plane. `/` is not escaped.
package struct JSONWriter: ~Copyable {
    package var output: ByteWriter
    private var needsComma = false

    package init(capacity: Int = 512) {
        self.output = ByteWriter(capacity: capacity)
    }

    /// A copy of the JSON written so far.
    package var bytes: [UInt8] { self.output.bytes }

    /// The JSON written so far.
    package func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        self.output.withUnsafeBytes(body)
    }

    @inline(__always)
    private mutating func separate() {
        if self.needsComma {
            self.output.append(UInt8(ascii: ","))
        }
    }

    package mutating func beginObject() {
        self.separate()
        self.output.append(UInt8(ascii: "{"))
        self.needsComma = false
    }

    package mutating func endObject() {
        self.output.append(UInt8(ascii: "}"))
        self.needsComma = true
    }

    package mutating func beginArray() {
        self.separate()
        self.output.append(UInt8(ascii: "["))
        self.needsComma = false
    }

    package mutating func endArray() {
        self.output.append(UInt8(ascii: "]"))
        self.needsComma = true
    }

    /// Writes an object member name, escaped, and the colon after it. (Literal names use ``key(_:)-StaticString``,
    /// which copies them; the label keeps a literal from picking this slower overload.)
    package mutating func key(escaping key: String) {
        self.separate()
        self.writeEscaped(key)
        self.output.append(UInt8(ascii: ":"))
        self.needsComma = false
    }

    /// Writes an object member name that is known to need no escaping (a `StaticString` literal of the
    /// token format such as `"jti"`).
    package mutating func key(_ key: StaticString) {
        self.separate()
        key.withUTF8Buffer { name in
            // `"name":` with one capacity check.
            self.output.append(count: name.count + 3) { out in
                out[0] = UInt8(ascii: "\"")
                if let source = name.baseAddress, let target = out.baseAddress {
                    (target + 1).initialize(from: source, count: name.count)
                }
                out[name.count + 1] = UInt8(ascii: "\"")
                out[name.count + 2] = UInt8(ascii: ":")
            }
        }
        self.needsComma = false
    }

    /// Writes a string value, escaped as Python's `json.dumps` does.
    package mutating func string(escaping value: String) {
        self.separate()
        self.writeEscaped(value)
        self.needsComma = true
    }

    /// Writes `prefix` `-` `value` as one JSON string (used for `jti`, which is `<key SID>-<issue time>`).
    package mutating func string(_ prefix: String, dash value: Int) {
        self.separate()
        self.output.append(UInt8(ascii: "\""))
        self.appendUTF8(of: prefix)  // a validated SID: nothing to escape
        self.output.append(UInt8(ascii: "-"))
        self.writeDecimal(value)
        self.output.append(UInt8(ascii: "\""))
        self.needsComma = true
    }

    /// Writes a string known to need no escaping — a validated SID — by copying its bytes.
    package mutating func unescapedString(_ value: String) {
        self.separate()
        self.output.append(UInt8(ascii: "\""))
        self.appendUTF8(of: value)
        self.output.append(UInt8(ascii: "\""))
        self.needsComma = true
    }

    /// Appends the UTF-8 of `value`.
    @inline(__always)
    private mutating func appendUTF8(of value: String) {
        value.withBorrowedUTF8 { self.output.append($0) }
    }

    /// Writes a string value that needs no escaping (a literal of the token format such as `"GET"`).
    package mutating func string(_ value: StaticString) {
        self.separate()
        self.output.append(UInt8(ascii: "\""))
        self.output.append(value)
        self.output.append(UInt8(ascii: "\""))
        self.needsComma = true
    }

    /// Writes one string value made of `parts`, each escaped, without concatenating them first.
    package mutating func string(concatenating parts: (inout JSONWriter) -> Void) {
        self.separate()
        self.output.append(UInt8(ascii: "\""))
        parts(&self)
        self.output.append(UInt8(ascii: "\""))
        self.needsComma = true
    }

    /// Within ``string(concatenating:)``: appends `part`, escaped.
    package mutating func part(_ part: String) {
        self.writeEscapedContent(part)
    }

    /// Within ``string(concatenating:)``: appends `part`, which must need no escaping.
    package mutating func part(_ part: StaticString) {
        self.output.append(part)
    }

    /// Writes a string value whose content `body` appends to the buffer directly. `body` must append only
    /// bytes that need no JSON escaping (printable ASCII other than `"` and backslash).
    package mutating func rawString<Failure: Error>(
        _ body: (inout ByteWriter) throws(Failure) -> Void
    ) throws(Failure) {
        self.separate()
        self.output.append(UInt8(ascii: "\""))
        try body(&self.output)
        self.output.append(UInt8(ascii: "\""))
        self.needsComma = true
    }

    package mutating func int(_ value: Int) {
        self.separate()
        self.writeDecimal(value)
        self.needsComma = true
    }

    package mutating func bool(_ value: Bool) {
        self.separate()
        if value {
            self.output.append("true")
        } else {
            self.output.append("false")
        }
        self.needsComma = true
    }

    package mutating func null() {
        self.separate()
        self.output.append("null")
        self.needsComma = true
    }

    /// Writes `literal` verbatim as a value (for display of values JSON cannot hold).
    package mutating func rawValue(_ literal: StaticString) {
        self.separate()
        self.output.append(literal)
        self.needsComma = true
    }

    /// Writes a finite double as Python's `float.__repr__` does (`1.0`, `1e+16`, `1.5e-07`, `0.0001`).
    ///
    /// The caller must have rejected infinities and NaN: Python would write the non-JSON literals
    /// `Infinity` and `NaN`, which no JSON parser (Twilio's included) accepts.
    package mutating func double(_ value: Double) {
        precondition(value.isFinite, "JSONWriter.double needs a finite value; callers validate first")
        self.separate()
        var text: [UInt8] = []
        PythonFloatRepr.write(value, to: &text)
        self.output.append(text)
        self.needsComma = true
    }

    // MARK: - Primitive output

    private mutating func writeDecimal(_ value: Int) {
        // Work with the magnitude as UInt so that Int.min does not overflow.
        var magnitude = value.magnitude
        if value < 0 {
            self.output.append(UInt8(ascii: "-"))
        }
        var digitCount = 1
        var threshold: UInt = 10
        while magnitude >= threshold {
            digitCount += 1
            // 10^19 is the largest power of ten a UInt holds; the next would overflow.
            guard digitCount < 20 else { break }
            threshold &*= 10
        }
        self.output.append(count: digitCount) { digits in
            // Two digits at a time from the end (a Unix time has ten: five divisions instead of ten).
            var index = digitCount
            while magnitude >= 10 {
                let pair = UInt8(truncatingIfNeeded: magnitude % 100)
                magnitude /= 100
                index -= 2
                digits[index] = UInt8(ascii: "0") &+ pair / 10
                digits[index + 1] = UInt8(ascii: "0") &+ pair % 10
            }
            if index > 0 {
                digits[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude)
            }
        }
    }

    private mutating func writeEscaped(_ string: String) {
        self.output.append(UInt8(ascii: "\""))
        self.writeEscapedContent(string)
        self.output.append(UInt8(ascii: "\""))
    }

    private mutating func writeEscapedContent(_ string: String) {
        string.withBorrowedUTF8 { utf8 in
            var index = 0
            let count = utf8.count
            while index < count {
                // Copy the longest run that needs no escaping in one go; most strings are a single run.
                let runStart = index
                index = Self.endOfPlainRun(utf8, from: index)
                if index > runStart {
                    self.output.append(UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                }
                guard index < count else { break }
                let byte = utf8[index]
                if byte < 0x80 {
                    self.writeASCIIEscape(byte)
                    index += 1
                    continue
                }
                // Multi-byte UTF-8 sequence. Swift strings are always valid UTF-8, so the lead byte
                // tells the length and the continuation bytes are present.
                let scalar: UInt32
                if byte < 0xE0 {
                    scalar = (UInt32(byte & 0x1F) << 6) | UInt32(utf8[index + 1] & 0x3F)
                    index += 2
                } else if byte < 0xF0 {
                    scalar =
                        (UInt32(byte & 0x0F) << 12) | (UInt32(utf8[index + 1] & 0x3F) << 6)
                        | UInt32(utf8[index + 2] & 0x3F)
                    index += 3
                } else {
                    scalar =
                        (UInt32(byte & 0x07) << 18) | (UInt32(utf8[index + 1] & 0x3F) << 12)
                        | (UInt32(utf8[index + 2] & 0x3F) << 6) | UInt32(utf8[index + 3] & 0x3F)
                    index += 4
                }
                if scalar > 0xFFFF {
                    let value = scalar - 0x1_0000
                    self.writeUnicodeEscape(UInt16(0xD800 + (value >> 10)))
                    self.writeUnicodeEscape(UInt16(0xDC00 + (value & 0x3FF)))
                } else {
                    self.writeUnicodeEscape(UInt16(scalar))
                }
            }
        }
    }

    /// The index of the first byte at or after `start` that is not ``isPlain(_:)``, or `utf8.count`.
    ///
    /// Eight bytes at a time while a whole word is plain (SWAR: each test below is non-zero exactly when some byte
    /// of the word fails it), then byte by byte from the first word that is not.
    @inline(__always)
    private static func endOfPlainRun(_ utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        let count = utf8.count
        if let base = utf8.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let nonASCII = word & highs
                let control = (word &- ones &* 0x20) & ~word & highs  // a byte < 0x20
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let delete = word ^ (ones &* 0x7F)
                let special = ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (delete &- ones) & ~delete)
                guard (nonASCII | control | special) & highs == 0 else { break }
                index += 8
            }
        }
        while index < count, Self.isPlain(utf8[index]) {
            index += 1
        }
        return index
    }

    /// Printable ASCII other than `"` and backslash: written as is.
    @inline(__always)
    private static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte <= 0x7E && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }

    private mutating func writeASCIIEscape(_ byte: UInt8) {
        let short: UInt8
        switch byte {
        case UInt8(ascii: "\""): short = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): short = UInt8(ascii: "\\")
        case 0x08: short = UInt8(ascii: "b")
        case 0x0C: short = UInt8(ascii: "f")
        case 0x0A: short = UInt8(ascii: "n")
        case 0x0D: short = UInt8(ascii: "r")
        case 0x09: short = UInt8(ascii: "t")
        default:
            self.writeUnicodeEscape(UInt16(byte))
            return
        }
        self.output.append(UInt8(ascii: "\\"))
        self.output.append(short)
    }

    private mutating func writeUnicodeEscape(_ unit: UInt16) {
        self.output.append(UInt8(ascii: "\\"))
        self.output.append(UInt8(ascii: "u"))
        self.output.append(hexDigit(UInt8(truncatingIfNeeded: unit >> 12)))
        self.output.append(hexDigit(UInt8(truncatingIfNeeded: unit >> 8)))
        self.output.append(hexDigit(UInt8(truncatingIfNeeded: unit >> 4)))
        self.output.append(hexDigit(UInt8(truncatingIfNeeded: unit)))
    }
}

@inline(__always)
private func hexDigit(_ nibble: UInt8) -> UInt8 {
    let value = nibble & 0x0F
    return value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
}

extension JSONWriter {
    /// Writes `"name":"value"` unless `value` is `nil` or empty, which twilio-python leaves out.
    package mutating func optionalMember(_ name: StaticString, _ value: String?) {
        guard let value, !value.isEmpty else { return }
        self.key(name)
        self.string(escaping: value)
    }
}
