import Crypto
import Testing

@_spi(Engine) @testable import TwilioJWTEngine

/// Compact JWS assembly (RFC 7515 §7.1, https://www.rfc-editor.org/rfc/rfc7515#section-7.1): the token must be,
/// byte for byte, `base64url(header) "." base64url(payload) "." base64url(signature)` assembled by hand with
/// Foundation's base64 and swift-crypto's `HMAC<SHA256>`, whatever the lengths of the header's constant start
/// (0–3 mod 3, so that its pre-encoded prefix ends anywhere in a group), of its value and of the payload.
@Suite("Compact JWS: tokens are the hand-assembled segments, byte for byte")
struct CompactJWSTests {
    static let key: [UInt8] = Array(repeating: UInt8(ascii: "s"), count: 32)

    /// `header "." payload` encoded by hand, then the HMAC-SHA256 of that under `key`.
    static func reference(header: [UInt8], payload: [UInt8], key: [UInt8] = Self.key) -> String {
        let signingInput = Reference.base64URL(header) + "." + Reference.base64URL(payload)
        let mac = HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: SymmetricKey(data: key))
        return signingInput + "." + Reference.base64URL(Array(mac))
    }

    /// The constant starts of headers: every length from 0 to 8 (each remainder mod 3 three times), and whole headers.
    static let befores: [String] =
        (0...8).map { String(#"{"alg":"HS256","#.prefix($0)) } + [
            #"{"alg":"HS256","cty":"twilio-fpa;v=1","twr":""#,
            #"{"alg":"HS256","cty":"twilio-fpa;v=1","twr":"x"#,
            #"{"alg":"HS256","cty":"twilio-fpa;v=1","twr":"xy"#,
        ]

    /// Values of every length mod 3 and beyond a group, ASCII and not (the value's UTF-8 goes in as it is).
    static let values = ["", "a", "ie", "us1", "de1x", "au1-x", "é", "🚀", "region-of-seventeen"]

    static let afters = ["", "\"", #"","typ":"JWT"}"#]

    /// JSON payloads of 0 to 5 bytes and of a few hundred.
    static func payload(_ length: Int) -> JSONWriter {
        var writer = JSONWriter()
        switch length {
        case 0: break
        case 1: writer.int(7)
        default: writer.string(escaping: String(repeating: "p", count: length - 2))
        }
        return writer
    }

    static let payloadLengths = [0, 1, 2, 3, 4, 5, 300]

    @Test("hs256 with a value: every header start, value, end and payload length", arguments: Self.befores)
    func hs256WithValue(before: String) {
        let hs256 = HS256Key(keyBytes: Self.key)
        for after in Self.afters {
            let template = HeaderTemplate(before: before, after: after)
            for value in Self.values {
                let header = Array((before + value + after).utf8)
                for length in Self.payloadLengths {
                    let payload = Self.payload(length)
                    #expect(
                        CompactJWS.hs256(header: template, value: value, payload: payload, key: hs256)
                            == Self.reference(header: header, payload: payload.bytes),
                        "before \(before.utf8.count) bytes, value \(value), after \(after), payload \(length)")
                }
            }
        }
    }

    @Test("hs256 without a value: the header is its start and end", arguments: Self.befores)
    func hs256WithoutValue(before: String) {
        let hs256 = HS256Key(keyBytes: Self.key)
        for after in Self.afters {
            let template = HeaderTemplate(before: before, after: after)
            #expect(
                template.encodedCount(valueCount: 0) == Reference.base64URL(Array((before + after).utf8)).utf8.count)
            for length in Self.payloadLengths {
                let payload = Self.payload(length)
                let expected = Self.reference(header: Array((before + after).utf8), payload: payload.bytes)
                #expect(CompactJWS.hs256(header: template, payload: payload, key: hs256) == expected)
                #expect(CompactJWS.hs256(header: template, value: "", payload: payload, key: hs256) == expected)
            }
        }
    }

    /// `token(header:payload:sign:)` hands `sign` exactly the signing input and appends whatever signature it returns
    /// (an RSA signature, for example), of any length.
    @Test("token(header:payload:sign:) with signatures of every length mod 3", arguments: Self.befores)
    func tokenWithSigner(before: String) {
        for after in Self.afters {
            let template = HeaderTemplate(before: before, after: after)
            let header = Array((before + after).utf8)
            for length in Self.payloadLengths {
                let payload = Self.payload(length)
                let signingInput = Reference.base64URL(header) + "." + Reference.base64URL(payload.bytes)
                for signatureCount in [0, 1, 2, 3, 32, 256] {
                    let signature = (0..<signatureCount).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length) }
                    var signed: [[UInt8]] = []
                    let token = CompactJWS.token(header: template, payload: payload) { input in
                        signed.append(input)
                        return signature
                    }
                    #expect(signed == [Array(signingInput.utf8)])
                    #expect(token == signingInput + "." + Reference.base64URL(signature))
                }
                // With the HMAC as the signer, the token is the HS256 token.
                let hs256 = HS256Key(keyBytes: Self.key)
                #expect(
                    CompactJWS.token(header: template, payload: payload) { hs256.signature(for: $0) }
                        == CompactJWS.hs256(header: template, payload: payload, key: hs256))
            }
        }
    }

    struct SigningFailure: Error, Equatable {}

    @Test("a signer's error is the token's error")
    func signerFailure() {
        let payload = Self.payload(3)
        #expect(throws: SigningFailure()) {
            try CompactJWS.token(header: HeaderTemplate(before: "{}"), payload: payload) { _ throws(SigningFailure) in
                throw SigningFailure()
            }
        }
    }

    /// A minted token decodes strictly, reads back its header and payload, and verifies under its key only.
    @Test("hs256 tokens decode and verify", arguments: Self.values)
    func decodesAndVerifies(value: String) throws {
        let template = HeaderTemplate(
            before: #"{"alg":"HS256","cty":"twilio-fpa;v=1","twr":""#, after: #"","typ":"JWT"}"#)
        var payload = JSONWriter()
        payload.beginObject()
        payload.key("iss")
        payload.string(escaping: "SK-é")
        payload.key("exp")
        payload.int(1_700_003_600)
        payload.endObject()
        let hs256 = HS256Key(keyBytes: Self.key)
        let token = CompactJWS.hs256(header: template, value: value, payload: payload, key: hs256)
        let decoded = try DecodedJWS.decode(token, limits: .verifier)
        #expect(
            TestJSON(decoded.header) == ["alg": "HS256", "cty": "twilio-fpa;v=1", "twr": .string(value), "typ": "JWT"])
        #expect(TestJSON(decoded.payload) == ["iss": "SK-é", "exp": 1_700_003_600])
        #expect(decoded.hasSignature && decoded.signature.count == 32)
        #expect(decoded.isValidSignature(key: hs256))
        #expect(!decoded.isValidSignature(key: HS256Key(keyBytes: Self.key.dropLast() + [UInt8(ascii: "t")])))
        // The signature segment is 43 characters, after the last dot.
        #expect(decoded.signingInput == Array(token.utf8.dropLast(44)))
    }
}
