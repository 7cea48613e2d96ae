import Testing

@testable import TwilioJWT

@Suite("JSON written as Python's json.dumps writes it")
struct JSONWriterTests {
    /// Expected outputs from CPython 3.11 `json.dumps(s)` (ensure_ascii=True).
    @Test(
        "string escaping",
        arguments: [
            ("plain", #""plain""#),
            ("a/b", #""a/b""#),
            ("quote\"back\\slash", #""quote\"back\\slash""#),
            ("\u{08}\u{0C}\n\r\t", #""\b\f\n\r\t""#),
            ("\u{00}\u{01}\u{1F}", #""\u0000\u0001\u001f""#),
            ("\u{7F}", #""\u007f""#),
            ("José", #""Jos\u00e9""#),
            ("中", #""\u4e2d""#),
            ("🚀", #""\ud83d\ude80""#),
            ("\u{2028}\u{FEFF}", #""\u2028\ufeff""#),
            ("<a&b>'", #""<a&b>'""#),
            ("e\u{301}", #""e\u0301""#),
        ])
    func escaping(input: String, expected: String) {
        var writer = JSONWriter()
        writer.string(escaping: input)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
    }

    /// Plain runs are scanned eight bytes at a time: a character that needs escaping, or one just outside the
    /// plain range, at every position of a word and across word boundaries, in strings around a word's length.
    @Test(
        "escaping at every position of a word",
        arguments: [
            "\"", "\\", "\u{7F}", "\u{1F}", "\u{00}", "\n", "é", "🚀", " ", "~", "!", "#", "[", "]", "{",
        ])
    func escapingAtEveryPosition(special: String) {
        for length in [7, 8, 9, 15, 16, 17, 24] {
            for position in 0..<length {
                let input =
                    String(repeating: "a", count: position) + special
                    + String(repeating: "b", count: length - position - 1)
                var writer = JSONWriter()
                writer.string(escaping: input)
                #expect(
                    String(decoding: writer.bytes, as: UTF8.self) == Self.pythonDumps(input),
                    "\(special.unicodeScalars.map(\.value)) at \(position) of \(length)")
            }
        }
    }

    /// CPython's `c_encode_basestring_ascii`, scalar by scalar: a slow, obviously correct model.
    static func pythonDumps(_ string: String) -> String {
        func hex4(_ unit: UInt32) -> String {
            let digits = String(unit, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
        }
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar.value {
            case 0x22: result += "\\\""
            case 0x5C: result += "\\\\"
            case 0x08: result += "\\b"
            case 0x0C: result += "\\f"
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x09: result += "\\t"
            case 0x20...0x7E: result.unicodeScalars.append(scalar)
            case 0x1_0000...:
                let value = scalar.value - 0x1_0000
                result += hex4(0xD800 + (value >> 10)) + hex4(0xDC00 + (value & 0x3FF))
            default: result += hex4(scalar.value)
            }
        }
        return result + "\""
    }

    @Test("integers, including the extremes")
    func integers() {
        let cases: [(Int, String)] = [
            (0, "0"), (7, "7"), (-7, "-7"), (1_700_000_000, "1700000000"),
            (Int.max, "9223372036854775807"), (Int.min, "-9223372036854775808"),
        ]
        for (value, expected) in cases {
            #expect(JSONValue.int(value).description == expected)
        }
        // Digits are written two at a time: every count of digits, odd and even, and the powers of ten around them.
        var power = 1
        for _ in 0..<18 {
            power *= 10
            for value in [power - 1, power, power + 1, power / 2 + 3] {
                #expect(JSONValue.int(value).description == String(value))
                #expect(JSONValue.int(-value).description == String(-value))
            }
        }
    }

    @Test("nested values and members in call order")
    func nested() {
        let value: JSONValue = ["z": [1, 2.5, nil, true, ["k": "v"]], "a": [:], "m": []]
        #expect(value.description == #"{"z":[1,2.5,null,true,{"k":"v"}],"a":{},"m":[]}"#)
    }

    @Test("non-finite doubles are described as Python spells them but cannot be written to a token")
    func nonFinite() {
        #expect(
            JSONValue.array([.double(.nan), .double(.infinity), .double(-.infinity)]).description
                == "[NaN,Infinity,-Infinity]")
        var writer = JSONWriter()
        #expect(throws: JSONWriter.NonFiniteNumber.self) { try writer.value(.double(.nan)) }
    }
}

@Suite("base64url")
struct Base64URLTests {
    /// RFC 4648 §10 test vectors, unpadded, plus bytes that use the URL-safe characters.
    @Test(
        "encodes RFC 4648 vectors",
        arguments: [
            ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ])
    func rfc4648(input: String, expected: String) {
        #expect(Base64URL.encode(Array(input.utf8)) == expected)
        #expect(Base64URL.encodedCount(input.utf8.count) == expected.utf8.count)
    }

    @Test("uses - and _ instead of + and /")
    func urlSafe() {
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
        #expect(Base64URL.encode([0xFF]) == "_w")
    }
}

@Suite("Strings read in place")
struct BorrowedUTF8Tests {
    /// Small (inline) and large native strings, non-ASCII, empty, and strings made from a substring or by
    /// concatenation: `withBorrowedUTF8` must see exactly `utf8`.
    static let strings = [
        "", "a", "fifteen chars!!", "sixteen chars!!!", "SK" + String(repeating: "b", count: 32), "é\u{1F600}\u{0}",
        String("xx-alice-yy".dropFirst(3).dropLast(3)), String(repeating: "ab", count: 300) + "\u{212A}",
    ]

    @Test("the bytes are the string's UTF-8", arguments: Self.strings)
    func bytes(string: String) {
        #expect(string.withBorrowedUTF8 { Array($0) } == Array(string.utf8))
    }
}
