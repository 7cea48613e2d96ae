/// The parameters of a webhook's form body: decoded names and values, in the order they came, repeats kept.
///
/// Twilio posts most webhooks as `application/x-www-form-urlencoded`. The signature covers the decoded values
/// (`+1415…`, spaces as spaces), so the body is decoded exactly once, here, and the same values are what the
/// application reads: ``subscript(_:)`` for a parameter's first value, ``values(named:)`` for all of them.
///
/// Names and values are compared byte for byte (by their UTF-8), never by Unicode canonical equivalence: Twilio and
/// the helper libraries treat `é` and `e` + combining acute accent as different parameters.
public struct WebhookParameters: Sendable, Hashable, Sequence {
    /// The decoding limit ``init(formURLEncoded:maximumByteCount:)`` applies when not told otherwise: 64 KiB, far
    /// more than any Voice or Messaging webhook sends.
    public static let defaultMaximumByteCount = 65_536

    /// The parameters in the order they came.
    public private(set) var pairs: [(name: String, value: String)]

    /// No parameters: the body of a GET webhook or of a request whose signature covers only its URL.
    public init() {
        self.pairs = []
    }

    /// Parameters from name-value pairs, repeats allowed.
    public init(_ pairs: some Sequence<(name: String, value: String)>) {
        self.pairs = Array(pairs)
    }

    /// Decodes an `application/x-www-form-urlencoded` body.
    ///
    /// Fields are separated by `&` (empty fields are skipped); a field's name ends at its first `=` (a field with no
    /// `=` is a name with an empty value); `+` is a space and `%XX` a byte; the decoded bytes must be UTF-8.
    ///
    /// - Throws: ``WebhookError/Code/tooLarge`` if the body is longer than `maximumByteCount`;
    ///   ``WebhookError/Code/invalidForm`` for a `%` not followed by two hexadecimal digits or a name or value that
    ///   is not UTF-8.
    public init(formURLEncoded body: some Collection<UInt8>, maximumByteCount: Int = defaultMaximumByteCount)
        throws(WebhookError)
    {
        guard body.count <= maximumByteCount else {
            throw WebhookError(
                .tooLarge, "the form body is \(body.count) bytes, more than the \(maximumByteCount) allowed")
        }
        var pairs: [(name: String, value: String)] = []
        var offset = 0
        for field in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
            defer { offset += field.count + 1 }
            if field.isEmpty { continue }
            let equals = field.firstIndex(of: UInt8(ascii: "="))
            let rawName = field[..<(equals ?? field.endIndex)]
            let rawValue = equals.map { field[field.index(after: $0)...] } ?? field[field.endIndex...]
            let name = try FormCoding.strictlyDecoded(rawName, at: offset)
            let valueOffset = offset + rawName.count + 1
            let value = try FormCoding.strictlyDecoded(rawValue, at: valueOffset)
            pairs.append((name, value))
        }
        self.pairs = pairs
    }

    /// The first value of the parameter with this exact name, or `nil`.
    public subscript(_ name: String) -> String? {
        self.pairs.first { $0.name.utf8.elementsEqual(name.utf8) }?.value
    }

    /// Every value of the parameter with this exact name, in the order they came.
    public func values(named name: String) -> [String] {
        self.pairs.filter { $0.name.utf8.elementsEqual(name.utf8) }.map(\.value)
    }

    /// The number of name-value pairs.
    public var count: Int { self.pairs.count }
    /// Whether there are no parameters.
    public var isEmpty: Bool { self.pairs.isEmpty }

    /// The parameters as a form body: unreserved characters (`A–Z a–z 0–9 - . _ *`) as they are, a space as `+`,
    /// every other byte as `%XX`.
    public var formURLEncoded: String {
        self.pairs.map { FormCoding.encoded($0.name) + "=" + FormCoding.encoded($0.value) }.joined(separator: "&")
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        self.pairs.makeIterator()
    }

    /// The pairs the signature covers, in the order it covers them: by name, then by value, each in UTF-8 byte order
    /// (which is Unicode code point order, as Python's `sorted` uses), each distinct pair once. This is what
    /// twilio-python's `for name in sorted(set(params)): for value in sorted(set(values))` appends.
    var signedPairs: [(name: [UInt8], value: [UInt8])] {
        var pairs = self.pairs.map { (name: Array($0.name.utf8), value: Array($0.value.utf8)) }
        pairs.sort { left, right in
            left.name == right.name
                ? left.value.lexicographicallyPrecedes(right.value) : left.name.lexicographicallyPrecedes(right.name)
        }
        var unique: [(name: [UInt8], value: [UInt8])] = []
        unique.reserveCapacity(pairs.count)
        for pair in pairs where unique.last.map({ $0.name != pair.name || $0.value != pair.value }) ?? true {
            unique.append(pair)
        }
        return unique
    }

    public static func == (left: Self, right: Self) -> Bool {
        left.pairs.count == right.pairs.count
            && zip(left.pairs, right.pairs).allSatisfy {
                $0.name.utf8.elementsEqual($1.name.utf8) && $0.value.utf8.elementsEqual($1.value.utf8)
            }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.pairs.count)
        for pair in self.pairs {
            hasher.combine(pair.name.utf8.count)
            for byte in pair.name.utf8 { hasher.combine(byte) }
            hasher.combine(pair.value.utf8.count)
            for byte in pair.value.utf8 { hasher.combine(byte) }
        }
    }
}

