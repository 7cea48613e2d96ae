import Testing

@_spi(Engine) @testable import TwilioJWTEngine

/// A parsed document is read through its views; they must read exactly what the text says, and the builder must parse
/// several texts of one buffer into one document.
@Suite("JSON documents: parsed texts read through their views")
struct JSONDocumentTests {
    static let text = #"""
        {"jti":"SK-1","grants":{"identity":"alice","voice":{"incoming":{"allow":true},
        "outgoing":{"application_sid":"AP1","params":{"n":1,"x":1.5,"s":"é\n\"q\"","a":[1,[2],{"k":null}],"t":false}}}},
        "exp":1700003600,"\u006ebf":1700000000,"K":"kelvin"}
        """#

    static let expected: TestJSON = [
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

    static func parsed() throws -> JSONObjectView {
        try #require(try JSONDocument.parse(Self.text.utf8, maximumDepth: 16).object)
    }

    @Test("reads the same values as the text, members in order")
    func readsTheText() throws {
        let parsed = try Self.parsed()
        #expect(TestJSON(parsed) == Self.expected)
        #expect(parsed.map(\.name) == ["jti", "grants", "exp", "nbf", "K"])
        #expect(parsed.count == 5)
    }

    @Test("lookups: escaped names, canonical equivalence, nested views, absent members")
    func lookups() throws {
        let parsed = try Self.parsed()
        #expect(parsed["nbf"]?.int == 1_700_000_000)  // written "\u006ebf"
        #expect(parsed["\u{212A}"]?.string == "kelvin")  // U+212A KELVIN SIGN is canonically equivalent to K
        #expect(parsed["k"] == nil)
        #expect(parsed["nbf\u{0}"] == nil)
        #expect(parsed[""] == nil)
        #expect(parsed.contains("exp"))
        #expect(!parsed.contains("ex"))
        let params = parsed["grants"]?.object?["voice"]?.object?["outgoing"]?.object?["params"]
        #expect(params?.object?["s"]?.string == "é\n\"q\"")
        #expect(params?.object?["a"].map(TestJSON.init) == [1, [2], ["k": nil]])
        #expect(params?.object?["x"]?.double == 1.5)
    }

    @Test("a builder parses several parts of one buffer; offsets are per part; a failure leaves it usable")
    func builderParts() throws {
        let header = Array(#"{"alg":"HS256"}"#.utf8)
        let bad = Array(#"{"a":1,"a":2}"#.utf8)
        let payload = Array(#"{"iss":"x"}"#.utf8)
        let all = header + bad + payload
        var builder = JSONDocument.Builder(copying: all)
        #expect(builder.byteCount == all.count)
        let headerRoot = try builder.parse(0..<header.count, maximumDepth: 16)
        let badRange = header.count..<(header.count + bad.count)
        #expect {
            _ = try builder.parse(badRange, maximumDepth: 16)
        } throws: { error in
            let failure = error as? JSONParseError
            return failure?.kind == .duplicateMember && failure?.offset == 7
        }
        let payloadRoot = try builder.parse((badRange.upperBound)..<all.count, maximumDepth: 16)
        let areObjects = builder.isObject(headerRoot) && builder.isObject(payloadRoot)
        #expect(areObjects)
        let document = builder.build()
        #expect(TestJSON(JSONValueView(document: document, node: headerRoot)) == ["alg": "HS256"])
        #expect(TestJSON(JSONValueView(document: document, node: payloadRoot)) == ["iss": "x"])
    }

    @Test("a builder's bytes are the ones its initialiser writes")
    func builderInitialiser() throws {
        let text = Array(#"[1,"two",{"3":true}]"#.utf8)
        var builder = JSONDocument.Builder(byteCount: text.count) { buffer in
            for (index, byte) in text.enumerated() { buffer[index] = byte }
        }
        let root = try builder.parse(0..<text.count, maximumDepth: 16)
        let isObject = builder.isObject(root)
        #expect(!isObject)
        #expect(TestJSON(JSONValueView(document: builder.build(), node: root)) == [1, "two", ["3": true]])
    }

    /// `DecodedJWS` takes a known header's parse with `adopt(_:)` and then parses the payload after it; the document
    /// must be the one that parsing both gives.
    @Test("adopting a parsed text gives the nodes parsing it gives")
    func adopt() throws {
        let header = Array(#"{"typ":"JWT","alg":"HS256","x":[1,{"y":null}]}"#.utf8)
        let payload = Array(#"{"sub":"é","n":[]}"#.utf8)
        let known = try JSONDocument.parse(header, maximumDepth: 16)
        var builder = JSONDocument.Builder(byteCount: header.count + payload.count) { buffer in
            for (index, byte) in payload.enumerated() { buffer[header.count + index] = byte }
        }
        let adoptedRoot = builder.adopt(known.document)
        #expect(adoptedRoot == 0)
        let payloadRoot = try builder.parse(header.count..<(header.count + payload.count), maximumDepth: 16)
        let document = builder.build()
        #expect(TestJSON(JSONValueView(document: document, node: 0)) == TestJSON(known))
        #expect(TestJSON(JSONValueView(document: document, node: payloadRoot)) == ["sub": "é", "n": []])

        var reference = JSONDocument.Builder(copying: header + payload)
        _ = try reference.parse(0..<header.count, maximumDepth: 16)
        let referencePayloadRoot = try reference.parse(
            header.count..<(header.count + payload.count), maximumDepth: 16)
        #expect(referencePayloadRoot == payloadRoot)
        let referenceDocument = reference.build()
        #expect(document.nodeCount == referenceDocument.nodeCount)
    }

    @Test("values other than objects: arrays, numbers, literals, strings at the root")
    func scalarsAtTheRoot() throws {
        func parse(_ text: String) throws -> TestJSON {
            TestJSON(try JSONDocument.parse(text.utf8, maximumDepth: 16))
        }
        #expect(
            try parse(#"[1,-2,3.5,"\ud83d\ude80",true,false,null,[],{}]"#)
                == [1, -2, 3.5, "🚀", true, false, nil, [], [:]])
        #expect(try parse("9223372036854775807") == .int(.max))
        #expect(try parse("-9223372036854775808") == .int(.min))
        #expect(try parse("9223372036854775808") == .double(0x1p63))
        #expect(try parse("-9223372036854775809") == .double(-0x1p63))
        #expect(try parse(#""""#) == "")
    }

    /// Objects with more than 16 members check duplicates with a set; the names are decoded first. The duplicate
    /// comes 16th (the last one the linear scan checks), 17th (the first the set checks), 18th and 41st.
    @Test("duplicates in large objects, spelled differently, are found", arguments: [15, 16, 17, 40])
    func duplicatesInLargeObjects(memberCount: Int) {
        let members = (0..<memberCount).map { #""m\#($0)":\#($0)"# }
        let duplicated = "{" + (members + [#""m\u0031":0"#]).joined(separator: ",") + "}"
        let offset = members.joined(separator: ",").utf8.count + 2
        #expect {
            _ = try JSONDocument.parse(duplicated.utf8, maximumDepth: 16)
        } throws: { error in
            let failure = error as? JSONParseError
            return failure?.kind == .duplicateMember && failure?.offset == offset
        }
        let distinct = "{" + (members + [#""\u006d-1":0"#]).joined(separator: ",") + "}"
        #expect(throws: Never.self) { try JSONDocument.parse(distinct.utf8, maximumDepth: 16) }
    }

    /// Nodes and member names outgrow their place in the document's one allocation and move to their own; the views
    /// must read the same either way.
    @Test("large documents: many nodes and member names")
    func largeDocuments() throws {
        let members = (0..<300).map { #""member\#($0)":[\#($0),{"k\#($0)":"v"}]"# }
        let text = "{" + members.joined(separator: ",") + "}"
        let object = try #require(try JSONDocument.parse(text.utf8, maximumDepth: 16).object)
        #expect(object.count == 300)
        for index in [0, 1, 150, 299] {
            let value = try #require(object[MemberName("member\(index)")])
            #expect(TestJSON(value) == [.int(index), ["k\(index)": "v"]])
        }
    }
}
