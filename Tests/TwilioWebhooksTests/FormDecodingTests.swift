import Testing
import TwilioWebhooks

/// `WebhookParameters(formURLEncoded:)`: what it decodes, what it refuses with which message, its size limit, and the
/// round trip through `formURLEncoded`.
struct FormDecodingTests {
    struct Decoding: Sendable, CustomTestStringConvertible {
        let body: String
        let pairs: [Pair]
        var testDescription: String { self.body.debugDescription }
    }

    struct Pair: Sendable, Equatable, CustomStringConvertible {
        let name: String
        let value: String
        init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
        var description: String { "\(self.name.debugDescription)=\(self.value.debugDescription)" }
    }

    static let decodings: [Decoding] = [
        Decoding(body: "", pairs: []),
        Decoding(body: "a+b=c+d", pairs: [Pair("a b", "c d")]),
        Decoding(body: "To=%2B14158675309", pairs: [Pair("To", "+14158675309")]),
        Decoding(body: "To=+14158675309", pairs: [Pair("To", " 14158675309")]),
        Decoding(body: "&&a=1&&b=2&", pairs: [Pair("a", "1"), Pair("b", "2")]),
        Decoding(body: "&", pairs: []),
        Decoding(body: "a&b=1", pairs: [Pair("a", ""), Pair("b", "1")]),
        Decoding(body: "a=", pairs: [Pair("a", "")]),
        Decoding(body: "=", pairs: [Pair("", "")]),
        Decoding(body: "=x", pairs: [Pair("", "x")]),
        Decoding(body: "a==b", pairs: [Pair("a", "=b")]),
        Decoding(body: "a=1&a=1&a=2", pairs: [Pair("a", "1"), Pair("a", "1"), Pair("a", "2")]),
        Decoding(body: "%c3%A9=caf%C3%A9", pairs: [Pair("\u{E9}", "caf\u{E9}")]),
        Decoding(body: "e%CC%81=1&%C3%A9=2", pairs: [Pair("e\u{301}", "1"), Pair("\u{E9}", "2")]),
        Decoding(body: "Body=%F0%9F%98%80+%E4%B8%AD", pairs: [Pair("Body", "\u{1F600} \u{4E2D}")]),
        Decoding(body: "%26=%3D&%25=%2B", pairs: [Pair("&", "="), Pair("%", "+")]),
        Decoding(body: "a=%00", pairs: [Pair("a", "\u{0}")]),
        Decoding(body: "\u{E9}=\u{4E2D}", pairs: [Pair("\u{E9}", "\u{4E2D}")]),
        Decoding(body: "a=;:@!$'()*,~/?", pairs: [Pair("a", ";:@!$'()*,~/?")]),
    ]

    @Test(arguments: decodings)
    func decodes(_ decoding: Decoding) throws {
        let parameters = try WebhookParameters(formURLEncoded: Array(decoding.body.utf8))
        let pairs = parameters.pairs.map { Pair($0.name, $0.value) }
        #expect(Self.bytes(pairs) == Self.bytes(decoding.pairs), "\(pairs)")
    }

    /// Names and values as UTF-8: String's == would equate 'é' and 'e' + U+0301.
    static func bytes(_ pairs: [Pair]) -> [[UInt8]] {
        pairs.flatMap { [Array($0.name.utf8), Array($0.value.utf8)] }
    }