extension WebhookParameters: ExpressibleByDictionaryLiteral {
    /// Parameters written as a literal, `["To": "alice", "From": "client:bob"]`, in the order written.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.pairs = elements.map { (name: $0.0, value: $0.1) }
    }
}

extension WebhookParameters: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The parameters' names and the length of each value; values are not shown, since a webhook may carry a
    /// caller's message or personal data.
    public var description: String {
        "WebhookParameters(" + self.pairs.map { "\($0.name): \($0.value.utf8.count) bytes" }.joined(separator: ", ")
            + ")"
    }
    public var debugDescription: String { self.description }
    /// The names and lengths, as ``description``: `dump(_:)` and debuggers show no value either.
    public var customMirror: Mirror {
        Mirror(self, children: ["description": self.description], displayStyle: .struct)
    }
}

/// `application/x-www-form-urlencoded` decoding and encoding, on bytes.
enum FormCoding {
    /// Decodes `+` and `%XX`, refusing a bad escape or bytes that are not UTF-8.
    static func strictlyDecoded(_ raw: some Collection<UInt8>, at offset: Int) throws(WebhookError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var index = raw.startIndex
        var position = offset
        while index != raw.endIndex {
            let byte = raw[index]
            if byte == UInt8(ascii: "%") {
                let first = raw.index(after: index)
                guard first != raw.endIndex, let high = hexValue(raw[first]),
                    raw.index(after: first) != raw.endIndex, let low = hexValue(raw[raw.index(after: first)])
                else {
                    throw WebhookError(
                        .invalidForm,
                        "the form body has a '%' not followed by two hexadecimal digits at byte \(position)")
                }
                bytes.append(high << 4 | low)
                index = raw.index(first, offsetBy: 2)
                position += 3
            } else {
                bytes.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index = raw.index(after: index)
                position += 1
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw WebhookError(.invalidForm, "the form body has a name or value that is not UTF-8 near byte \(offset)")
        }
        return text
    }

    /// Decodes as Python's `unquote(text.replace("+", " "))` does: valid `%XX` escapes become bytes and anything
    /// else is kept as it is.
    static func lenientlyDecoded(_ raw: some Collection<UInt8>) -> [UInt8] {
        let raw = Array(raw)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            if byte == UInt8(ascii: "%"), index + 2 < raw.count, let high = hexValue(raw[index + 1]),
                let low = hexValue(raw[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return bytes
    }

    static func encoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "*"):
                bytes.append(byte)
            case UInt8(ascii: " "):
                bytes.append(UInt8(ascii: "+"))
            default:
                bytes.append(UInt8(ascii: "%"))
                bytes.append(Hex.uppercaseDigits[Int(byte >> 4)])
                bytes.append(Hex.uppercaseDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
