import Foundation
import Testing
import TwilioJWTTestSupport

@_spi(Engine) @testable import TwilioJWTEngine

@Suite("JSON written as Python's json.dumps writes it")
struct JSONWriterTests {
    /// Expected outputs from CPython 3.11 `json.dumps(s)` (ensure_ascii=True,
    /// https://docs.python.org/3.11/library/json.html#json.dumps).
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

    static func written(_ write: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        write(&writer)
        #expect(writer.bytes == Array(writer.string.utf8))
        return writer.string
    }

    @Test("integers, including the extremes")
    func integers() {
        let cases: [(Int, String)] = [
            (0, "0"), (7, "7"), (-7, "-7"), (1_700_000_000, "1700000000"),
            (Int.max, "9223372036854775807"), (Int.min, "-9223372036854775808"),
        ]
        for (value, expected) in cases {
            #expect(Self.written { $0.int(value) } == expected)
        }
        // Digits are written two at a time: every count of digits, odd and even, and the powers of ten around them.
        var power = 1
        for _ in 0..<18 {
            power *= 10
            for value in [power - 1, power, power + 1, power / 2 + 3] {
                #expect(Self.written { $0.int(value) } == String(value))
                #expect(Self.written { $0.int(-value) } == String(-value))
            }
        }
    }

