import Testing

@_spi(Engine) @testable import TwilioJWTEngine

/// The safe views of a parsed document: what each accessor reads of each kind of value, member lookup (compared as
/// Swift compares strings), arrays, nested containers, and string comparison without copying.
@Suite("JSON views: kinds, accessors, lookups and comparisons")
struct JSONViewsTests {
    static func parse(_ text: String) throws -> JSONValueView {
        try JSONDocument.parse(text.utf8, maximumDepth: 16)
    }

    /// A value of each kind, and what every accessor must read of it (`nil` for the accessors of other kinds).
    struct KindCase: Sendable, CustomTestStringConvertible {
        let json: String
        let kind: JSONKind
        var bool: Bool? = nil
        var int: Int? = nil
        var double: Double? = nil
        var string: String? = nil
        var arrayCount: Int? = nil
        var objectCount: Int? = nil
        var testDescription: String { self.json }
    }

    static let kinds: [KindCase] = [
        KindCase(json: "null", kind: .null),
        KindCase(json: "true", kind: .bool, bool: true),
        KindCase(json: "false", kind: .bool, bool: false),
        KindCase(json: "0", kind: .int, int: 0),
        KindCase(json: "-17", kind: .int, int: -17),
        KindCase(json: "9223372036854775807", kind: .int, int: .max),
        KindCase(json: "-9223372036854775808", kind: .int, int: .min),
        KindCase(json: "9223372036854775808", kind: .double, double: 0x1p63),
        KindCase(json: "1.0", kind: .double, double: 1),
        KindCase(json: "-2.5e-3", kind: .double, double: -0.0025),
        KindCase(json: "1e300", kind: .double, double: 1e300),
        KindCase(json: #""""#, kind: .string, string: ""),
        KindCase(json: #""plain""#, kind: .string, string: "plain"),
        KindCase(json: #""a\nb\u00e9\ud83d\ude80""#, kind: .string, string: "a\nbé🚀"),
        KindCase(json: #""é""#, kind: .string, string: "é"),
        KindCase(json: #""1""#, kind: .string, string: "1"),
        KindCase(json: "[]", kind: .array, arrayCount: 0),
        KindCase(json: #"[1,"2",[3],{"4":4}]"#, kind: .array, arrayCount: 4),
        KindCase(json: "{}", kind: .object, objectCount: 0),
        KindCase(json: #"{"a":1,"b":[2]}"#, kind: .object, objectCount: 2),
    ]

    @Test("each kind of value, and what every accessor reads of it", arguments: Self.kinds)
    func kindsAndAccessors(_ vector: KindCase) throws {
        let value = try Self.parse(vector.json)
        #expect(value.kind == vector.kind)
        #expect(value.isNull == (vector.kind == .null))
        #expect(value.bool == vector.bool)
        #expect(value.int == vector.int)
        #expect(value.double == vector.double)
        #expect(value.string == vector.string)
        #expect(value.array?.count == vector.arrayCount)
        #expect(value.array.map { Array($0).count } == vector.arrayCount)
        #expect(value.object?.count == vector.objectCount)
        // Only a string is a string, whatever text it is compared with.
        #expect(value.isString(equalTo: vector.json) == false)
        if let string = vector.string {
            #expect(value.isString(equalTo: string))
            #expect(value.isString(MemberName(string)))
        } else {
            #expect(!value.isString(equalTo: "1") && !value.isString("1") && !value.isString(""))
        }
    }

    @Test("an object is a collection of its members, in the text's order")
    func objectMembers() throws {
        let object = try #require(try Self.parse(#"{"b":1,"a":"x","\u0063":null,"é":[true]}"#).object)
        #expect(object.count == 4 && !object.isEmpty)
        #expect(object.startIndex == 0 && object.endIndex == 4)
        #expect(object.map(\.name) == ["b", "a", "c", "é"])
        #expect(object[0].name == "b" && object[0].value.int == 1)
        #expect(object[1].hasName("a") && object[1].value.string == "x")
        #expect(object[2].hasName("c") && object[2].value.isNull)
        #expect(object[3].hasName("e\u{301}") && object[3].value.array.map { $0.map(\.bool) } == [true])
        #expect(object.last?.name == "é")
        #expect(object.reversed().map(\.name) == ["é", "c", "a", "b"])
        #expect(object.firstIndex { $0.hasName("c") } == 2)
        let empty = try #require(try Self.parse("{}").object)
        #expect(empty.isEmpty && empty.first == nil && empty["a"] == nil)
    }

    /// Lookups compare names as Swift compares `String`s: after unescaping, and by canonical equivalence, whichever
    /// side is ASCII (U+212A KELVIN SIGN is canonically equivalent to "K"; "é" precomposed to "e" + U+0301).
    @Test(
        "member lookup: escaped and non-ASCII names, compared as Swift compares strings",
        arguments: [
            (#"{"K":1}"#, "K", true), (#"{"K":1}"#, "\u{212A}", true), (#"{"\u212a":1}"#, "K", true),
            (#"{"\u212A":1}"#, "\u{212A}", true), (#"{"K":1}"#, "k", false), (#"{"\u212a":1}"#, "k", false),
            (#"{"é":1}"#, "é", true), (#"{"é":1}"#, "e\u{301}", true), (#"{"e\u0301":1}"#, "é", true),
            (#"{"\u00e9":1}"#, "e\u{301}", true), (#"{"é":1}"#, "e", false), (#"{"e":1}"#, "é", false),
            (#"{"\u006ebf":1}"#, "nbf", true), (#"{"nbf":1}"#, "\u{6E}bf", true), (#"{"a\/b":1}"#, "a/b", true),
            (#"{"🚀":1}"#, "\u{1F680}", true), (#"{"\ud83d\ude80":1}"#, "🚀", true), (#"{"":1}"#, "", true),
            (#"{"":1}"#, " ", false), (#"{" ":1}"#, "", false), (#"{"application_sid":1}"#, "application_sid", true),
            (#"{"application_sid":1}"#, "application_si", false),
            (#"{"application_\u0073id":1}"#, "application_sid", true),
            (#"{"中文":1}"#, "中文", true), (#"{"中文":1}"#, "中", false),
        ] as [(String, String, Bool)])
    func memberLookup(json: String, name: String, found: Bool) throws {
        let object = try #require(try Self.parse(json).object)
        #expect((object[MemberName(name)]?.int == 1) == found)
        #expect(object.contains(MemberName(name)) == found)
        #expect(object[0].hasName(MemberName(name)) == found)
        // The reference: the decoded name compared as a String.
        #expect((object[0].name == name) == found)
    }

    @Test("arrays: elements in order, containers skipped whole")
    func arrays() throws {
        let array = try #require(try Self.parse(#"[[1,[2,3]],{"a":{"b":[4]}},5,"six",[],{},null]"#).array)
        #expect(array.count == 7 && array.underestimatedCount == 7)
        let elements = Array(array)
        #expect(elements.map(\.kind) == [.array, .object, .int, .string, .array, .object, .null])
        #expect(elements[2].int == 5)
        #expect(elements[3].string == "six")
        #expect(TestJSON(elements[0]) == [1, [2, 3]])
        #expect(TestJSON(elements[1]) == ["a": ["b": [4]]])
        // Iterating twice gives the same elements.
        #expect(array.map(TestJSON.init) == array.map(TestJSON.init))
        var iterator = try #require(try Self.parse("[]").array).makeIterator()
        #expect(iterator.next() == nil)
    }

    @Test("nested objects: members after nested containers, and lookups at every level")
    func nestedObjects() throws {
        let text = #"{"a":{"x":[1,{"y":2}],"z":{"w":{}}},"b":3,"c":{"a":"inner"},"d":[{"a":0}]}"#
        let root = try #require(try Self.parse(text).object)
        #expect(root["b"]?.int == 3)
        #expect(root["a"]?.object?["x"]?.array.map { Array($0)[1].object?["y"]?.int } == 2)
        #expect(root["a"]?.object?["z"]?.object?["w"]?.object?.isEmpty == true)
        #expect(root["c"]?.object?["a"]?.string == "inner")
        #expect(root["d"]?.array.map { Array($0)[0].object?["a"]?.int } == 0)
        // A name is looked up among the object's own members only.
        #expect(root["y"] == nil && root["w"] == nil && root["x"] == nil)
        #expect(root["a"]?.object?["b"] == nil)
    }

    @Test("a view is the same object as another view of the same parse only")
    func sameObject() throws {
        let text = #"{"a":{},"b":{}}"#
        let first = try #require(try Self.parse(text).object)
        let again = try #require(try Self.parse(text).object)
        let copy = first
        #expect(first.isSameObject(as: first) && copy.isSameObject(as: first))
        // Equal texts, two parses.
        #expect(!first.isSameObject(as: again))
        let a = try #require(first["a"]?.object)
        let b = try #require(first["b"]?.object)
        let aAgain = try #require(first["a"]?.object)
        #expect(!a.isSameObject(as: b) && a.isSameObject(as: aAgain))
    }

    /// A view holds its document: the views outlive the function that parsed it.
    @Test("views keep their document alive")
    func viewsKeepTheDocument() throws {
        func member() throws -> JSONValueView {
            let object = try #require(try Self.parse(#"{"k":["long string value, longer than a word",2]}"#).object)
            return try #require(object["k"])
        }
        let value = try member()
        #expect(value.array.map { Array($0)[0].string } == "long string value, longer than a word")
    }

    /// `isString(_:)` and `isString(equalTo:)` compare without copying the string out where they can, and as Swift
    /// compares strings where the stored string or the query is not plain ASCII.
    @Test(
        "isString compares as String ==: empty strings, lengths, escapes, non-ASCII queries",
        arguments: [
            #""""#, #""a""#, #""K""#, #""k""#, #""\u212a""#, #""é""#, #""e\u0301""#, #""\u00e9""#, #""e""#,
            #""exp""#, #""\u0065xp""#, #""ex""#, #""abcdefgh""#, #""abcdefghi""#, #""abcdefghij""#,
            #""SK0123456789abcdef0123456789abcdef""#, #""SK0123456789abcdef0123456789abcdeF""#, #""中""#, #""🚀""#,
            #""\u0000""#, #"" ""#,
        ])
    func isString(json: String) throws {
        let value = try Self.parse(json)
        let stored = try #require(value.string)
        let queries = [
            "", "a", "K", "k", "\u{212A}", "é", "e\u{301}", "e", "exp", "ex", "expx", "abcdefgh", "abcdefghi",
            "abcdefghij", "abcdefghiJ", "SK0123456789abcdef0123456789abcdef", "SK0123456789abcdef0123456789abcdeF",
            "中", "🚀", "\u{0}", " ", "\u{E9}xp", "ab\u{E7}",
        ]
        for query in queries {
            #expect(
                value.isString(equalTo: query) == (stored == query), "\(json) vs \(query.unicodeScalars.map(\.value))")
            #expect(
                value.isString(MemberName(query)) == (stored == query),
                "\(json) vs \(query.unicodeScalars.map(\.value))")
        }
    }

    @Test("isString(equalTo:) with queries that are not native Swift strings of contiguous UTF-8")
    func isStringWithSubstrings() throws {
        let value = try Self.parse(#""alice""#)
        let padded = "[alice]"
        #expect(value.isString(equalTo: String(padded.dropFirst().dropLast())))
        #expect(!value.isString(equalTo: String(padded.dropFirst())))
        let long = String(repeating: "ab", count: 100)
        let longValue = try Self.parse("\"" + long + "\"")
        #expect(longValue.isString(equalTo: long))
        #expect(!longValue.isString(equalTo: long + "a"))
        #expect(!longValue.isString(equalTo: String(long.dropLast()) + "c"))
    }
}
