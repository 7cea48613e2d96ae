import Foundation
import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

@Suite("JSON values")
struct JSONValueTests {
    @Test("the accessors read exactly their own case")
    func accessors() {
        let values: [JSONValue] = [nil, true, 1, 1.5, "s", [1], ["a": 1]]
        #expect(values.map(\.isNull) == [true, false, false, false, false, false, false])
        #expect(values.map(\.boolValue) == [nil, true, nil, nil, nil, nil, nil])
        #expect(values.map(\.intValue) == [nil, nil, 1, nil, nil, nil, nil])
        #expect(values.map(\.doubleValue) == [nil, nil, nil, 1.5, nil, nil, nil])
        #expect(values.map(\.stringValue) == [nil, nil, nil, nil, "s", nil, nil])
        #expect(values.map(\.arrayValue) == [nil, nil, nil, nil, nil, [1], nil])
        #expect(values.map(\.objectValue) == [nil, nil, nil, nil, nil, nil, ["a": 1]])
    }

    @Test("parsing keeps order and kinds, and the depth is the caller's")
    func parsing() throws {
        let value = try JSONValue(parsing: #"{"b":[1,2.0,"x",null,true],"a":{"c":-0}}"#)
        #expect(value.objectValue?.keys == ["b", "a"])
        #expect(value["b"] == [1, 2.0, "x", nil, true])
        #expect(value["a"]?["c"] == 0)
        #expect(value.description == #"{"b":[1,2.0,"x",null,true],"a":{"c":0}}"#)
        #expect(throws: TokenError.self) { try JSONValue(parsing: "[[[1]]]", maximumDepth: 2) }
        #expect(try JSONValue(parsing: "[[[1]]]", maximumDepth: 3) == [[[1]]])
        #expect { try JSONValue(parsing: #"{"a":1,"a":2}"#) } throws: {
            ($0 as? TokenError)?.code == .duplicateMember && ($0 as? TokenError)?.category == .invalidInput
        }
    }

    @Test("values encode as the JSON they are")
    func encodable() throws {
        let value: JSONValue = ["z": 1, "a": [true, nil, 2.5, "s"], "m": ["k": "v"]]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(value), as: UTF8.self)
        #expect(json == #"{"a":[true,null,2.5,"s"],"m":{"k":"v"},"z":1}"#)
    }
}
