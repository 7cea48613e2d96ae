import Testing

@_spi(Engine) @testable import TwilioJWTEngine

/// The views look members up by `MemberName`: one word for short plain names, bytes after the length for longer ASCII
/// names, `String` comparison for the rest. Each must find exactly what comparing the names as `String`s finds.
@Suite("Member names: packed and byte lookups agree with String lookups")
struct MemberNameTests {
    /// Names written plainly, with escapes, canonically equivalent, and near misses, at every length around the
    /// eight bytes that are packed.
    static let names = [
        "iss", "is", "issu", "iat", "x5t#S256", "x5t#S25", "x5t#S2567", "grants", "grant", "policies", "policiesX",
        "policie", "K", "k", "room", "application_sid", "application_siD", "application_si", "nbf", "", "\u{212A}", "é",
        "e\u{301}", "aud", "crit", "cri", "\u{0}", "iss\u{0}",
    ]

    static let text = #"""
        {"iss":1,"\u0069at":2,"x5t#S256":3,"grant\u0073":4,"K":5,"é":6,"policies":7,"application_sid":8,"":9,
        "aud":10,"crit":11}
        """#

    @Test("a packed or byte lookup finds what a String lookup finds", arguments: Self.names)
    func lookup(name: String) throws {
        let object = try #require(try JSONDocument.parse(Self.text.utf8, maximumDepth: 16).object)
        let expected = object.first { $0.name == name }.map { TestJSON($0.value) }
        #expect(object[MemberName(name)].map(TestJSON.init) == expected)
        #expect(object.contains(MemberName(name)) == (expected != nil))
        #expect(object.contains { $0.hasName(MemberName(name)) } == (expected != nil))
    }

    /// The little-endian word of up to eight bytes, built byte by byte.
    static func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * $1.offset) }
    }

    /// Plain ASCII names of every length from 0 to 10: the first nine are packed (the first byte in the lowest byte,
    /// zero-padded), longer ones are not.
    @Test("names are packed as little-endian words of their bytes", arguments: 0...10)
    func packing(length: Int) {
        let text = String("abcdefghij".prefix(length))
        let name = MemberName(text)
        #expect(name.text == text)
        #expect(name.description == text)
        #expect(name.count == length)
        #expect(name.isASCII)
        #expect(name.isPlainJSON)
        #expect(name.packed == (length <= MemberName.packedCount ? Self.word(Array(text.utf8)) : 0))
    }

    /// The parser packs a plain string with one load when eight bytes of the text follow its start (a member name
    /// followed by more members), and byte by byte near the end of the text (a short string that is the whole text);
    /// both must pack it as `MemberName` does.
    @Test("the document packs a plainly written string to the name's word", arguments: 0...MemberName.packedCount)
    func documentPacking(length: Int) throws {
        let text = String("identity".prefix(length))
        let name = MemberName(text)
        for json in [#"{"\#(text)":0,"padding":"........"}"#, #""\#(text)""#] {
            var builder = JSONDocument.Builder(copying: Array(json.utf8))
            let root = try builder.parse(0..<builder.byteCount, maximumDepth: 16)
            let document = builder.build()
            let node = document.node(root).kind == .object ? document.memberNameIndex(0, inObjectAt: root) : root
            #expect(document.node(node).isPlainASCII)
            #expect(document.node(node).bits == name.packed, "\(json)")
            #expect(document.string(at: node, equals: name), "\(json)")
        }
    }

    @Test("names that are not plain ASCII are not packed")
    func notPacked() {
        for text in ["é", "e\u{301}", "\u{212A}", "中"] {
            let name = MemberName(text)
            #expect(!name.isASCII && !name.isPlainJSON && name.packed == 0, "\(text)")
            #expect(name.count == text.utf8.count)
        }
        // ASCII that JSON writes escaped (or, for DEL, that the writer escapes): packed all the same, since packing asks
        // only for short ASCII. A document holds such a name escaped, not plain, so it compares it as a `String`.
        for (text, json) in [
            ("a\"b", #"{"a\"b":1}"#), ("a\\b", #"{"a\\b":1}"#), ("\u{7F}", #"{"\u007f":1}"#),
            ("\u{1F}", #"{"\u001f":1}"#), ("\t", #"{"\t":1}"#),
        ] {
            let name = MemberName(text)
            #expect(name.isASCII && !name.isPlainJSON, "\(text.unicodeScalars.map(\.value))")
            #expect(name.packed == Self.word(Array(text.utf8)))
            let object = try? JSONDocument.parse(json.utf8, maximumDepth: 16).object
            #expect(object?[name]?.int == 1, "\(json)")
        }
        let literal: MemberName = "grants"
        #expect(literal == MemberName("grants"))
    }

    /// A name stored with an escape, or as non-ASCII, is decoded and compared as a `String`: canonically equivalent
    /// spellings are the same name, whichever side is ASCII.
    @Test(
        "escaped and canonically equivalent names are compared as Swift compares strings",
        arguments: [
            (#""\u004b""#, "K", true), (#""\u004b""#, "\u{212A}", true), (#""\u212a""#, "K", true),
            (#""\u212a""#, "k", false), (#""K""#, "\u{212A}", true), (#""é""#, "e\u{301}", true),
            (#""e\u0301""#, "é", true), (#""\u00e9""#, "é", true), (#""é""#, "e", false), (#""e""#, "é", false),
            (#""\u0065xp""#, "exp", true), (#""\u0065xp""#, "ex", false), (#""a\/b""#, "a/b", true),
            (#""\ud83d\ude80""#, "🚀", true), (#""\u0000""#, "\u{0}", true), (#""\u0000""#, "", false),
            (#""policies\u0021""#, "policies!", true), (#""policies\u0021""#, "policies?", false),
        ] as [(String, String, Bool)])
    func escapedNames(json: String, query: String, equal: Bool) throws {
        let value = try JSONDocument.parse(json.utf8, maximumDepth: 16)
        #expect(value.isString(MemberName(query)) == equal)
        #expect(value.isString(equalTo: query) == equal)
        #expect((value.string == query) == equal)
    }

    /// Long ASCII names (beyond the packed eight bytes) are compared byte for byte after their lengths: a difference
    /// at any position, or in the length, is a different name.
    @Test("long names: a difference at any byte, or in the length", arguments: [9, 15, 16, 17, 24, 40])
    func longNames(length: Int) throws {
        let stored = String((0..<length).map { Character(UnicodeScalar(UInt8(ascii: "a") + UInt8($0 % 26))) })
        let object = try #require(try JSONDocument.parse(#"{"\#(stored)":1}"#.utf8, maximumDepth: 16).object)
        #expect(object[MemberName(stored)]?.int == 1)
        for position in 0..<length {
            var bytes = Array(stored.utf8)
            bytes[position] = UInt8(ascii: "_")
            #expect(object[MemberName(String(decoding: bytes, as: UTF8.self))] == nil, "\(position)")
        }
        #expect(object[MemberName(String(stored.dropLast()))] == nil)
        #expect(object[MemberName(stored + "a")] == nil)
    }
}