    @Test func namesAreMatchedByteForByte() throws {
        let parameters = try WebhookParameters(formURLEncoded: Array("e%CC%81=1&%C3%A9=2&%C3%A9=3".utf8))
        #expect(parameters["\u{E9}"] == "2")
        #expect(parameters["e\u{301}"] == "1")
        #expect(parameters.values(named: "\u{E9}") == ["2", "3"])
        #expect(parameters.values(named: "e\u{301}") == ["1"])
        #expect(parameters["E\u{301}"] == nil)
        #expect(parameters.count == 3 && !parameters.isEmpty)
        #expect(
            WebhookParameters([(name: "\u{E9}", value: "1")]) != WebhookParameters([(name: "e\u{301}", value: "1")]))
        #expect(
            WebhookParameters([(name: "a", value: "\u{E9}")]) != WebhookParameters([(name: "a", value: "e\u{301}")]))
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let body: [UInt8]
        let message: String
        var testDescription: String { String(decoding: self.body, as: UTF8.self).debugDescription }

        init(_ body: String, _ message: String) {
            self.body = Array(body.utf8)
            self.message = message
        }

        init(bytes: [UInt8], _ message: String) {
            self.body = bytes
            self.message = message
        }
    }

    static func escape(at offset: Int) -> String {
        "the form body has a '%' not followed by two hexadecimal digits at byte \(offset)"
    }

    static func notUTF8(near offset: Int) -> String {
        "the form body has a name or value that is not UTF-8 near byte \(offset)"
    }

    static let refusals: [Refusal] = [
        Refusal("a=%", escape(at: 2)),
        Refusal("a=%4", escape(at: 2)),
        Refusal("a=%4g", escape(at: 2)),
        Refusal("a=%g4", escape(at: 2)),
        Refusal("a=%%41", escape(at: 2)),
        Refusal("x=1&a=b%zz", escape(at: 7)),
        Refusal("x=1&ab%=1", escape(at: 6)),
        Refusal("a%4=1", escape(at: 1)),
        Refusal("%", escape(at: 0)),
        Refusal("a=%20%2", escape(at: 5)),
        Refusal("a=%FF", notUTF8(near: 2)),
        Refusal("%FF=1", notUTF8(near: 0)),
        Refusal("x=1&b=%C3", notUTF8(near: 6)),
        Refusal("x=%C3%A9&y=%C0%AF", notUTF8(near: 11)),
        Refusal("a=%ED%A0%80", notUTF8(near: 2)),
        Refusal(bytes: Array("x=1&a=".utf8) + [0xFF], notUTF8(near: 6)),
    ]

    @Test(arguments: refusals)
    func refuses(_ refusal: Refusal) {
        let error = #expect(throws: WebhookError.self) { try WebhookParameters(formURLEncoded: refusal.body) }
        #expect(error?.code == .invalidForm)
        #expect(error?.category == .rejectedRequest)
        #expect(error?.message == refusal.message)
    }

    @Test(arguments: [1, 10, 100, 65_536])
    func acceptsExactlyTheLimit(_ limit: Int) throws {
        let body = Array(("a=" + String(repeating: "b", count: limit)).utf8.prefix(limit))
        let parameters = try WebhookParameters(formURLEncoded: body, maximumByteCount: limit)
        #expect(parameters.count == 1)

        let over = Array(("a=" + String(repeating: "b", count: limit)).utf8.prefix(limit + 1))
        let error = #expect(throws: WebhookError.self) {
            try WebhookParameters(formURLEncoded: over, maximumByteCount: limit)
        }
        #expect(error?.code == .tooLarge)
        #expect(error?.message == "the form body is \(limit + 1) bytes, more than the \(limit) allowed")
    }

    @Test func theDefaultLimitIs64KiB() throws {
        #expect(WebhookParameters.defaultMaximumByteCount == 65_536)
        let body = Array("a=".utf8) + [UInt8](repeating: UInt8(ascii: "b"), count: 65_534)
        #expect(try WebhookParameters(formURLEncoded: body).count == 1)
        let error = #expect(throws: WebhookError.self) { try WebhookParameters(formURLEncoded: body + [0x62]) }
        #expect(error?.code == .tooLarge)
        #expect(error?.message == "the form body is 65537 bytes, more than the 65536 allowed")
        // The request takes the same limit, or its own.
        let request = #expect(throws: WebhookError.self) {
            try WebhookRequest(
                url: "https://h/", contentType: "application/x-www-form-urlencoded", body: body, signature: nil,
                maximumFormByteCount: 100)
        }
        #expect(request?.code == .tooLarge)
    }

    static let roundTrips: [[Pair]] = [
        [],
        [Pair("a b", "c+d&e=f"), Pair("\u{E9}", "*-._~")],
        [Pair("", ""), Pair("", "x"), Pair("y", "")],
        [Pair("\u{E9}", "1"), Pair("e\u{301}", "1"), Pair("Body", "caf\u{E9}"), Pair("Body", "cafe\u{301}")],
        [Pair("%41", "%2B"), Pair("+", " "), Pair("&", "="), Pair("\u{37E}", ";")],
        [
            Pair("Body", "line\nbreak\ttab\r\n\u{0}"), Pair("\u{1F600}", "\u{4E2D}\u{6587}"), Pair("a", "a"),
            Pair("a", "a"),
        ],
    ]

    @Test(arguments: roundTrips)
    func roundTripsThroughFormURLEncoded(_ pairs: [Pair]) throws {
        let parameters = WebhookParameters(pairs.map { (name: $0.name, value: $0.value) })
        let encoded = parameters.formURLEncoded
        #expect(encoded.utf8.allSatisfy { $0 < 0x80 && $0 > 0x20 })
        let decoded = try WebhookParameters(formURLEncoded: Array(encoded.utf8))
        #expect(decoded == parameters)
        #expect(decoded.pairs.map { Array($0.name.utf8) } == pairs.map { Array($0.name.utf8) })
        #expect(decoded.pairs.map { Array($0.value.utf8) } == pairs.map { Array($0.value.utf8) })
    }

    @Test func encodesUnreservedCharactersAsTheyAreASpaceAsPlusAndTheRestAsUpperCaseEscapes() {
        let parameters: WebhookParameters = ["a b": "c+d&e=f", "\u{E9}": "*-._~", "AZaz09": ""]
        #expect(parameters.formURLEncoded == "a+b=c%2Bd%26e%3Df&%C3%A9=*-._%7E&AZaz09=")
    }
}
