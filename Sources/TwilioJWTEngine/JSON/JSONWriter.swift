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
@_spi(Engine) public struct JSONWriter: ~Copyable {
    @usableFromInline var output: ByteWriter
    @usableFromInline var needsComma = false

    public init(capacity: Int = 512) {
        self.output = ByteWriter(capacity: capacity)
    }

    /// A copy of the JSON written so far.
    public var bytes: [UInt8] { self.output.bytes }

    /// The JSON written so far, as a string.
    public var string: String { self.output.string }

    /// The JSON written so far, for the duration of `body`.
    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        // Safe: the buffer does not outlive the call.
        unsafe self.output.withUnsafeBytes(body)
    }

    @inlinable @inline(__always)
    mutating func separate() {
        if self.needsComma {
            self.output.append(UInt8(ascii: ","))
        }
    }

    @inlinable
    public mutating func beginObject() {
        self.separate()
        self.output.append(UInt8(ascii: "{"))
        self.needsComma = false
    }

    @inlinable
    public mutating func endObject() {
        self.output.append(UInt8(ascii: "}"))
        self.needsComma = true
    }

    @inlinable
    public mutating func beginArray() {
        self.separate()
        self.output.append(UInt8(ascii: "["))
        self.needsComma = false
    }

    @inlinable
    public mutating func endArray() {
        self.output.append(UInt8(ascii: "]"))
        self.needsComma = true
    }

    /// Writes an object member name, escaped, and the colon after it. (Names of the token format are
    /// ``MemberName`` constants, written by ``key(_:)``.)
    public mutating func key(escaping key: String) {
        self.separate()
        self.writeEscaped(key)
        self.output.append(UInt8(ascii: ":"))
        self.needsComma = false
    }

    /// Writes an object member name that is a prepared ``MemberName`` (the names of the token format), escaped, and
    /// the colon after it.
    @inlinable
    public mutating func key(_ name: MemberName) {
        guard name.isPlainJSON else { return self.key(escaping: name.text) }
        self.separate()
        let count = name.count
        // Safe: `append(count:)` lends `count + 3` places, each written once: the quote, the name's `count` bytes (its
        // UTF-8 has exactly `count` bytes), the quote and the colon.
        unsafe name.text.withBorrowedUTF8 { text in
            unsafe self.output.append(count: count + 3) { out in
                unsafe out[0] = UInt8(ascii: "\"")
                if let source = text.baseAddress, let target = out.baseAddress {
                    unsafe (target + 1).initialize(from: source, count: count)
                }
                unsafe out[count + 1] = UInt8(ascii: "\"")
                unsafe out[count + 2] = UInt8(ascii: ":")
            }
        }
        self.needsComma = false
    }

    /// Writes a string value, escaped as Python's `json.dumps` does.
    @inlinable
    public mutating func string(escaping value: String) {
        self.separate()
        self.writeEscaped(value)
        self.needsComma = true
    }

    /// Writes `prefix` `-` `value` as one JSON string (used for `jti`, which is `<key SID>-<issue time>`).
    public mutating func string(_ prefix: String, dash value: Int) {
        self.separate()
        self.output.append(UInt8(ascii: "\""))
        self.appendUTF8(of: prefix)  // a validated SID: nothing to escape
        self.output.append(UInt8(ascii: "-"))
        self.writeDecimal(value)
        self.output.append(UInt8(ascii: "\""))
        self.needsComma = true
    }

    /// Writes a string known to need no escaping — a validated SID — by copying its bytes.
    @inlinable
    public mutating func unescapedString(_ value: String) {
        self.separate()
        self.output.append(UInt8(ascii: "\""))
        self.appendUTF8(of: value)
        self.output.append(UInt8(ascii: "\""))
        self.needsComma = true
    }

    /// Appends the UTF-8 of `value`.
    @inline(__always)
    @usableFromInline
    mutating func appendUTF8(of value: String) {
        self.output.append(utf8Of: value)
    }

    /// Writes a string value that needs no escaping (a literal of the token format such as `"GET"`).
    @inlinable
    public mutating func string(_ value: StaticString) {
        self.separate()
        self.output.append(UInt8(ascii: "\""))
        self.output.append(value)
        self.output.append(UInt8(ascii: "\""))
        self.needsComma = true
    }

    /// Writes one string value made of `parts`, each escaped, without concatenating them first.
    public mutating func string(concatenating parts: (inout JSONWriter) -> Void) {
        self.separate()
        self.output.append(UInt8(ascii: "\""))
        parts(&self)
        self.output.append(UInt8(ascii: "\""))
        self.needsComma = true
    }

    /// Within ``string(concatenating:)``: appends `part`, escaped.
    public mutating func part(_ part: String) {
        self.writeEscapedContent(part)
    }

    /// Within ``string(concatenating:)``: appends `part`, which must need no escaping.
    public mutating func part(_ part: StaticString) {
        self.output.append(part)
    }

    /// Writes a string value whose content `body` appends to the buffer directly. `body` must append only
    /// bytes that need no JSON escaping (printable ASCII other than `"` and backslash).
    public mutating func rawString<Failure: Error>(
        _ body: (inout ByteWriter) throws(Failure) -> Void
    ) throws(Failure) {
        self.separate()
        self.output.append(UInt8(ascii: "\""))
        try body(&self.output)
        self.output.append(UInt8(ascii: "\""))
        self.needsComma = true
    }

    @inlinable
    public mutating func int(_ value: Int) {
        self.separate()
        self.writeDecimal(value)
        self.needsComma = true
    }

    @inlinable
    public mutating func bool(_ value: Bool) {
        self.separate()
        if value {
            self.output.append("true")
        } else {
            self.output.append("false")
        }
        self.needsComma = true
    }

    @inlinable
    public mutating func null() {
        self.separate()
        self.output.append("null")
        self.needsComma = true
    }

    /// Writes `literal` verbatim as a value (for display of values JSON cannot hold).
    public mutating func rawValue(_ literal: StaticString) {
        self.separate()
        self.output.append(literal)
        self.needsComma = true
    }

    /// Writes a finite double as Python's `float.__repr__` does (`1.0`, `1e+16`, `1.5e-07`, `0.0001`).
    ///
    /// The caller must have rejected infinities and NaN: Python would write the non-JSON literals
    /// `Infinity` and `NaN`, which no JSON parser (Twilio's included) accepts.
    public mutating func double(_ value: Double) {
        precondition(value.isFinite, "JSONWriter.double needs a finite value; callers validate first")
        self.separate()
        self.output.append(Array(PythonFloatRepr.string(value).utf8))
        self.needsComma = true
    }

    // MARK: - Primitive output

    @usableFromInline
    mutating func writeDecimal(_ value: Int) {
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
        // Safe: `append(count:)` lends `digitCount` places, and the number has exactly that many digits, each written
        // once at an index below `digitCount`.
        unsafe self.output.append(count: digitCount) { digits in
            // Two digits at a time from the end (a Unix time has ten: five divisions instead of ten).
            var index = digitCount
            while magnitude >= 10 {
                let pair = UInt8(truncatingIfNeeded: magnitude % 100)
                magnitude /= 100
                index -= 2
                unsafe digits[index] = UInt8(ascii: "0") &+ pair / 10
                unsafe digits[index + 1] = UInt8(ascii: "0") &+ pair % 10
            }
            if index > 0 {
                unsafe digits[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude)
            }
        }
    }

    @usableFromInline
    mutating func writeEscaped(_ string: String) {
        self.output.append(UInt8(ascii: "\""))
        self.writeEscapedContent(string)
        self.output.append(UInt8(ascii: "\""))
    }

    private mutating func writeEscapedContent(_ string: String) {
        // Safe: the borrowed UTF-8 is valid for the call; every index read is below `count` (a multi-byte sequence's
        // continuation bytes are present, because Swift strings are valid UTF-8).
        unsafe string.withBorrowedUTF8 { utf8 in
            var index = 0
            let count = utf8.count
            while index < count {
                // Copy the longest run that needs no escaping in one go; most strings are a single run.
                let runStart = index
                index = unsafe Self.endOfPlainRun(utf8, from: index)
                if index > runStart {
                    unsafe self.output.append(UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                }
                guard index < count else { break }
                let byte = unsafe utf8[index]
                if byte < 0x80 {
                    self.writeASCIIEscape(byte)
                    index += 1
                    continue
                }
                let scalar: UInt32
                if byte < 0xE0 {
                    scalar = unsafe (UInt32(byte & 0x1F) << 6) | UInt32(utf8[index + 1] & 0x3F)
                    index += 2
                } else if byte < 0xF0 {
                    scalar =
                        unsafe ((UInt32(byte & 0x0F) << 12) | (UInt32(utf8[index + 1] & 0x3F) << 6)
                        | UInt32(utf8[index + 2] & 0x3F))
                    index += 3
                } else {
                    scalar =
                        unsafe ((UInt32(byte & 0x07) << 18) | (UInt32(utf8[index + 1] & 0x3F) << 12)
                        | (UInt32(utf8[index + 2] & 0x3F) << 6) | UInt32(utf8[index + 3] & 0x3F))
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

    /// The index of the first byte at or after `start` that is not ``isPlain(_:)``, or `utf8.count`: eight bytes at a
    /// time while a whole word is plain, then byte by byte.
    @inline(__always)
    private static func endOfPlainRun(_ utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        let count = utf8.count
        if let base = utf8.baseAddress {
            while index + 8 <= count {
                // Safe: index + 8 <= count.
                let word = unsafe SWAR.load(base + index)
                let stops =
                    (word & SWAR.highs) | SWAR.bytes(word, below: 0x20) | SWAR.bytes(word, equalTo: UInt8(ascii: "\""))
                    | SWAR.bytes(word, equalTo: UInt8(ascii: "\\")) | SWAR.bytes(word, equalTo: 0x7F)
                guard stops == 0 else { break }
                index += 8
            }
        }
        // Safe: index < count.
        while index < count, Self.isPlain(unsafe utf8[index]) {
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
        self.output.append(Hex.digit(UInt8(truncatingIfNeeded: unit >> 12)))
        self.output.append(Hex.digit(UInt8(truncatingIfNeeded: unit >> 8)))
        self.output.append(Hex.digit(UInt8(truncatingIfNeeded: unit >> 4)))
        self.output.append(Hex.digit(UInt8(truncatingIfNeeded: unit)))
    }
}

extension JSONWriter {
    /// Writes `"name":"value"` unless `value` is `nil` or empty, which twilio-python leaves out.
    @inlinable
    public mutating func optionalMember(_ name: MemberName, _ value: String?) {
        guard let value, !value.isEmpty else { return }
        self.key(name)
        self.string(escaping: value)
    }
}
