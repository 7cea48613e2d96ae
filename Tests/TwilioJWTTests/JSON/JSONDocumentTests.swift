import Testing

@testable import TwilioJWT

/// Objects read from a parsed document are views of it; they must behave exactly like objects built in memory.
@Suite("JSON documents: parsed objects are views that behave like built ones")
struct JSONDocumentTests {
    static let text = #"""
        {"jti":"SK-1","grants":{"identity":"alice","voice":{"incoming":{"allow":true},
        "outgoing":{"application_sid":"AP1","params":{"n":1,"x":1.5,"s":"é\n\"q\"","a":[1,[2],{"k":null}],"t":false}}}},
        "exp":1700003600,"\u006ebf":1700000000,"K":"kelvin"}
        """#

    static let built: JSONObject = [
        "jti": "SK-1",
        "grants": [
            "identity": "alice",
            "voice": [
                "incoming": ["allow": true],
                "outgoing": [
                    "application_sid": "AP1",
                    "params": ["n": 1, "x": 1.5, "s": "é\n\"q\"", "a": [1, [2], ["k": nil]], "t": false],
                ],
            ],
        ],
        "exp": 1_700_003_600,
        "nbf": 1_700_000_000,
        "K": "kelvin",
    ]

    static func parsed() throws -> JSONObject {
        try #require(try JSONReader.parse(Self.text).objectValue)
    }

    @Test("equal to the same object built in memory, with equal hashes, descriptions and iteration")
    func equalToBuilt() throws {
        let parsed = try Self.parsed()
        #expect(parsed == Self.built)
        #expect(Self.built == parsed)
        #expect(parsed.hashValue == Self.built.hashValue)
        #expect(parsed.description == Self.built.description)
        #expect(parsed.keys == ["jti", "grants", "exp", "nbf", "K"])
        #expect(parsed.count == 5)
        #expect(parsed.map(\.key) == Self.built.map(\.key))
        #expect(parsed.map(\.value) == Self.built.map(\.value))
        #expect(Set([parsed, Self.built]).count == 1)
    }

    @Test("lookups: escaped names, canonical equivalence, nested views, absent members")
    func lookups() throws {
        let parsed = try Self.parsed()
        #expect(parsed["nbf"] == 1_700_000_000)  // written "\u006ebf"
        #expect(parsed["\u{212A}"] == "kelvin")  // U+212A KELVIN SIGN is canonically equivalent to K
        #expect(parsed["k"] == nil)
        #expect(parsed["nbf\u{0}"] == nil)
        #expect(parsed[""] == nil)
        #expect(parsed.contains(name: "exp"))
        #expect(!parsed.contains(name: "ex"))
        let params = parsed["grants"]?.objectValue?["voice"]?.objectValue?["outgoing"]?.objectValue?["params"]
        #expect(params?.objectValue?["s"] == "é\n\"q\"")
        #expect(params?.objectValue?["a"] == [1, [2], ["k": nil]])
        #expect(params?.objectValue?["x"] == 1.5)
    }

    @Test("changing a view copies it out; the document and other views are unchanged")
    func copyOnWrite() throws {
        let parsed = try Self.parsed()
        var changed = parsed
        changed["exp"] = 1
        changed["new"] = "member"
        changed["jti"] = nil
        #expect(changed.keys == ["grants", "exp", "nbf", "K", "new"])
        #expect(changed["exp"] == 1)
        #expect(parsed == Self.built)
        #expect(parsed["exp"] == 1_700_003_600)
        var grants = try #require(parsed["grants"]?.objectValue)
        grants["identity"] = "bob"
        #expect(parsed["grants"]?.objectValue?["identity"] == "alice")
    }

    @Test("a builder parses several parts of one buffer; offsets are per part; a failure leaves it usable")
    func builderParts() throws {
        let header = Array(#"{"alg":"HS256"}"#.utf8)
        let bad = Array(#"{"a":1,"a":2}"#.utf8)
        let payload = Array(#"{"iss":"x"}"#.utf8)
        let all = header + bad + payload
        var builder = JSONDocument.Builder(copying: all)
        let headerRoot = try builder.parse(0..<header.count, maximumDepth: 16)
        let badRange = header.count..<(header.count + bad.count)
        #expect {
            _ = try builder.parse(badRange, maximumDepth: 16)
        } throws: { error in
            let failure = error as? JSONReader.Failure
            return failure?.kind == .duplicateMember && failure?.offset == 7
        }
        let payloadRoot = try builder.parse((badRange.upperBound)..<all.count, maximumDepth: 16)
        let document = builder.build()
        #expect(JSONObject(document: document, node: headerRoot) == ["alg": "HS256"])
        #expect(JSONObject(document: document, node: payloadRoot) == ["iss": "x"])
    }

    @Test("values other than objects: arrays, numbers, literals, strings at the root")
    func scalarsAtTheRoot() throws {
        #expect(
            try JSONReader.parse(#"[1,-2,3.5,"\ud83d\ude80",true,false,null,[],{}]"#)
                == [1, -2, 3.5, "🚀", true, false, nil, [], [:]])
        #expect(try JSONReader.parse("9223372036854775807") == .int(.max))
        #expect(try JSONReader.parse("-9223372036854775808") == .int(.min))
        #expect(try JSONReader.parse("9223372036854775808") == .double(0x1p63))
        #expect(try JSONReader.parse("-9223372036854775809") == .double(-0x1p63))
        #expect(try JSONReader.parse(#""""#) == "")
    }

    /// Objects with more than 16 members check duplicates with a set; the names are decoded first. The duplicate
    /// comes 16th (the last one the linear scan checks), 17th (the first the set checks), 18th and 41st.
    @Test("duplicates in large objects, spelled differently, are found", arguments: [15, 16, 17, 40])
    func duplicatesInLargeObjects(memberCount: Int) {
        let members = (0..<memberCount).map { #""m\#($0)":\#($0)"# }
        let duplicated = "{" + (members + [#""m\u0031":0"#]).joined(separator: ",") + "}"
        let offset = members.joined(separator: ",").utf8.count + 2
        #expect {
            _ = try JSONReader.parse(duplicated)
        } throws: { error in
            let failure = error as? JSONReader.Failure
            return failure?.kind == .duplicateMember && failure?.offset == offset
        }
        let distinct = "{" + (members + [#""\u006d-1":0"#]).joined(separator: ",") + "}"
        #expect(throws: Never.self) { try JSONReader.parse(distinct) }
    }
}
