import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

/// `UnverifiedToken.lint(at:)`: one case per rule, each a mutation of the checklist's valid token `T0`
/// (docs/security-checklist.md#fixtures, VerifierFixture.swift) checked at the fixture's clock, with the field and
/// Twilio error code of every finding. The codes are Twilio's, each documented at
/// https://www.twilio.com/docs/api/errors/<code> (for example https://www.twilio.com/docs/api/errors/20157).
@Suite("Lint: each rule Twilio applies, with its error code")
struct LintTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let token: String
        var now = Fixture.now
        /// (field, Twilio error code) of each expected finding, in order.
        let expected: [(String, Int?)]
        var testDescription: String { self.name }
    }

    static func payload(_ old: String, _ new: String) -> String {
        Fixture.token(payload: Fixture.payload(replacing: old, with: new))
    }

    static func header(_ old: String, _ new: String) -> String {
        Fixture.token(header: Fixture.header(replacing: old, with: new))
    }

    static let capabilityPayload =
        #"{"scope":"scope:client:incoming?clientName=alice","iss":"AC00000000000000000000000000000000","#
        + #""exp":1700003600,"nbf":1700000000}"#

    static let cases: [Case] = [
        Case(name: "T0 is clean", token: Fixture.t0, expected: []),
        // Header (20102, 20107).
        Case(name: "alg HS512", token: header(#""alg":"HS256""#, #""alg":"HS512""#), expected: [("header.alg", 20102)]),
        Case(name: "no alg", token: header(#""alg":"HS256","#, ""), expected: [("header.alg", 20102)]),
        Case(name: "typ JOSE", token: header(#""typ":"JWT""#, #""typ":"JOSE""#), expected: [("header.typ", 20102)]),
        Case(
            name: "twr that is no region id", token: header(#""typ":"JWT""#, #""typ":"JWT","twr":"Dublin""#),
            expected: [("header.twr", nil)]),
        Case(
            name: "twr with a legacy Voice edge id", token: header(#""typ":"JWT""#, #""typ":"JWT","twr":"de1""#),
            expected: [("header.twr", nil)]),
        Case(name: "twr null (twilio-ruby)", token: header(#""typ":"JWT""#, #""typ":"JWT","twr":null"#), expected: []),
        Case(
            name: "unsigned", token: Fixture.parts[0] + "." + Fixture.parts[1] + ".",
            expected: [("signature", 20107)]),
        // Kind confusion (20101, 20102, 20106).
        Case(
            name: "grants without cty", token: header(#","cty":"twilio-fpa;v=1""#, ""),
            expected: [("header.cty", 20102)]),
        Case(
            name: "no Twilio kind at all",
            token: Fixture.token(
                header: #"{"alg":"HS256","typ":"JWT"}"#, payload: #"{"iss":"x","exp":1700003600}"#),
            expected: [("header.cty", 20101)]),
        Case(
            name: "access token carrying a capability scope",
            token: payload(#""grants":{"#, #""scope":"scope:client:incoming?clientName=a","grants":{"#),
            expected: [("claims.scope", 20106)]),
        Case(
            name: "capability token carrying grants",
            token: Fixture.token(
                header: #"{"alg":"HS256","typ":"JWT"}"#,
                payload: capabilityPayload.replacingOccurrences(of: #""nbf""#, with: #""grants":{},"nbf""#)),
            expected: [("claims.grants", nil)]),
        // Issuer and subject (20103), claims (20106).
        Case(
            name: "iss that is an account SID",
            token: payload(
                #""iss":"SK11111111111111111111111111111111""#, #""iss":"AC11111111111111111111111111111111""#),
            expected: [("claims.iss", 20103)]),
        Case(
            name: "sub that is an API key SID",
            token: payload(
                #""sub":"AC00000000000000000000000000000000""#, #""sub":"SK00000000000000000000000000000000""#),
            expected: [("claims.sub", 20103)]),
        Case(
            name: "exp as a string", token: payload(#""exp":1700003600"#, #""exp":"1700003600""#),
            expected: [("claims", 20106)]),
        Case(
            name: "no grants",
            token: payload(#","grants":{"identity":"alice","voice":{"incoming":{"allow":true}}}"#, ""),
            expected: [("claims", 20106)]),
        // Times (20104, 20105, 20157).
        Case(name: "expired", token: Fixture.t0, now: 1_700_003_600, expected: [("claims.exp", 20104)]),
        Case(
            name: "not yet valid (clock skew)", token: Fixture.t0, now: 1_699_999_990,
            expected: [("claims.nbf", 20105), ("claims.iat", nil)]),
        Case(
            name: "valid for two days from iat", token: payload(#""exp":1700003600"#, #""exp":1700172800"#),
            expected: [("claims.exp", 20157)]),
        Case(
            name: "twilio-python style (nbf, no iat) valid for an hour", token: payload(#""iat":1700000000,"#, ""),
            expected: []),
        Case(
            name: "twilio-python style (nbf, no iat) valid for 25 hours, checked two hours in (F08)",
            token: Fixture.token(
                payload: Fixture.payload(replacing: #""iat":1700000000,"#, with: "")
                    .replacingOccurrences(of: #""exp":1700003600"#, with: #""exp":1700090000"#)),
            now: 1_700_007_200,
            expected: [("claims.exp", 20157)]),
        Case(
            name: "no iat and no nbf, expiring more than 24 hours from now",
            token: Fixture.token(
                payload: Fixture.payload(replacing: #""iat":1700000000,"nbf":1700000000,"#, with: "")
                    .replacingOccurrences(of: #""exp":1700003600"#, with: #""exp":1700090000"#)),
            expected: [("claims.exp", 20157)]),
        // Product rules, through AccessToken.diagnostics().
        Case(
            name: "voice identity with a space",
            token: payload(#""identity":"alice""#, #""identity":"alice smith""#),
            expected: [("grants.identity", 31105)]),
        // A clock far outside 1970…9999 counts as the nearest end of that range: no trap.
        Case(
            name: "now = Int.min", token: Fixture.t0, now: .min, expected: [("claims.nbf", 20105), ("claims.iat", nil)]),
        Case(name: "now = Int.max", token: Fixture.t0, now: .max, expected: [("claims.exp", 20104)]),
    ]

    @Test("reports each rule with its field and Twilio error code", arguments: cases)
    func findings(_ testCase: Case) throws {
        let findings = try UnverifiedToken(decoding: testCase.token).lint(at: testCase.now)
        #expect(findings.map(\.field) == testCase.expected.map(\.0), "\(findings)")
        #expect(findings.map(\.twilioErrorCode) == testCase.expected.map(\.1), "\(findings)")
    }

    @Test("a Client Validation token without its hashes is reported with error 20154")
    func clientValidationHashes() throws {
        let token = Fixture.token(
            header: #"{"alg":"RS256","typ":"JWT","cty":"twilio-pkrv;v=1","kid":"CR00000000000000000000000000000000"}"#,
            payload: #"{"iss":"SK11111111111111111111111111111111","sub":"AC00000000000000000000000000000000","#
                + #""exp":1700000300,"nbf":1700000000}"#
        )
        let findings = try UnverifiedToken(decoding: token).lint(at: Fixture.now)
        #expect(findings.map(\.field) == ["claims"])
        #expect(findings.map(\.twilioErrorCode) == [20154])
        #expect(findings.first?.message.contains("'hrh'") == true)
    }
}
