@_spi(Engine) import TwilioJWTEngine

/// `application/x-www-form-urlencoded` encoding exactly as Python's `urllib.parse.quote_plus` does it, which
/// is what twilio-python uses for capability scopes.
///
/// The UTF-8 bytes of the string are encoded one by one: `A–Z a–z 0–9 _ . - ~` stay as they are, a space
/// becomes `+`, every other byte becomes `%XX` with upper-case hex digits.
enum FormEncoding {
    static func quotePlus(_ string: String) -> String {
        var output = ByteWriter(capacity: string.utf8.count * 3)
        Self.appendQuotePlus(string, to: &output)
        return output.string
    }

    static func appendQuotePlus(_ string: String, to output: inout ByteWriter) {
        for byte in string.utf8 {
            if Self.isUnreserved(byte) {
                output.append(byte)
            } else if byte == UInt8(ascii: " ") {
                output.append(UInt8(ascii: "+"))
            } else {
                Self.appendEscape(byte, to: &output)
            }
        }
    }

    /// Appends `quotePlus(urlencode(parameters))` — the parameters form-encoded, then encoded again as one
    /// value, which is how `appParams` and event `params` travel — in a single pass without the intermediate
    /// string: a byte the first encoding keeps stays; a space (`+` after the first pass) becomes `%2B`; any
    /// other byte (`%XX` after the first pass) becomes `%25XX`; the separators `=` and `&` become `%3D` and `%26`.
    static func appendDoublyEncoded(_ parameters: ScopeParameters, to output: inout ByteWriter) {
        for (index, parameter) in parameters.enumerated() {
            if index > 0 { Self.appendEscape(UInt8(ascii: "&"), to: &output) }
            Self.appendTwice(parameter.name, to: &output)
            Self.appendEscape(UInt8(ascii: "="), to: &output)
            Self.appendTwice(parameter.value, to: &output)
        }
    }

    private static func appendTwice(_ string: String, to output: inout ByteWriter) {
        for byte in string.utf8 {
            if Self.isUnreserved(byte) {
                output.append(byte)
            } else if byte == UInt8(ascii: " ") {
                Self.appendEscape(UInt8(ascii: "+"), to: &output)
            } else {
                Self.appendEscape(UInt8(ascii: "%"), to: &output)
                output.append(Hex.digit(byte >> 4, uppercase: true))
                output.append(Hex.digit(byte, uppercase: true))
            }
        }
    }

    /// `%XX` for `byte`.
    private static func appendEscape(_ byte: UInt8, to output: inout ByteWriter) {
        output.append(UInt8(ascii: "%"))
        output.append(Hex.digit(byte >> 4, uppercase: true))
        output.append(Hex.digit(byte, uppercase: true))
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// `urlencode(pairs)`: `quotePlus(name)=quotePlus(value)` joined by `&`, in the given order.
    static func urlencode(_ pairs: some Sequence<(String, String)>) -> String {
        var output = ByteWriter(capacity: 64)
        var first = true
        for (name, value) in pairs {
            if !first { output.append(UInt8(ascii: "&")) }
            first = false
            Self.appendQuotePlus(name, to: &output)
            output.append(UInt8(ascii: "="))
            Self.appendQuotePlus(value, to: &output)
        }
        return output.string
    }

    /// Decodes `application/x-www-form-urlencoded` text (`+` is a space, `%XX` a byte), as
    /// `urllib.parse.unquote_plus` does; `nil` when a `%` is not followed by two hex digits or the bytes are
    /// not UTF-8.
    static func unquotePlus(_ string: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count)
        var iterator = string.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(Hex.value(of:)),
                    let low = iterator.next().flatMap(Hex.value(of:))
                else { return nil }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        // String(decoding:) repairs invalid UTF-8 with U+FFFD; a repaired string does not round-trip.
        let decoded = String(decoding: bytes, as: UTF8.self)
        return decoded.utf8.elementsEqual(bytes) ? decoded : nil
    }

    /// Splits `a=1&b=2` into decoded pairs; `nil` if a part has no `=` or does not decode.
    static func decodePairs(_ query: Substring) -> [(String, String)]? {
        guard !query.isEmpty else { return [] }
        var pairs: [(String, String)] = []
        for part in query.split(separator: "&", omittingEmptySubsequences: false) {
            guard let equals = part.firstIndex(of: "="),
                let name = Self.unquotePlus(part[..<equals]),
                let value = Self.unquotePlus(part[part.index(after: equals)...])
            else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }
}
