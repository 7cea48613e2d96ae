import Foundation
import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

/// The claims, lifetime and determinism of minted tokens.
@Suite("Client validation token claims")
struct ClientValidationTokenTests {
    static func request() throws -> ClientValidationRequest {
        try ClientValidationRequest(
            method: "GET", url: "https://api.twilio.com/v1/x", headers: [("Authorization", "a")])
    }

    @Test("lifetime is 300 s from the issue time, nbf is the issue time, header names the algorithm")
    func claims() throws {
        for algorithm in SignatureAlgorithm.rsa {
            let jwt = try ClientValidationToken(request: try Self.request(), algorithm: algorithm)
                .jwt(signedWith: PKCVFixtures.key, issuedAt: 1_234_567_890)
            let header = base64URLDecodedString(segments(jwt)[0])
            let payload = base64URLDecodedString(segments(jwt)[1])
            let expectedHeader =
                #"{"alg":"\#(algorithm.name)","cty":"twilio-pkrv;v=1","#
                + #""kid":"\#(PKCVFixtures.credentialSID)","typ":"JWT"}"#
            let expectedPayload =
                #"{"hrh":"authorization;host","rqh":"\#(try Self.request().requestHash)","#
                + #""iss":"\#(PKCVFixtures.apiKeySID)","exp":1234568190,"nbf":1234567890,"#
                + #""sub":"\#(PKCVFixtures.accountSID)"}"#
            #expect(header == expectedHeader)
            #expect(payload == expectedPayload)
        }
        #expect(ClientValidationToken.timeToLive == 300)
    }

    @Test("RS256 is deterministic and the default; a Date issue time is rounded down")
    func deterministic() throws {
        let token = ClientValidationToken(request: try Self.request())
        #expect(token.algorithm == .rs256)
        let first = try token.jwt(signedWith: PKCVFixtures.key, issuedAt: 1_700_000_000)
        #expect(try token.jwt(signedWith: PKCVFixtures.key, issuedAt: 1_700_000_000) == first)
        #expect(
            try token.jwt(signedWith: PKCVFixtures.key, issuedAt: Date(timeIntervalSince1970: 1_700_000_000.9)) == first
        )
        #expect(try token.jwt(signedWith: PKCVFixtures.key, issuedAt: 1_700_000_001) != first)
        let now = try token.jwt(signedWith: PKCVFixtures.key)
        let payload = try #require(base64URLDecodedString(segments(now)[1]))
        let nbf = try #require(JSONValue(parsing: payload)["nbf"]?.intValue)
        #expect(abs(nbf - Int(Date().timeIntervalSince1970)) <= 5)
    }

    @Test("an issue time outside 1970…9999 is refused")
    func badIssueTime() throws {
        let token = ClientValidationToken(request: try Self.request())
        #expect { try token.jwt(signedWith: PKCVFixtures.key, issuedAt: -1) } throws: { error in
            (error as? TokenError)?.code == .invalidArgument
        }
        #expect { try token.jwt(signedWith: PKCVFixtures.key, issuedAt: Date(timeIntervalSince1970: 1e12)) } throws: {
            error in
            (error as? TokenError)?.code == .invalidArgument
        }
    }
}
