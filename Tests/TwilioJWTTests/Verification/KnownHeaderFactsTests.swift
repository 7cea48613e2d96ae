import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

/// The verifier skips the header checks for the helpers' headers (`KnownHeaderText`), trusting what it worked out
/// once by running the checks on each: these tests hold the table to the checks.
@Suite("Known headers")
struct KnownHeaderFactsTests {
    @Test("the facts are what the checks say of each header", arguments: KnownHeaderText.all.indices)
    func facts(index: Int) throws {
        let text = KnownHeaderText.all[index]
        let header = try #require(try JSONValue(parsing: text).objectValue)
        #expect(TokenVerifier.knownHeaders.count == KnownHeaderText.all.count)
        #expect(header["alg"] == "HS256")
        switch TokenVerifier.knownHeaderFacts[index] {
        case .kind(let kind):
            #expect(header["cty"] == "twilio-fpa;v=1")
            #expect(kind == .access)
        case .kindFromClaims:
            #expect(header["cty"] == nil)
        case .checkAsAnyOther:
            Issue.record("every helper header passes the checks: \(text)")
        }
    }

    @Test(
        "a token with a known header is verified exactly as one whose header is parsed", arguments: KnownHeaderText.all)
    func sameVerdict(header: String) throws {
        // The same header with a space after the first brace is not in the table, so it is parsed and checked.
        let spaced = "{ " + header.dropFirst()
        let isAccess = header.contains("twilio-fpa")
        let payload =
            isAccess
            ? Fixture.payload
            : #"{"scope":"scope:client:incoming?clientName=a","iss":"\#(Fixture.accountSID)","exp":1700003600}"#
        let verifier = try TokenVerifier(
            apiKeys: [Fixture.apiKey],
            accounts: [AccountCredentials(accountSID: Fixture.accountSID, authToken: Secret(Fixture.secret))])
        let known = try verifier.verify(Fixture.token(header: header, payload: payload), at: Fixture.now)
        let parsed = try verifier.verify(Fixture.token(header: String(spaced), payload: payload), at: Fixture.now)
        #expect(known.claims == parsed.claims)
        #expect(known.algorithm == parsed.algorithm)
        #expect(known.header.keys == parsed.header.keys)
        #expect(known.header == JSONObject(parsed.header.map { ($0.key, $0.value) }))
    }
}
