import Foundation
import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

/// The access-token vectors of `Vectors/access-token-vectors.json`, made with twilio-python 9.13.0
/// (https://github.com/twilio/twilio-python/tree/9.13.0/twilio/jwt/access_token) and PyJWT 2.15.1.
@Suite("Access token vectors (twilio-python 9.13.0 with PyJWT 2.15.1)")
struct AccessTokenVectorTests {
    @Test("the vector file holds the vectors AT-1 to AT-13")
    func vectorFileIsComplete() {
        #expect(AccessTokenVector.all.map(\.id) == (1...13).map { "AT-\($0)" })
    }

    @Test("reproduces the token byte for byte", arguments: AccessTokenVector.all)
    func reproducesToken(_ vector: AccessTokenVector) throws {
        let key = try AccessTokenSpec.key(vector.input)
        let token = AccessTokenSpec.token(vector.input)
        let jwt = try token.jwt(signedWith: key, issuedAt: vector.input["issuedAt"]!.intValue!)
        #expect(jwt == vector.token)
    }

    @Test("writes the header and payload JSON of twilio-python", arguments: AccessTokenVector.all)
    func reproducesJSON(_ vector: AccessTokenVector) throws {
        let key = try AccessTokenSpec.key(vector.input)
        let jwt = try AccessTokenSpec.token(vector.input).jwt(
            signedWith: key,
            issuedAt: vector.input["issuedAt"]!.intValue!
        )
        let segments = jwt.split(separator: ".", omittingEmptySubsequences: false)
        #expect(segments.count == 3)
        #expect(base64URLDecodedString(segments[0]) == vector.header)
        #expect(base64URLDecodedString(segments[1]) == vector.payload)
    }

    @Test("the Date overload rounds down to whole seconds")
    func dateOverload() throws {
        let vector = AccessTokenVector.all[0]
        let key = try AccessTokenSpec.key(vector.input)
        let jwt = try AccessTokenSpec.token(vector.input).jwt(
            signedWith: key,
            issuedAt: Date(timeIntervalSince1970: 1_700_000_000.999)
        )
        #expect(jwt == vector.token)
    }
}

@Suite("Token identifiers")
struct TokenIdentifierTests {
    static let key = try! AccessTokenSpec.key(AccessTokenVector.all[0].input)

    @Test("G04: 10,000 tokens issued in the same second get 10,000 distinct unique jti values")
    func uniqueIdentifiers() throws {
        let token = AccessToken(identity: "alice", tokenIdentifier: .unique)
        var identifiers = Set<String>()
        for _ in 0..<10_000 {
            let jwt = try token.jwt(signedWith: Self.key, issuedAt: 1_700_000_000)
            let jti = try UnverifiedToken(decoding: jwt).payload["jti"]!.stringValue!
            #expect(jti.hasPrefix(Self.key.sid + "-") && jti.utf8.count == 34 + 1 + 32)
            identifiers.insert(jti)
        }
        #expect(identifiers.count == 10_000)
    }

    @Test("the default jti is <key SID>-<issue time>, as twilio-python's; a custom one is written as given")
    func otherIdentifiers() throws {
        let jwt = try AccessToken().jwt(signedWith: Self.key, issuedAt: 1_700_000_000)
        #expect(try UnverifiedToken(decoding: jwt).payload["jti"] == .string(Self.key.sid + "-1700000000"))
        let custom = try AccessToken(tokenIdentifier: .custom("order-42/é")).jwt(
            signedWith: Self.key, issuedAt: 1_700_000_000)
        #expect(try UnverifiedToken(decoding: custom).payload["jti"] == "order-42/é")
    }
}