    @Test("nested values and members in call order")
    func nested() {
        let written = Self.written { writer in
            writer.beginObject()
            writer.key("z")
            writer.beginArray()
            writer.int(1)
            writer.double(2.5)
            writer.null()
            writer.bool(true)
            writer.beginObject()
            writer.key("k")
            writer.string(escaping: "v")
            writer.endObject()
            writer.endArray()
            writer.key("a")
            writer.beginObject()
            writer.endObject()
            writer.key("m")
            writer.beginArray()
            writer.endArray()
            writer.endObject()
        }
        #expect(written == #"{"z":[1,2.5,null,true,{"k":"v"}],"a":{},"m":[]}"#)
        #expect(Self.written { _ in } == "")
        #expect(Self.written { $0.bool(false) } == "false")
        #expect(
            Self.written {
                $0.beginArray()
                $0.beginArray()
                $0.endArray()
                $0.beginObject()
                $0.endObject()
                $0.rawValue("NaN")
                $0.endArray()
            } == "[[],{},NaN]")
    }

    /// A `MemberName` that JSON writes as it is (printable ASCII but `"` and backslash) is copied; any other is
    /// escaped as `key(escaping:)` escapes it.
    @Test(
        "member names: prepared and escaped",
        arguments: ["iss", "", "x5t#S256", "application_sid", "a\"b", "a\\b", "\u{7F}", "\u{1F}", "é", "🚀", "\t"])
    func keys(name: String) {
        let prepared = Self.written {
            $0.beginObject()
            $0.key(MemberName(name))
            $0.int(1)
            $0.endObject()
        }
        let escaped = Self.written {
            $0.beginObject()
            $0.key(escaping: name)
            $0.int(1)
            $0.endObject()
        }
        #expect(prepared == escaped)
        #expect(prepared == "{" + Self.pythonDumps(name) + ":1}")
    }

    @Test("strings written without escaping, in parts, and raw")
    func stringForms() {
        #expect(
            Self.written {
                $0.beginArray()
                $0.string("GET")
                $0.unescapedString("SK0123")
                $0.string("SK0123", dash: 1_700_000_000)
                $0.string("p", dash: -5)
                $0.string("", dash: 0)
                $0.endArray()
            } == #"["GET","SK0123","SK0123-1700000000","p--5","-0"]"#)
        #expect(
            Self.written {
                $0.beginObject()
                $0.key("scope")
                $0.string { parts in
                    parts.part("scope:client:")
                    parts.part("a\"é b")
                    parts.part(StaticString("?x=1"))
                }
                $0.key("raw")
                $0.rawString { (bytes: inout ByteWriter) in
                    bytes.append("abc")
                    bytes.append(UInt8(ascii: "d"))
                }
                $0.endObject()
            } == #"{"scope":"scope:client:a\"\u00e9 b?x=1","raw":"abcd"}"#)
    }

    /// twilio-python leaves out an optional member whose value is `None` or empty.
    @Test("optional members are left out when absent or empty")
    func optionalMembers() {
        #expect(
            Self.written {
                $0.beginObject()
                $0.optionalMember("a", nil)
                $0.optionalMember("b", "")
                $0.optionalMember("c", "x")
                $0.optionalMember("d", "é")
                $0.endObject()
            } == #"{"c":"x","d":"\u00e9"}"#)
    }

    /// Expected outputs of CPython 3.11 `repr(float)` (https://docs.python.org/3.11/library/functions.html#repr),
    /// which `json.dumps` writes: scientific notation exactly when the decimal exponent is below -4 or above 15.
    @Test(
        "doubles are written as Python's repr writes them",
        arguments: [
            (0.0, "0.0"), (-0.0, "-0.0"), (1.0, "1.0"), (-2.5, "-2.5"), (0.5, "0.5"), (100.0, "100.0"),
            (0.1, "0.1"), (0.001, "0.001"), (0.0001, "0.0001"), (0.00001, "1e-05"), (0.000_015, "1.5e-05"),
            (1.5e-7, "1.5e-07"), (1e15, "1000000000000000.0"), (1e16, "1e+16"), (1.5e16, "1.5e+16"),
            (1e22, "1e+22"), (1e100, "1e+100"), (1_234_567_890_123_456.0, "1234567890123456.0"),
            (12_345_678_901_234_567.0, "1.2345678901234568e+16"), (123_456_789_012_345_680.0, "1.2345678901234568e+17"),
            (1.7976931348623157e308, "1.7976931348623157e+308"), (.leastNonzeroMagnitude, "5e-324"),
            (2.2250738585072014e-308, "2.2250738585072014e-308"), (-1e-300, "-1e-300"), (123.456, "123.456"),
            (1.0 / 3.0, "0.3333333333333333"), (2.0 / 3.0 * 1e20, "6.666666666666666e+19"),
            (9_007_199_254_740_993.0, "9007199254740992.0"),
        ] as [(Double, String)])
    func doubles(value: Double, expected: String) {
        #expect(PythonFloatRepr.string(value) == expected)
        var bytes: [UInt8] = [1]
        PythonFloatRepr.write(value, to: &bytes)
        #expect(bytes == [1] + Array(expected.utf8))
        #expect(Self.written { $0.double(value) } == expected)
        // What Python writes reads back as the same double.
        #expect(Double(expected)?.bitPattern == value.bitPattern)
    }

    /// A differential against CPython's `repr(float)` (Python standard library only) over random bit patterns.
    @Test("doubles agree with CPython's repr on 2 000 random values")
    func doublesAgainstPython() throws {
        var generator = SeededGenerator(seed: 0xF10A_7)
        var values: [Double] = []
        while values.count < 2000 {
            let value = Double(bitPattern: generator.next())
            if value.isFinite { values.append(value) }
        }
        let script = """
            import json, struct, sys
            print(json.dumps([repr(struct.unpack("<d", struct.pack("<Q", int(n)))[0]) for n in json.load(sys.stdin)]))
            """
        let result = try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script],
            stdin: Data("[\(values.map { String($0.bitPattern) }.joined(separator: ","))]".utf8))
        try #require(result.status == 0, "\(String(decoding: result.stderr, as: UTF8.self))")
        let reprs = try #require(try JSONDocument.parse(result.stdout, maximumDepth: 1).array).map { $0.string }
        try #require(reprs.count == values.count)
        var differences = 0
        for (value, repr) in zip(values, reprs) where PythonFloatRepr.string(value) != repr {
            differences += 1
            if differences <= 5 {
                Issue.record("\(value.bitPattern): ours \(PythonFloatRepr.string(value)), Python \(repr ?? "?")")
            }
        }
        #expect(differences == 0)
    }
}

@Suite("base64url")
struct Base64URLTests {
    /// RFC 4648 §10 test vectors (https://www.rfc-editor.org/rfc/rfc4648#section-10), unpadded, plus bytes that use
    /// the URL-safe characters.
    @Test(
        "encodes RFC 4648 vectors",
        arguments: [
            ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ])
    func rfc4648(input: String, expected: String) {
        #expect(Base64URL.encode(Array(input.utf8)) == expected)
        #expect(Base64URL.encode(input.utf8) == expected)
        #expect(Base64URL.encode(input.utf8.lazy.map { $0 }) == expected)
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
