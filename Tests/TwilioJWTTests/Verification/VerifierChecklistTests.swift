import Foundation
import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

/// The reject and accept cases of the security checklist (docs/security-checklist.md, which defines every ID), one
/// row per case ID. Every reject asserts the error code; every mutation is re-signed so only one rule is broken. The
/// rows that guard against a published vulnerability of another JWT library run in tests of their own, each naming
/// the advisory with a `.bug` trait; all the others run in "checklist row".
@Suite("Verifier: security checklist (docs/security-checklist.md)")
struct VerifierChecklistTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let token: String
        /// `nil`: must be accepted.
        let code: TokenError.Code?
        var testDescription: String { self.id }
    }

    static let s = Fixture.self
    static let signature = Fixture.parts[2]
    static let input = Fixture.parts[0] + "." + Fixture.parts[1]

    static func flipUnusedBit(_ segment: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let last = segment.last!
        let index = alphabet.firstIndex(of: last)!
        return String(segment.dropLast()) + String(alphabet[index ^ 1])
    }

    /// T0's header with an ignored member `x` whose value makes the header JSON exactly `count` bytes long
    /// (R18: a decoded header of at most 1 024 bytes).
    static func paddedHeader(_ count: Int) -> String {
        let padding = count - Fixture.header.utf8.count - #","x":"""#.utf8.count
        let header = Fixture.header(
            replacing: #""typ":"JWT""#, with: #""typ":"JWT","x":""# + String(repeating: "p", count: padding) + "\"")
        precondition(header.utf8.count == count, "padded header is \(header.utf8.count) bytes")
        return header
    }

    static let cases: [Case] = [
        // A. Envelope
        Case(id: "A01 T0", token: s.t0, code: nil),
        Case(id: "A02 empty", token: "", code: .malformed),
        Case(id: "A03 two segments", token: input, code: .malformed),
        Case(id: "A04 empty signature", token: input + ".", code: .invalidSignature),
        Case(id: "A05 T0 + '.'", token: s.t0 + ".", code: .malformed),
        Case(id: "A05 four segments", token: s.t0 + ".e30", code: .malformed),
        Case(id: "A06 empty header", token: "." + Fixture.parts[1] + "." + signature, code: .malformed),
        Case(id: "A06 empty payload", token: Fixture.parts[0] + ".." + signature, code: .malformed),
        Case(
            id: "A07 JWS JSON serialization",
            token: #"{"payload":"e30","signatures":[{"protected":"e30","signature":"AA"}]}"#, code: .malformed),
        Case(id: "A08 leading space", token: " " + s.t0, code: .malformed),
        Case(id: "A08 trailing newline", token: s.t0 + "\n", code: .malformed),
        Case(id: "A08 Bearer prefix", token: "Bearer " + s.t0, code: .malformed),
        Case(
            id: "A09 8193 bytes", token: s.t0 + String(repeating: "A", count: 8193 - s.t0.utf8.count), code: .tooLarge),
        Case(id: "R18 decoded header of 1024 bytes", token: Fixture.token(header: paddedHeader(1024)), code: nil),
        Case(
            id: "R18 decoded header of 1025 bytes", token: Fixture.token(header: paddedHeader(1025)), code: .tooLarge),
        Case(id: "A10 a million dots", token: "a" + String(repeating: ".", count: 1_000_000), code: .tooLarge),
        Case(
            id: "A10 thousands of dots within the size limit", token: "a" + String(repeating: ".", count: 5000),
            code: .malformed),
        Case(
            id: "A11 NUL in a segment", token: Fixture.parts[0] + "\u{0}." + Fixture.parts[1] + "." + signature,
            code: .malformed),
        Case(
            id: "A11 é in a segment", token: Fixture.parts[0] + ".é" + Fixture.parts[1] + "." + signature,
            code: .malformed),
        // B. base64url strictness
        Case(id: "B01 padded signature", token: s.t0 + "=", code: .malformed),
        Case(
            id: "B02 standard alphabet", token: input + "." + signature.replacingOccurrences(of: "_", with: "/"),
            code: .malformed),
        Case(id: "B03 non-canonical last character", token: input + "." + flipUnusedBit(signature), code: .malformed),
        Case(
            id: "B04 payload with modified unused bits",
            token: {
                let payload = Fixture.segment(Fixture.payload)
                let mutated = Fixture.parts[0] + "." + flipUnusedBit(payload)
                return mutated + "." + Fixture.sign(mutated, secret: Array(Fixture.secret.utf8))
            }(), code: .malformed),
        Case(id: "B05 length 1 mod 4", token: input + "." + String(signature.dropLast(2)), code: .malformed),
        Case(
            id: "B06 space inside",
            token: input + "." + String(signature.prefix(10)) + " " + String(signature.dropFirst(10)), code: .malformed),
        Case(
            id: "B06 CRLF inside", token: Fixture.parts[0] + "\r\n." + Fixture.parts[1] + "." + signature,
            code: .malformed),
        Case(id: "B07 '?'", token: input + "." + signature + "?", code: .malformed),
        Case(id: "B07 !!!.!!!.!!!", token: "!!!.!!!.!!!", code: .malformed),
        Case(id: "B08 signature + AAAA (35 bytes)", token: s.t0 + "AAAA", code: .invalidSignature),
        Case(
            id: "B08 signature truncated to 30 bytes", token: input + "." + String(signature.prefix(40)),
            code: .invalidSignature),
        // C. Algorithm and key handling
        Case(
            id: "C01 alg none, empty signature",
            token: Fixture.segment(Fixture.header(replacing: "HS256", with: "none")) + "." + Fixture.parts[1] + ".",
            code: .unsupportedAlgorithm),
        Case(
            id: "C02 alg none with T0's MAC",
            token: Fixture.segment(Fixture.header(replacing: "HS256", with: "none")) + "." + Fixture.parts[1] + "."
                + signature, code: .unsupportedAlgorithm),
        Case(
            id: "C03 None", token: Fixture.token(header: Fixture.header(replacing: "HS256", with: "None")),
            code: .unsupportedAlgorithm),
        Case(
            id: "C03 nOnE", token: Fixture.token(header: Fixture.header(replacing: "HS256", with: "nOnE")),
            code: .unsupportedAlgorithm),
        Case(
            id: "C04 hs256", token: Fixture.token(header: Fixture.header(replacing: "HS256", with: "hs256")),
            code: .unsupportedAlgorithm),
        Case(
            id: "C04 'HS256 '", token: Fixture.token(header: Fixture.header(replacing: "HS256", with: "HS256 ")),
            code: .unsupportedAlgorithm),
        Case(
            id: "C04 'HS256\\u0000'",
            token: Fixture.token(header: Fixture.header(replacing: "HS256", with: "HS256\\u0000")),
            code: .unsupportedAlgorithm),
        Case(
            id: "C05 HS384",
            token: Fixture.token(header: Fixture.header(replacing: "HS256", with: "HS384"), hash: "SHA384"),
            code: .unsupportedAlgorithm),
        Case(
            id: "C05 HS512",
            token: Fixture.token(header: Fixture.header(replacing: "HS256", with: "HS512"), hash: "SHA512"),
            code: .unsupportedAlgorithm),
        Case(
            id: "C06 RS256",
            token: Fixture.segment(Fixture.header(replacing: "HS256", with: "RS256")) + "." + Fixture.parts[1] + "."
                + Fixture.b64(Array(repeating: UInt8(7), count: 256)), code: .unsupportedAlgorithm),
        Case(
            id: "C06 ES256",
            token: Fixture.segment(Fixture.header(replacing: "HS256", with: "ES256")) + "." + Fixture.parts[1] + "."
                + Fixture.b64(Array(repeating: UInt8(7), count: 64)), code: .unsupportedAlgorithm),
        Case(
            id: "C06 PS256",
            token: Fixture.segment(Fixture.header(replacing: "HS256", with: "PS256")) + "." + Fixture.parts[1] + "."
                + Fixture.b64(Array(repeating: UInt8(7), count: 256)), code: .unsupportedAlgorithm),
        Case(
            id: "C06 RS256 with T0's MAC",
            token: Fixture.segment(Fixture.header(replacing: "HS256", with: "RS256")) + "." + Fixture.parts[1] + "."
                + signature, code: .unsupportedAlgorithm),
        Case(
            id: "C07 alg missing", token: Fixture.token(header: #"{"typ":"JWT","cty":"twilio-fpa;v=1"}"#),
            code: .malformed),
        Case(
            id: "C08 alg 123", token: Fixture.token(header: Fixture.header(replacing: #""HS256""#, with: "123")),
            code: .malformed),
        Case(
            id: "C08 alg null", token: Fixture.token(header: Fixture.header(replacing: #""HS256""#, with: "null")),
            code: .malformed),
        Case(
            id: "C08 alg []", token: Fixture.token(header: Fixture.header(replacing: #""HS256""#, with: "[]")),
            code: .malformed),
        Case(
            id: "C08 alg {}", token: Fixture.token(header: Fixture.header(replacing: #""HS256""#, with: "{}")),
            code: .malformed),
        Case(
            id: "C09 MAC'd with an RSA public key as secret",
            token: Fixture.token(
                secret: Array(
                    "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA9cwO+HLuHtRQyXEmN5OM\n-----END PUBLIC KEY-----\n"
                        .utf8)), code: .invalidSignature),
        Case(
            id: "C10 embedded jwk",
            token: Fixture.token(
                header: Fixture.header(replacing: #""typ":"JWT""#, with: #""typ":"JWT","jwk":{"kty":"oct","k":"AAAA"}"#)
            ), code: .unsupportedHeader),
        Case(
            id: "C10 jku",
            token: Fixture.token(
                header: Fixture.header(replacing: #""typ":"JWT""#, with: #""typ":"JWT","jku":"http://127.0.0.1:1/""#)),
            code: .unsupportedHeader),
        Case(
            id: "C10 x5u",
            token: Fixture.token(
                header: Fixture.header(replacing: #""typ":"JWT""#, with: #""typ":"JWT","x5u":"http://127.0.0.1:1/""#)),
            code: .unsupportedHeader),
        Case(
            id: "C11 unknown API key",
            token: Fixture.token(
                payload: Fixture.payload(
                    replacing: #""iss":"SK11111111111111111111111111111111""#,
                    with: #""iss":"SK22222222222222222222222222222222""#)), code: .unknownIssuer),
        Case(
            id: "C11 path as issuer",
            token: Fixture.token(
                payload: Fixture.payload(
                    replacing: #""iss":"SK11111111111111111111111111111111""#, with: #""iss":"../../dev/null""#)),
            code: .unknownIssuer),
        Case(
            id: "C11 SQL as issuer",
            token: Fixture.token(
                payload: Fixture.payload(
                    replacing: #""iss":"SK11111111111111111111111111111111""#, with: #""iss":"' OR 1=1--""#)),
            code: .unknownIssuer),
        Case(
            id: "C11 4 KB issuer",
            token: Fixture.token(
                payload: Fixture.payload(
                    replacing: #""iss":"SK11111111111111111111111111111111""#,
                    with: #""iss":""# + String(repeating: "A", count: 4096) + "\"")), code: .unknownIssuer),
        Case(id: "C12 MAC'd with the empty key", token: Fixture.token(secret: []), code: .invalidSignature),
        Case(
            id: "C12 empty-key forgery for an unknown issuer",
            token: Fixture.token(
                payload: Fixture.payload(
                    replacing: #""iss":"SK11111111111111111111111111111111""#,
                    with: #""iss":"SK33333333333333333333333333333333""#), secret: []), code: .unknownIssuer),
        Case(
            id: "C15 another 32-byte key", token: Fixture.token(secret: Array(String(repeating: "t", count: 32).utf8)),
            code: .invalidSignature),
        // D. Header parameters
        Case(
            id: "D01 crit with an extension",
            token: Fixture.token(
                header: Fixture.header(replacing: #""typ":"JWT""#, with: #""typ":"JWT","crit":["x-ext"],"x-ext":1"#)),
            code: .unsupportedHeader),
        Case(
            id: "D02 crit []",
            token: Fixture.token(header: Fixture.header(replacing: #""typ":"JWT""#, with: #""typ":"JWT","crit":[]"#)),
            code: .malformed),
        Case(
            id: "D03 crit [alg]",
            token: Fixture.token(
                header: Fixture.header(replacing: #""typ":"JWT""#, with: #""typ":"JWT","crit":["alg"]"#)),
            code: .unsupportedHeader),
        Case(
            id: "D04 crit 'x'",
            token: Fixture.token(header: Fixture.header(replacing: #""typ":"JWT""#, with: #""typ":"JWT","crit":"x""#)),
            code: .malformed),
        Case(
            id: "D04 crit 1",
            token: Fixture.token(header: Fixture.header(replacing: #""typ":"JWT""#, with: #""typ":"JWT","crit":1"#)),
            code: .malformed),
        Case(
            id: "D04 crit null",
            token: Fixture.token(header: Fixture.header(replacing: #""typ":"JWT""#, with: #""typ":"JWT","crit":null"#)),
            code: .malformed),
        Case(
            id: "D05 b64 false",
            token: Fixture.token(header: Fixture.header(replacing: #""typ":"JWT""#, with: #""typ":"JWT","b64":false"#)),
            code: .unsupportedHeader),
        Case(
            id: "D06 zip DEF",
            token: Fixture.token(header: Fixture.header(replacing: #""typ":"JWT""#, with: #""typ":"JWT","zip":"DEF""#)),
            code: .unsupportedHeader),
        Case(
            id: "D07 cty missing", token: Fixture.token(header: #"{"alg":"HS256","typ":"JWT"}"#), code: .wrongTokenType),
        Case(
            id: "D07 cty JWT", token: Fixture.token(header: Fixture.header(replacing: "twilio-fpa;v=1", with: "JWT")),
            code: .wrongTokenType),
        Case(
            id: "D07 cty v=2",
            token: Fixture.token(header: Fixture.header(replacing: "twilio-fpa;v=1", with: "twilio-fpa;v=2")),
            code: .wrongTokenType),
        Case(
            id: "D08 typ at+jwt",
            token: Fixture.token(header: Fixture.header(replacing: #""typ":"JWT""#, with: #""typ":"at+jwt""#)),
            code: .wrongTokenType),
        Case(
            id: "D09 header member 1e300",
            token: Fixture.token(header: Fixture.header(replacing: #""typ":"JWT""#, with: #""typ":"JWT","x":1e300"#)),
            code: nil),
        Case(
            id: "D09 header member 2^63",
            token: Fixture.token(
                header: Fixture.header(replacing: #""typ":"JWT""#, with: #""typ":"JWT","x":9223372036854775808"#)),
            code: nil),
        Case(
            id: "D09 header member 8 deep",
            token: Fixture.token(
                header: Fixture.header(replacing: #""typ":"JWT""#, with: #""typ":"JWT","x":[[[[[[[[1]]]]]]]]"#)),
            code: nil),
        Case(id: "D10 header null", token: Fixture.token(header: "null"), code: .malformed),
        Case(id: "D10 header []", token: Fixture.token(header: "[]"), code: .malformed),
        Case(id: "D10 header \"s\"", token: Fixture.token(header: #""s""#), code: .malformed),
        Case(id: "D10 header 0", token: Fixture.token(header: "0"), code: .malformed),
        Case(id: "D10 header {", token: Fixture.token(header: "{"), code: .malformed),
        // E. JSON parsing
        Case(
            id: "E01 duplicate alg",
            token: Fixture.token(header: #"{"alg":"HS256","alg":"none","typ":"JWT","cty":"twilio-fpa;v=1"}"#),
            code: .duplicateMember),
        Case(
            id: "E02 duplicate exp",
            token: Fixture.token(payload: String(Fixture.payload.dropLast()) + #","exp":2700000000}"#),
            code: .duplicateMember),
        Case(
            id: "E03 duplicate identity",
            token: Fixture.token(
                payload: Fixture.payload(
                    replacing: #""identity":"alice""#, with: #""identity":"alice","identity":"mallory""#)),
            code: .duplicateMember),
        Case(
            id: "E03 duplicate voice",
            token: Fixture.token(
                payload: Fixture.payload(
                    replacing: #""voice":{"incoming":{"allow":true}}"#,
                    with: #""voice":{},"voice":{"incoming":{"allow":true}}"#)), code: .duplicateMember),
        Case(
            id: "E04 exp and \\u0065xp",
            token: Fixture.token(payload: String(Fixture.payload.dropLast()) + #","\u0065xp":2700000000}"#),
            code: .duplicateMember),
        Case(id: "E05 trailing bytes", token: Fixture.token(header: Fixture.header + "ABCD"), code: .malformed),
        Case(
            id: "E06 FF FE in a string",
            token: {
                let header = Fixture.segment(Fixture.header)
                let payload = Fixture.b64(
                    Array(Fixture.payload.replacingOccurrences(of: "alice", with: "al#ce").utf8).map {
                        $0 == UInt8(ascii: "#") ? 0xFF : $0
                    })
                return header + "." + payload + "."
                    + Fixture.sign(header + "." + payload, secret: Array(Fixture.secret.utf8))
            }(), code: .malformed),
        Case(
            id: "E07 BOM",
            token: {
                let header = Fixture.b64([0xEF, 0xBB, 0xBF] + Array(Fixture.header.utf8))
                let input = header + "." + Fixture.parts[1]
                return input + "." + Fixture.sign(input, secret: Array(Fixture.secret.utf8))
            }(), code: .malformed),
        Case(
            id: "E07 UTF-16LE header",
            token: {
                let header = Fixture.b64(Fixture.header.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
                let input = header + "." + Fixture.parts[1]
                return input + "." + Fixture.sign(input, secret: Array(Fixture.secret.utf8))
            }(), code: .malformed),
        Case(
            id: "E08 lone surrogate",
            token: Fixture.token(payload: Fixture.payload(replacing: #""alice""#, with: #""\ud800""#)), code: .malformed
        ),
        Case(
            id: "E09 depth 17 in an ignored claim",
            token: Fixture.token(
                payload: String(Fixture.payload.dropLast()) + #","x":"# + String(repeating: "[", count: 16)
                    + String(repeating: "]", count: 16) + "}"), code: .malformed),
        Case(
            id: "E09 depth 600",
            token: Fixture.token(
                payload: String(Fixture.payload.dropLast()) + #","x":"# + String(repeating: "[", count: 600)
                    + String(repeating: "]", count: 600) + "}"), code: .malformed),
        Case(
            id: "E10 number 01",
            token: Fixture.token(
                payload: Fixture.payload(replacing: #""iat":1700000000"#, with: #""iat":01700000000"#)),
            code: .malformed),
        Case(
            id: "E10 NaN",
            token: Fixture.token(payload: Fixture.payload(replacing: #""iat":1700000000"#, with: #""iat":NaN"#)),
            code: .malformed),
        Case(
            id: "E10 +1",
            token: Fixture.token(payload: Fixture.payload(replacing: #""iat":1700000000"#, with: #""iat":+1"#)),
            code: .malformed),
        Case(
            id: "E11 1e400",
            token: Fixture.token(payload: Fixture.payload(replacing: #""iat":1700000000"#, with: #""iat":1e400"#)),
            code: .malformed),
        Case(
            id: "E11 400-digit integer",
            token: Fixture.token(
                payload: Fixture.payload(
                    replacing: #""iat":1700000000"#, with: #""iat":"# + String(repeating: "9", count: 400))),
            code: .malformed),
        Case(id: "E12 payload []", token: Fixture.token(payload: "[]"), code: .malformed),
        Case(id: "E12 payload \"s\"", token: Fixture.token(payload: #""s""#), code: .malformed),
        Case(id: "E12 payload null", token: Fixture.token(payload: "null"), code: .malformed),
    ]

    /// The ID prefixes of the rows that have a test of their own below.
    static let advisoryRows = ["A10", "C01", "C02", "C09", "C12", "E09"]

    /// The rows whose ID starts with one of `prefixes`.
    static func rows(_ prefixes: String...) -> [Case] {
        let rows = cases.filter { row in prefixes.contains { row.id.hasPrefix($0 + " ") } }
        precondition(!rows.isEmpty, "no checklist row starts with \(prefixes)")
        return rows
    }

    @Test("checklist row", arguments: cases.filter { row in !advisoryRows.contains { row.id.hasPrefix($0 + " ") } })
    func row(_ testCase: Case) {
        Self.check(testCase)
    }

    @Test(
        "A10 a flood of dots is refused without splitting it",
        .bug("https://github.com/golang-jwt/jwt/security/advisories/GHSA-mh63-6h87-95cp", "golang-jwt CVE-2025-30204"),
        arguments: rows("A10"))
    func dotFlood(_ testCase: Case) {
        Self.check(testCase)
    }

    @Test(
        "C01/C02 alg none is never accepted, with or without a signature",
        .bug(
            "https://github.com/auth0/node-jsonwebtoken/security/advisories/GHSA-qwph-4952-7xr6",
            "jsonwebtoken CVE-2022-23540"),
        arguments: rows("C01", "C02"))
    func algorithmNone(_ testCase: Case) {
        Self.check(testCase)
    }

    @Test(
        "C09 a token MAC'd with an RSA public key's PEM as the secret does not verify",
        .bug("https://nvd.nist.gov/vuln/detail/CVE-2017-11424", "PyJWT CVE-2017-11424"),
        arguments: rows("C09"))
    func publicKeyAsSecret(_ testCase: Case) {
        Self.check(testCase)
    }

    @Test(
        "C12 a MAC computed with the empty key never verifies",
        .bug("https://github.com/jwt/ruby-jwt/security/advisories/GHSA-c32j-vqhx-rx3x", "ruby-jwt CVE-2026-45363"),
        arguments: rows("C12"))
    func emptyKey(_ testCase: Case) {
        Self.check(testCase)
    }

    @Test(
        "E09 nesting deeper than 16 is refused, even in an ignored claim",
        .bug("https://nvd.nist.gov/vuln/detail/CVE-2025-53864", "Nimbus JOSE+JWT CVE-2025-53864"),
        .bug("https://github.com/jpadilla/pyjwt/security/advisories/GHSA-8wjv-2p76-3863", "PyJWT GHSA-8wjv-2p76-3863"),
        arguments: rows("E09"))
    func deepNesting(_ testCase: Case) {
        Self.check(testCase)
    }

    static func check(_ testCase: Case) {
        do {
            let verified = try Fixture.verifier.verify(testCase.token, at: Fixture.now)
            if let code = testCase.code {
                Issue.record("accepted; expected \(code)")
            } else {
                #expect(verified.keyID.sid == Fixture.keySID)
                guard case .access(let claims) = verified.claims else {
                    Issue.record("not an access token")
                    return
                }
                #expect(claims.identity == "alice")
                #expect(claims.grants.voice == VoiceGrant(incomingAllowed: true))
            }
        } catch {
            #expect(error.code == testCase.code, "\(error.message)")
            // Messages never carry the secret or the token.
            #expect(!error.message.contains(Fixture.secret))
            #expect(!error.message.contains(Fixture.parts[1].prefix(24)))
        }
    }

    @Test("the T0 literal is what the fixture signer produces")
    func fixtureIsT0() {
        #expect(Fixture.token() == Fixture.t0)
    }
}
