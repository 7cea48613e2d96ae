import Testing
import TwilioJWTTestSupport

@_spi(Engine) @testable import TwilioJWTEngine

/// A text the parser must accept, and the value it must produce (member order and number kind included).
struct JSONAcceptCase: Sendable, CustomTestStringConvertible {
    let id: String
    let input: [UInt8]
    let expected: TestJSON

    init(_ id: String, _ input: String, _ expected: TestJSON) {
        self.init(id, Array(input.utf8), expected)
    }

    init(_ id: String, _ input: [UInt8], _ expected: TestJSON) {
        self.id = id
        self.input = input
        self.expected = expected
    }

    var testDescription: String { self.id }
}

/// A text the parser must reject, and the kind of failure it must report.
struct JSONRejectCase: Sendable, CustomTestStringConvertible {
    let id: String
    let input: [UInt8]
    let kind: JSONParseError.Kind

    init(_ id: String, _ input: String, _ kind: JSONParseError.Kind) {
        self.init(id, Array(input.utf8), kind)
    }

    init(_ id: String, _ input: [UInt8], _ kind: JSONParseError.Kind) {
        self.id = id
        self.input = input
        self.kind = kind
    }

    var testDescription: String { self.id }
}

/// Builders for the nested and encoded inputs of the tables.
private enum Texts {
    /// `depth` nested arrays around `1`: `[[…[1]…]]`.
    static func arrays(depth: Int) -> String {
        String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
    }

    /// `depth` nested objects: `{"a":{"a":…{}…}}`.
    static func objects(depth: Int) -> String {
        String(repeating: #"{"a":"#, count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
    }

    /// A header whose ignored member `x` holds `depth - 1` nested arrays, so the deepest array is at `depth`.
    static func headerWithDeepMember(depth: Int) -> String {
        #"{"alg":"HS256","x":"# + Self.arrays(depth: depth - 1) + "}"
    }

    static func utf16LE(_ text: String) -> [UInt8] {
        text.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
    }

    static func utf16BE(_ text: String) -> [UInt8] {
        text.utf16.flatMap { [UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)] }
    }

    /// A JSON string literal around raw bytes: `"` bytes `"`.
    static func string(_ bytes: [UInt8]) -> [UInt8] {
        [UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\"")]
    }

    /// The `T0` fixture's header and payload (docs/security-checklist.md#fixtures).
    static let t0Header = #"{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}"#
    static let t0Payload =
        #"{"jti":"SK11111111111111111111111111111111-1700000000","iss":"SK11111111111111111111111111111111","#
        + #""sub":"AC00000000000000000000000000000000","iat":1700000000,"nbf":1700000000,"exp":1700003600,"#
        + #""grants":{"identity":"alice","voice":{"incoming":{"allow":true}}}}"#
}

/// The values of ``Texts/arrays(depth:)`` and ``Texts/objects(depth:)``, built without the parser.
private enum Values {
    static func arrays(depth: Int) -> TestJSON {
        depth == 1 ? [1] : [Self.arrays(depth: depth - 1)]
    }

    static func objects(depth: Int) -> TestJSON {
        depth == 1 ? [:] : ["a": Self.objects(depth: depth - 1)]
    }
}

/// The strict JSON grammar of `JSONDocument.parse` for untrusted token segments, case by case. The rules and the
/// checklist IDs in the case names (E01–E11, D09, P01) are in docs/security-checklist.md#json; the values are read back
/// through the views (``TestJSON``).
@Suite("JSON parsing: strict JSON for untrusted token segments")
struct JSONReaderTests {
    /// The depth the verifier parses with (docs/security-checklist.md#e09).
    static let maximumDepth = 16

    static func parse(_ bytes: some Collection<UInt8>, maximumDepth: Int = Self.maximumDepth) throws(JSONParseError)
        -> TestJSON
    {
        TestJSON(try JSONDocument.parse(bytes, maximumDepth: maximumDepth))
    }

    static func parse(_ text: String, maximumDepth: Int = Self.maximumDepth) throws(JSONParseError) -> TestJSON {
        try Self.parse(text.utf8, maximumDepth: maximumDepth)
    }

