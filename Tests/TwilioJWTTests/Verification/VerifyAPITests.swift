import Foundation
import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

/// The one verification entry point, typed results, error categories and claims as JSON.
@Suite("Verification API")
struct VerifyAPITests {
    static let accountSID = "AC" + String(repeating: "a", count: 32)
    static let key = try! APIKey(
        sid: "SK" + String(repeating: "b", count: 32), secret: Secret("abcdefghijklmnopqrstuvwxyz012345"),
        accountSID: accountSID)
    static let account = try! AccountCredentials(
        accountSID: accountSID, authToken: Secret(String(repeating: "t", count: 32)))
    static let verifier = try! TokenVerifier(apiKeys: [key], accounts: [account])
    static let issuedAt = 1_700_000_000
    static let now = 1_700_000_010

    static var accessJWT: String {
        var token = AccessToken(identity: "alice", region: .ie1)
        token.grants.voice = VoiceGrant(
            incomingAllowed: true,
            outgoing: .init(applicationSID: "AP" + String(repeating: "c", count: 32), params: ["n": 1]))
        token.grants.video = VideoGrant(room: "standup")
        return try! token.jwt(signedWith: key, issuedAt: issuedAt)
    }

    static var capabilityJWT: String {
        try! ClientCapabilityToken(scopes: [.incoming(clientName: "alice")]).jwt(
            signedWith: account, issuedAt: issuedAt)
    }

    @Test("verify(_:as:) returns the claims of the kind asked for, and refuses other kinds")
    func typedEntryPoint() throws {
        let access = try Self.verifier.verify(Self.accessJWT, as: AccessTokenClaims.self, at: Self.now)
        #expect(access.claims.identity == "alice")
        #expect(access.keyID == KeyID(kind: .apiKey, sid: Self.key.sid))
        #expect(access.algorithm == .hs256)
        let capability = try Self.verifier.verify(Self.capabilityJWT, as: ClientCapabilityClaims.self, at: Self.now)
        #expect(capability.keyID == KeyID(kind: .account, sid: Self.accountSID))
        #expect(capability.claims.clientName == "alice")
        #expect(
            throws: TokenError(.wrongTokenType, "expected an access token but got a Client capability token")
        ) { try Self.verifier.verify(Self.capabilityJWT, as: AccessTokenClaims.self, at: Self.now) }
        #expect(
            throws: TokenError(.wrongTokenType, "expected a TaskRouter capability token but got an access token")
        ) { try Self.verifier.verify(Self.accessJWT, as: TaskRouterClaims.self, at: Self.now) }
    }

    @Test("verify(_:) without a type takes any kind and says which")
    func anyKind() throws {
        let access = try Self.verifier.verify(Self.accessJWT, at: Self.now)
        #expect(access.claims.kind == .access)
        #expect(access.claims.expiresAt == Self.issuedAt + 3600)
        let capability = try Self.verifier.verify(Self.capabilityJWT, at: Self.now)
        #expect(capability.claims.kind == .clientCapability)
        #expect(TokenClaims.tokenKind == nil)
        #expect(AccessTokenClaims.tokenKind == .access)
    }

    @Test("errors tell a caller's mistake from a rejected token")
    func categories() throws {
        // Mistakes of the caller: bad input to minting, to credentials, to a verifier.
        let mistakes: [() throws -> Void] = [
            {
                _ = try APIKey(
                    sid: "SK1", secret: Secret(String(repeating: "s", count: 32)), accountSID: Self.accountSID)
            },
            { _ = try Secret("short") },
            { _ = try AccessToken(expiration: .ttl(0)).jwt(signedWith: Self.key, issuedAt: Self.issuedAt) },
            {
                _ = try AccessToken(expiration: .at(Self.issuedAt + 90_000)).jwt(
                    signedWith: Self.key, issuedAt: Self.issuedAt)
            },
            { _ = try TokenVerifier(apiKeys: [Self.key], leeway: .seconds(301)) },
            { _ = try Self.verifier.verify(Self.accessJWT, at: -1) },
            { _ = try JSONValue(parsing: "{") },
        ]
        for mistake in mistakes {
            #expect { try mistake() } throws: { ($0 as? TokenError)?.category == .invalidInput }
        }
        // Rejections: whatever is wrong with the token.
        let longLived = try AccessToken(expiration: .ttl(3600)).jwt(signedWith: Self.key, issuedAt: Self.issuedAt)
        let rejections: [(String, Int, TokenError.Code)] = [
            ("a.b", Self.now, .malformed),
            (Self.accessJWT, Self.issuedAt + 7200, .expired),
            (Self.accessJWT + ".", Self.now, .malformed),
            (longLived, Self.issuedAt - 1, .notYetValid),
        ]
        for (token, time, code) in rejections {
            #expect { try Self.verifier.verify(token, at: time) } throws: {
                ($0 as? TokenError)?.code == code && ($0 as? TokenError)?.category == .rejectedToken
            }
        }
        // lifetimeTooLong is either, by where it is found.
        let header = Fixture.segment(#"{"alg":"HS256","typ":"JWT"}"#)
        let payload = Fixture.segment(
            #"{"scope":"","iss":"\#(Self.accountSID)","exp":\#(Self.issuedAt + 100_000),"nbf":\#(Self.issuedAt)}"#)
        let input = header + "." + payload
        let tooLong = input + "." + Fixture.sign(input, secret: Array(String(repeating: "t", count: 32).utf8))
        #expect { try Self.verifier.verify(tooLong, at: Self.now) } throws: {
            ($0 as? TokenError)?.code == .lifetimeTooLong && ($0 as? TokenError)?.category == .rejectedToken
        }
    }

    @Test("an underlying error is kept but neither compared nor printed")
    func underlyingError() {
        struct Cause: Error {}
        let error = TokenError(.invalidKey, "the key failed", underlyingError: Cause())
        #expect(error == TokenError(.invalidKey, "the key failed"))
        #expect(error.underlyingError is Cause)
        #expect("\(error)" == "invalidKey: the key failed")
    }

    @Test("claims encode as JSON: grants as the token writes them, times as integers, the kind named")
    func encodable() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let verified = try Self.verifier.verify(Self.accessJWT, at: Self.now)
        let json = String(decoding: try encoder.encode(verified.claims), as: UTF8.self)
        #expect(
            json
                == #"{"accountSID":"\#(Self.accountSID)","apiKeySID":"\#(Self.key.sid)","expiresAt":1700003600,"#
                + #""grants":{"video":{"room":"standup"},"voice":{"incoming":{"allow":true},"outgoing":{"#
                + #""application_sid":"AP\#(String(repeating: "c", count: 32))","params":{"n":1}}}},"#
                + #""identity":"alice","kind":"access","notBefore":1700000000,"region":"ie1","#
                + #""tokenID":"\#(Self.key.sid)-1700000000"}"#)
        let whole = String(decoding: try encoder.encode(verified), as: UTF8.self)
        #expect(whole.contains(#""algorithm":"HS256""#))
        #expect(whole.contains(#""keyID":"\#(Self.key.sid)""#))
        #expect(whole.contains(#""header":{"alg":"HS256","cty":"twilio-fpa;v=1","twr":"ie1","typ":"JWT"}"#))
        let capability = try Self.verifier.verify(Self.capabilityJWT, as: ClientCapabilityClaims.self, at: Self.now)
        let capabilityJSON = String(decoding: try encoder.encode(capability.claims), as: UTF8.self)
        #expect(capabilityJSON.contains(#""scopes":[{"incoming":{"clientName":"alice"}}]"#))
    }
}