    static let accepted: [JSONAcceptCase] = [
        // Baseline: the T0 fixture's segments (docs/security-checklist.md#fixtures), members in their order.
        .init(
            "T0 header", Texts.t0Header,
            ["alg": "HS256", "typ": "JWT", "cty": "twilio-fpa;v=1"]
        ),
        .init(
            "T0 payload", Texts.t0Payload,
            [
                "jti": "SK11111111111111111111111111111111-1700000000", "iss": "SK11111111111111111111111111111111",
                "sub": "AC00000000000000000000000000000000", "iat": 1_700_000_000, "nbf": 1_700_000_000,
                "exp": 1_700_003_600, "grants": ["identity": "alice", "voice": ["incoming": ["allow": true]]],
            ]
        ),
        // P01 (docs/security-checklist.md#p01): RFC 7515 A.1's header has CRLF and spaces between tokens.
        .init(
            "P01 RFC 7515 A.1 header (CRLF, spaces)", "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}",
            ["typ": "JWT", "alg": "HS256"]),
        .init(
            "RFC 8259 §2: all four whitespace bytes", " \t\n\r{ \t\n\r\"a\" \t\n\r: \t\n\r[ 1 , 2 ] \t\n\r} \t\n\r",
            ["a": [1, 2]]),
        .init("member order preserved (not sorted)", #"{"b":1,"a":2,"c":3}"#, ["b": 1, "a": 2, "c": 3]),
        .init("empty object, array, string", #"[{},[],""]"#, [[:], [], ""]),
        // RFC 8259 §2: any value at the top level; "the claims set is an object" (E12) is the decoder's rule.
        .init("top-level true", "true", true),
        .init("top-level false", "false", false),
        .init("top-level null", "null", nil),
        .init("top-level string", #""s""#, "s"),
        // Escapes (RFC 8259 §7).
        .init(#"escape \/"#, #""a\/b""#, "a/b"),
        .init(#"escape \u00e9"#, #""\u00e9""#, "é"),
        .init(#"escape \u00E9 (upper-case hex)"#, #""\u00E9""#, "é"),
        .init("escape: surrogate pair for U+1F680", #""\ud83d\ude80""#, "🚀"),
        .init("escape: surrogate pair for U+10FFFF", #""\udbff\udfff""#, "\u{10FFFF}"),
        .init("escapes: the short forms", #""\"\\\/\b\f\n\r\t""#, "\"\\/\u{08}\u{0C}\n\r\t"),
        .init(#"escape \u0000"#, #""a\u0000b""#, "a\u{0}b"),
        .init(#"escape \u0065 spells e"#, #""\u0065xp""#, "exp"),
        // Raw UTF-8 at the boundaries of each sequence length (RFC 3629 §4).
        .init("raw UTF-8 U+0080 (C2 80)", Texts.string([0xC2, 0x80]), "\u{80}"),
        .init("raw UTF-8 U+07FF (DF BF)", Texts.string([0xDF, 0xBF]), "\u{7FF}"),
        .init("raw UTF-8 U+0800 (E0 A0 80)", Texts.string([0xE0, 0xA0, 0x80]), "\u{800}"),
        .init("raw UTF-8 U+D7FF (ED 9F BF), just below the surrogates", Texts.string([0xED, 0x9F, 0xBF]), "\u{D7FF}"),
        .init("raw UTF-8 U+E000 (EE 80 80), just above the surrogates", Texts.string([0xEE, 0x80, 0x80]), "\u{E000}"),
        .init("raw UTF-8 U+FFFF (EF BF BF)", Texts.string([0xEF, 0xBF, 0xBF]), "\u{FFFF}"),
        .init("raw UTF-8 U+10000 (F0 90 80 80)", Texts.string([0xF0, 0x90, 0x80, 0x80]), "\u{10000}"),
        .init("raw UTF-8 U+10FFFF (F4 8F BF BF)", Texts.string([0xF4, 0x8F, 0xBF, 0xBF]), "\u{10FFFF}"),
        .init("raw DEL (0x7F needs no escape, RFC 8259 §7)", Texts.string([0x7F]), "\u{7F}"),
        .init("raw U+FEFF inside a string (only a leading BOM is refused)", #""a\#u{FEFF}b""#, "a\u{FEFF}b"),
        // Numbers (RFC 8259 §6): integers that fit Int stay integers, everything else is a finite double (D09 and E11:
        // docs/security-checklist.md#d09, #e11).
        .init("0", "0", 0),
        .init("-0 is the integer 0, as in Python's json.loads", "-0", 0),
        .init("-0.0 is a double", "-0.0", .double(-0.0)),
        .init("1.0 stays a double", "1.0", .double(1.0)),
        .init("1E2 (upper-case exponent)", "1E2", .double(100)),
        .init("1e+2", "1e+2", .double(100)),
        .init("1e-2", "1e-2", .double(0.01)),
        .init("D09/E11: 1e300 is a finite double", "1e300", .double(1e300)),
        .init("-1e300", "-1e300", .double(-1e300)),
        .init("1e-400 underflows to 0.0, as in Python", "1e-400", .double(0)),
        .init("Int.max 9223372036854775807 is an integer", "9223372036854775807", .int(Int.max)),
        .init("Int.min -9223372036854775808 is an integer", "-9223372036854775808", .int(Int.min)),
        .init("D09: 9223372036854775808 (Int.max + 1) is a double", "9223372036854775808", .double(0x1p63)),
        .init("-9223372036854775809 (Int.min - 1) is a double", "-9223372036854775809", .double(-0x1p63)),
        .init("a 300-digit integer is a double", String(repeating: "9", count: 300), .double(1e300)),
        // D09 (docs/security-checklist.md#d09): unknown non-critical header members with awkward values are accepted
        // (and later ignored). vapor/jwt-kit's 5.8.0 security release addressed issues in JWT header parsing
        // (https://github.com/vapor/jwt-kit/releases/tag/5.8.0).
        .init(
            "D09 header x: 1e300", #"{"alg":"HS256","x":1e300}"#,
            ["alg": "HS256", "x": .double(1e300)]
        ),
        .init(
            "D09 header x: 9223372036854775808", #"{"alg":"HS256","x":9223372036854775808}"#,
            ["alg": "HS256", "x": .double(0x1p63)]
        ),
        .init(
            "D09 header x: 8-deep arrays", #"{"alg":"HS256","x":[[[[[[[[]]]]]]]]}"#,
            ["alg": "HS256", "x": [[[[[[[[]]]]]]]]]
        ),
        // E09 and R18 (docs/security-checklist.md#e09, #r18): nesting up to 16 is allowed.
        .init("E09 depth 16 arrays", Texts.arrays(depth: 16), Values.arrays(depth: 16)),
        .init("E09 depth 16 objects", Texts.objects(depth: 16), Values.objects(depth: 16)),
        .init(
            "E09 depth 16 in an ignored header member", Texts.headerWithDeepMember(depth: 16),
            ["alg": "HS256", "x": Values.arrays(depth: 15)]
        ),
    ]

    static let rejected: [JSONRejectCase] = [
        // E01–E04 (docs/security-checklist.md#e01 to #e04): duplicate member names at any depth (#r6), compared
        // after unescaping (RFC 7519 §7.3).
        .init("E01 duplicate alg", #"{"alg":"HS256","alg":"none"}"#, .duplicateMember),
        .init("E02 duplicate exp", #"{"exp":1700003600,"exp":2700000000}"#, .duplicateMember),
        .init("E02 duplicate exp, not adjacent", #"{"exp":1,"iss":"x","sub":"y","exp":2}"#, .duplicateMember),
        .init("E03 duplicate identity in grants", #"{"grants":{"identity":"a","identity":"b"}}"#, .duplicateMember),
        .init("E03 duplicate voice in grants", #"{"grants":{"voice":{},"voice":{"incoming":{}}}}"#, .duplicateMember),
        .init("E03 duplicate at depth 4", #"{"a":{"b":{"c":{"d":1,"d":1}}}}"#, .duplicateMember),
        .init("E03 duplicate inside an array", #"[1,{"a":1,"a":2}]"#, .duplicateMember),
        .init("E03 duplicate with identical values", #"{"a":1,"a":1}"#, .duplicateMember),
        .init(#"E04 "exp" then "\u0065xp""#, #"{"exp":1,"\u0065xp":2}"#, .duplicateMember),
        .init(#"E04 "\u0065xp" then "exp""#, #"{"\u0065xp":1,"exp":2}"#, .duplicateMember),
        .init(#"E04 "a/b" and "a\/b""#, #"{"a/b":1,"a\/b":2}"#, .duplicateMember),
        .init("E04 raw U+1F680 and its surrogate-pair escape", #"{"🚀":1,"\ud83d\ude80":2}"#, .duplicateMember),
        .init("E04 duplicate empty name", #"{"":1,"":2}"#, .duplicateMember),
        // E05 (docs/security-checklist.md#e05): exactly one value (RFC 7515 §10.12).
        .init("E05 trailing ABCD", #"{"alg":"HS256"}ABCD"#, .syntax),
        .init("E05 two objects", "{}{}", .syntax),
        .init("E05 two numbers", "1 2", .syntax),
        .init("E05 trailing comma after the value", "{},", .syntax),
        .init("E05 trailing NUL", [UInt8(ascii: "{"), UInt8(ascii: "}"), 0x00], .syntax),
        .init("E05 trailing dot", "1.5.", .syntax),
        // E06 (docs/security-checklist.md#e06): invalid UTF-8 (RFC 8725 §3.7, RFC 3629).
        .init("E06 bytes FF FE inside a string", Texts.string([0x61, 0xFF, 0xFE]), .invalidUTF8),
        .init("E06 lone continuation byte 80", Texts.string([0x80]), .invalidUTF8),
        .init("E06 overlong '/' (C0 AF)", Texts.string([0xC0, 0xAF]), .invalidUTF8),
        .init("E06 overlong NUL (C1 80)", Texts.string([0xC1, 0x80]), .invalidUTF8),
        .init("E06 overlong 3-byte (E0 80 AF)", Texts.string([0xE0, 0x80, 0xAF]), .invalidUTF8),
        .init("E06 overlong 4-byte (F0 80 80 AF)", Texts.string([0xF0, 0x80, 0x80, 0xAF]), .invalidUTF8),
        .init("E06 beyond U+10FFFF (F4 90 80 80)", Texts.string([0xF4, 0x90, 0x80, 0x80]), .invalidUTF8),
        .init("E06 lead byte F5", Texts.string([0xF5, 0x80, 0x80, 0x80]), .invalidUTF8),
        .init("E06 truncated sequence before the quote (C3 \")", Texts.string([0xC3]), .invalidUTF8),
        .init("E06 truncated sequence at the end of the text", [UInt8(ascii: "\""), 0xE2, 0x82], .invalidUTF8),
        .init(
            "E06 ASCII where a continuation byte belongs (E2 41 41)", Texts.string([0xE2, 0x41, 0x41]), .invalidUTF8),
        .init(
            "E06 invalid UTF-8 in a member name", [UInt8(ascii: "{")] + Texts.string([0xFF]) + Array(":1}".utf8),
            .invalidUTF8),
        .init("E06 invalid UTF-8 outside a string", [UInt8(ascii: "["), 0xFF, UInt8(ascii: "]")], .syntax),
        // E07 (docs/security-checklist.md#e07): only UTF-8, without a byte-order mark (RFC 8725 §3.7; Foundation's
        // JSONDecoder accepts both).
        .init("E07 UTF-8 BOM prefix", [0xEF, 0xBB, 0xBF] + Array(Texts.t0Header.utf8), .invalidUTF8),
        .init("E07 UTF-16LE header", Texts.utf16LE(Texts.t0Header), .invalidUTF8),
        .init("E07 UTF-16LE header with its BOM (FF FE)", [0xFF, 0xFE] + Texts.utf16LE(Texts.t0Header), .invalidUTF8),
        .init("E07 UTF-16BE header", Texts.utf16BE(Texts.t0Header), .invalidUTF8),
        .init("E07 UTF-16BE header with its BOM (FE FF)", [0xFE, 0xFF] + Texts.utf16BE(Texts.t0Header), .invalidUTF8),
        .init("E07 UTF-32LE '{}'", [0x7B, 0, 0, 0, 0x7D, 0, 0, 0], .invalidUTF8),
        .init("E07 UTF-32BE '{}'", [0, 0, 0, 0x7B, 0, 0, 0, 0x7D], .invalidUTF8),
        // E08 (docs/security-checklist.md#e08): lone surrogates, escaped and raw-encoded (RFC 8259 §8.2, RFC 3629 §3).
        .init(#"E08 escaped lone high surrogate "\ud800""#, #""\ud800""#, .invalidUTF8),
        .init(#"E08 escaped lone low surrogate "\udc00""#, #""\udc00""#, .invalidUTF8),
        .init(#"E08 high surrogate then a letter"#, #""\ud800x""#, .invalidUTF8),
        .init(#"E08 high surrogate then \u0041"#, #""\ud800\u0041""#, .invalidUTF8),
        .init(#"E08 high surrogate then another high"#, #""\ud800\ud800""#, .invalidUTF8),
        .init(#"E08 low surrogate before a high one"#, #""\udc00\ud800""#, .invalidUTF8),
        .init(#"E08 high surrogate then \n"#, #""\ud800\n""#, .invalidUTF8),
        .init("E08 raw-encoded U+D800 (ED A0 80)", Texts.string([0xED, 0xA0, 0x80]), .invalidUTF8),
        .init("E08 raw-encoded U+DFFF (ED BF BF)", Texts.string([0xED, 0xBF, 0xBF]), .invalidUTF8),
        .init(
            "E08 raw-encoded pair, CESU-8 (ED A0 BD ED BA 80)", Texts.string([0xED, 0xA0, 0xBD, 0xED, 0xBA, 0x80]),
            .invalidUTF8),
        // E09 and R18 (docs/security-checklist.md#e09, #r18): nesting deeper than 16 (Nimbus JOSE+JWT CVE-2025-53864,
        // PyJWT GHSA-8wjv-2p76-3863); these rows run in "E09 nesting deeper than 16 is refused".
        .init("E09 depth 17 arrays", Texts.arrays(depth: 17), .tooDeep),
        .init("E09 depth 17 objects", Texts.objects(depth: 17), .tooDeep),
        .init("E09 depth 17 in an ignored header member", Texts.headerWithDeepMember(depth: 17), .tooDeep),
        .init("E09 depth 17, unclosed", String(repeating: "[", count: 17), .tooDeep),
        // E10 (docs/security-checklist.md#e10): numbers outside the RFC 8259 §6 grammar.
        .init("E10 01", "01", .syntax),
        .init("E10 -01", "-01", .syntax),
        .init("E10 00", "00", .syntax),
        .init("E10 +1", "+1", .syntax),
        .init("E10 .5", ".5", .syntax),
        .init("E10 5.", "5.", .syntax),
        .init("E10 1.e5", "1.e5", .syntax),
        .init("E10 1e", "1e", .syntax),
        .init("E10 1e+", "1e+", .syntax),
        .init("E10 1E-", "1E-", .syntax),
        .init("E10 NaN", "NaN", .syntax),
        .init("E10 Infinity", "Infinity", .syntax),
        .init("E10 -Infinity", "-Infinity", .syntax),
        .init("E10 0x10", "0x10", .syntax),
        .init("E10 -", "-", .syntax),
        .init("E10 --1", "--1", .syntax),
        .init("E10 as a member value: exp 01", #"{"exp":01}"#, .syntax),
        .init("E10 as a member value: exp NaN", #"{"exp":NaN}"#, .syntax),
        // E11 (docs/security-checklist.md#e11): numbers no double can hold are rejected, not turned into infinity.
        .init("E11 1e400", "1e400", .numberOutOfRange),
        .init("E11 -1e400", "-1e400", .numberOutOfRange),
        .init("E11 a 400-digit integer", String(repeating: "9", count: 400), .numberOutOfRange),
        .init("E11 a negative 400-digit integer", "-" + String(repeating: "9", count: 400), .numberOutOfRange),
        .init("E11 as a member value: exp 1e400", #"{"exp":1e400}"#, .numberOutOfRange),
        .init("E11 just above the largest double (1.8e308)", "1.8e308", .numberOutOfRange),
        // Strings (RFC 8259 §7): control characters must be escaped; only the listed escapes exist.
        .init("raw NUL in a string", Texts.string([0x61, 0x00]), .syntax),
        .init("raw LF in a string", "\"a\nb\"", .syntax),
        .init("raw TAB in a string", "\"a\tb\"", .syntax),
        .init("raw 0x1F in a string", Texts.string([0x1F]), .syntax),
        .init(
            "raw control character in a member name", [UInt8(ascii: "{")] + Texts.string([0x01]) + Array(":1}".utf8),
            .syntax),
        .init(#"escape \x41"#, #""\x41""#, .syntax),
        .init(#"escape \'"#, #""\'""#, .syntax),
        .init(#"escape \U0041"#, #""\U0041""#, .syntax),
        .init(#"escape \u12 (too short)"#, #""\u12""#, .syntax),
        .init(#"escape \u12G4"#, #""\u12G4""#, .syntax),
        .init("backslash at the end of the text", #""\"#, .syntax),
        .init("unterminated string", #""abc"#, .syntax),
        .init("single-quoted string", "'a'", .syntax),
        // Structure (RFC 8259 §2, §4, §5).
        .init("empty text", "", .syntax),
        .init("whitespace only", " \n", .syntax),
        .init("unclosed object", #"{"a":1"#, .syntax),
        .init("unclosed array", "[1,", .syntax),
        .init("trailing comma in an object", #"{"a":1,}"#, .syntax),
        .init("trailing comma in an array", "[1,]", .syntax),
        .init("leading comma in an object", #"{,"a":1}"#, .syntax),
        .init("member without a value", #"{"a"}"#, .syntax),
        .init("member without a colon", #"{"a" 1}"#, .syntax),
        .init("unquoted member name", "{a:1}", .syntax),
        .init("number as a member name", "{1:1}", .syntax),
        .init("missing comma between members", #"{"a":1 "b":2}"#, .syntax),
        .init("missing comma between elements", "[1 2]", .syntax),
        .init("comment", "{/**/}", .syntax),
        .init("literal True", "True", .syntax),
        .init("literal tru", "tru", .syntax),
        .init("literal nul", "nul", .syntax),
        .init("literal truex", "truex", .syntax),
        .init("form feed is not JSON whitespace", "\u{0C}{}", .syntax),
        .init("NBSP is not JSON whitespace", "\u{A0}{}", .syntax),
    ]

    @Test("accepts", arguments: Self.accepted)
    func accepts(_ vector: JSONAcceptCase) throws {
        let value = try Self.parse(vector.input)
        // `==` compares members in order and tells integers from doubles; the written form shows both too.
        #expect(value == vector.expected)
        #expect(value.json == vector.expected.json)
    }

    @Test("rejects, with the expected failure kind", arguments: Self.rejected.filter { !$0.id.hasPrefix("E09 ") })
    func rejects(_ vector: JSONRejectCase) {
        Self.expectRejected(vector)
    }

    @Test(
        "E09 nesting deeper than 16 is refused",
        .bug("https://nvd.nist.gov/vuln/detail/CVE-2025-53864", "Nimbus JOSE+JWT CVE-2025-53864"),
        .bug("https://github.com/jpadilla/pyjwt/security/advisories/GHSA-8wjv-2p76-3863", "PyJWT GHSA-8wjv-2p76-3863"),
        arguments: Self.rejected.filter { $0.id.hasPrefix("E09 ") })
    func rejectsDeepNesting(_ vector: JSONRejectCase) {
        Self.expectRejected(vector)
    }

    static func expectRejected(_ vector: JSONRejectCase) {
        #expect {
            _ = try Self.parse(vector.input)
        } throws: { error in
            guard let failure = error as? JSONParseError else { return false }
            return failure.kind == vector.kind && (0...vector.input.count).contains(failure.offset)
        }
    }

    @Test("-0.0 keeps its sign; -0 is the integer 0")
    func negativeZero() throws {
        let double = try JSONDocument.parse("-0.0".utf8, maximumDepth: Self.maximumDepth)
        let value = try #require(double.double)
        #expect(value == 0 && value.sign == .minus)
        #expect(try Self.parse("-0") == .int(0))
    }

    @Test("member order is the order of the text")
    func memberOrder() throws {
        let names = ["z", "exp", "a", "iat", "m", "0", "_"]
        let text = "{" + names.map { "\"\($0)\":1" }.joined(separator: ",") + "}"
        #expect(try Self.parse(text).names == names)
    }

    /// E09 (docs/security-checklist.md#e09): deep nesting is refused at the 17th level, before the rest of the text is
    /// read, so neither 600 nor 100 000 levels can exhaust the stack or take long.
    @Test(
        "E09: depths 600 and 100 000 are rejected quickly, without stack overflow",
        .bug("https://nvd.nist.gov/vuln/detail/CVE-2025-53864", "Nimbus JOSE+JWT CVE-2025-53864"),
        .bug("https://github.com/jpadilla/pyjwt/security/advisories/GHSA-8wjv-2p76-3863", "PyJWT GHSA-8wjv-2p76-3863"),
        arguments: [600, 100_000])
    func deepNestingIsRejectedQuickly(depth: Int) {
        for text in [Texts.arrays(depth: depth), Texts.objects(depth: depth), Texts.headerWithDeepMember(depth: depth)]
        {
            let bytes = Array(text.utf8)
            let clock = ContinuousClock()
            var failure: JSONParseError?
            let elapsed = clock.measure {
                do throws(JSONParseError) {
                    _ = try JSONDocument.parse(bytes, maximumDepth: Self.maximumDepth)
                } catch {
                    failure = error
                }
            }
            #expect(failure?.kind == .tooDeep)
            // The 17th opening bracket is within the first 200 bytes of every text here.
            #expect((failure?.offset ?? .max) < 200)
            #expect(elapsed < .milliseconds(100))
        }
    }

    @Test("the depth limit is configurable, and counts objects and arrays alike")
    func depthLimit() throws {
        #expect(throws: JSONParseError.self) { try Self.parse("[]", maximumDepth: 0) }
        #expect(try Self.parse("1", maximumDepth: 0) == 1)
        #expect(try Self.parse(#"[{"a":[]}]"#, maximumDepth: 3) == [["a": []]])
        #expect(throws: JSONParseError.self) { try Self.parse(#"[{"a":[]}]"#, maximumDepth: 2) }
        let deep = Texts.arrays(depth: 64)
        #expect(throws: JSONParseError.self) { try Self.parse(deep) }
        #expect(throws: Never.self) { try Self.parse(deep, maximumDepth: 64) }
    }

    @Test("a duplicate is reported at the second occurrence of the name")
    func duplicateOffset() throws {
        let text = #"{"alg":"HS256","alg":"none"}"#
        let error = try #require(throws: JSONParseError.self) { try Self.parse(text) }
        #expect(error.kind == .duplicateMember)
        #expect(error.offset == 15)
        #expect(error.reason.contains("'alg'"))
        #expect(error.description == "duplicate member name 'alg' at byte 15")
    }

    /// Error messages may end up in logs; a hostile 10 000-character name must not be copied into them
    /// (docs/security-checklist.md#error-messages).
    @Test("a failure never carries much of the input")
    func failureIsShort() throws {
        let name = String(repeating: "A", count: 10_000)
        let text = "{\"\(name)\":1,\"\(name)\":2}"
        let error = try #require(throws: JSONParseError.self) { try Self.parse(text) }
        #expect(error.kind == .duplicateMember)
        #expect(error.description.count < 100)
        #expect(error.description.utf8.count < 100)
    }

    /// The same rule for names whose characters are long: one `Character` (an extended grapheme cluster) can hold any
    /// number of scalars, such as a letter with 10 000 combining marks, so a message must be bounded in bytes, not in
    /// characters. The `FuzzJSON` harness traps on a description longer than 160 bytes
    /// (docs/security-checklist.md#error-messages).
    @Test(
        "a failure never carries much of the input, even when its characters are long",
        arguments: [
            "a" + String(repeating: "\u{301}", count: 10_000),
            String(repeating: "e" + String(repeating: "\u{301}", count: 400), count: 25),
            String(repeating: "👩\u{200D}", count: 2000) + "💻",
        ])
    func failureIsShortInBytes(name: String) throws {
        #expect(name.count <= 25)
        let text = "{\"\(name)\":1,\"\(name)\":2}"
        let error = try #require(throws: JSONParseError.self) { try Self.parse(text) }
        #expect(error.kind == .duplicateMember)
        #expect(error.description.utf8.count <= 160, "\(error.description.utf8.count) bytes")
    }

    /// Swift compares strings by canonical equivalence, and the views look members up that way, so
    /// `{"é":…,"é":…}` spelled once precomposed and once decomposed would make a lookup ambiguous. The
    /// parser treats such names as duplicates: stricter than RFC 7519 §7.3's code-point comparison, never
    /// looser, and no token Twilio issues has such names.
    @Test(
        "canonically equivalent member names count as duplicates",
        arguments: [
            #"{"\u00e9":1,"e\u0301":2}"#,
            #"{"K":1,"\u212a":2}"#,  // U+212A KELVIN SIGN is canonically equivalent to K
        ])
    func canonicallyEquivalentNames(text: String) {
        #expect {
            _ = try Self.parse(text)
        } throws: { error in
            (error as? JSONParseError)?.kind == .duplicateMember
        }
    }

    /// The same text parsed from an array, a slice, a string's UTF-8, and from the middle of a builder's larger buffer
    /// (whose failure offsets count from the start of the part) gives the same value or the same failure.
    @Test("every entry point gives the same result", arguments: Self.accepted.map(\.input) + Self.rejected.map(\.input))
    func entryPointsAgree(input: [UInt8]) {
        let fromArray = Result { () throws(JSONParseError) in try Self.parse(input) }
        let padded = [UInt8(ascii: "x")] + input + [UInt8(ascii: "]")]
        #expect(fromArray == Result { () throws(JSONParseError) in try Self.parse(padded.dropFirst().dropLast()) })
        let fromBuilder = Result { () throws(JSONParseError) -> TestJSON in
            var builder = JSONDocument.Builder(copying: padded)
            let root = try builder.parse(1..<(1 + input.count), maximumDepth: Self.maximumDepth)
            return TestJSON(JSONValueView(document: builder.build(), node: root))
        }
        #expect(fromArray == fromBuilder)
        let text = String(decoding: input, as: UTF8.self)
        if Array(text.utf8) == input {
            #expect(fromArray == Result { () throws(JSONParseError) in try Self.parse(text) })
        }
    }

    /// What ``JSONWriter`` writes (Python's `json.dumps` format: `\u` escapes for every non-ASCII scalar, surrogate
    /// pairs beyond the BMP, Python's float repr) the parser reads back unchanged, and writes again byte for byte.
    @Test("2 000 random values round-trip through JSONWriter")
    func roundTrip() throws {
        var random = RandomJSON(seed: 0x5EAD_E8)
        for _ in 0..<2000 {
            let value = random.value()
            let text = value.json
            let parsed = try Self.parse(text)
            #expect(parsed == value, "\(text)")
            #expect(parsed.json == text)
        }
    }
}

/// Random JSON values whose strings are full of the characters that break hand-written JSON writers and parsers.
private struct RandomJSON {
    var generator: SeededGenerator

    init(seed: UInt64) {
        self.generator = SeededGenerator(seed: seed)
    }

    /// Quotes, backslashes, `/`, C0 controls and DEL, Latin-1, CJK, a combining mark, line and paragraph separators,
    /// U+FEFF and characters beyond the BMP (surrogate pairs in JSON).
    static let scalars: [Unicode.Scalar] = {
        var scalars: [Unicode.Scalar] = []
        scalars += "abcXYZ019_-. ~".unicodeScalars
        scalars += "\"\\/<>&'=+%?#:;,!*()[]{}@$^`|".unicodeScalars
        scalars += (0...0x1F).map { Unicode.Scalar(UInt8($0)) } + [Unicode.Scalar(0x7F)]
        scalars += "éüñßøÅ中文日本語한국어".unicodeScalars
        scalars += [Unicode.Scalar(0x0301)!, Unicode.Scalar(0x2028)!, Unicode.Scalar(0x2029)!, Unicode.Scalar(0xFEFF)!]
        scalars += "🚀𝄞😀👩‍💻".unicodeScalars
        return scalars
    }()

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self.generator)
    }

    mutating func string(maxLength: Int = 16) -> String {
        var string = String.UnicodeScalarView()
        for _ in 0..<self.int(0...maxLength) {
            string.append(Self.scalars[self.int(0...(Self.scalars.count - 1))])
        }
        return String(string)
    }

    mutating func double() -> Double {
        switch self.int(0...4) {
        case 0:
            let special = [
                0.0, -0.0, 1.0, 0.5, -2.5, 1e16, 1e-5, 1e-4, 1e22, 123_456_789_012_345_680.0,
                Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude,
            ]
            return special[self.int(0...(special.count - 1))]
        case 1:
            let divisors: [Double] = [1, 10, 100, 1000, 3, 7]
            return Double(self.int(-1_000_000...1_000_000)) / divisors[self.int(0...(divisors.count - 1))]
        default:
            while true {
                let value = Double(bitPattern: self.generator.next())
                if value.isFinite { return value }
            }
        }
    }

    /// A value nested at most three levels below `depth`.
    mutating func value(depth: Int = 0) -> TestJSON {
        switch self.int(0...(depth >= 3 ? 4 : 6)) {
        case 0: return .null
        case 1: return .bool(self.int(0...1) == 1)
        case 2:
            return .int(self.int(0...1) == 1 ? self.int(-1000...1000) : Int(bitPattern: UInt(self.generator.next())))
        case 3: return .double(self.double())
        case 4: return .string(self.string())
        case 5: return .array((0..<self.int(0...4)).map { _ in self.value(depth: depth + 1) })
        default:
            // Names are distinct as Swift compares strings (a set of them), as the parser requires.
            var names: [String] = []
            var seen: Set<String> = []
            for _ in 0..<self.int(0...5) {
                let name = self.string(maxLength: 8)
                if seen.insert(name).inserted { names.append(name) }
            }
            return .object(names.map { TestJSON.Member(name: $0, value: self.value(depth: depth + 1)) })
        }
    }
}
