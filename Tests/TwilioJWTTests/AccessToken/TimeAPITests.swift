import Foundation
import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

/// Times come in as `Date` and `Duration` as well as Unix seconds; both spellings give the same bytes and checks.
@Suite("Times as Date and Duration")
struct TimeAPITests {
    static let key = try! APIKey(
        sid: "SK" + String(repeating: "b", count: 32), secret: Secret("abcdefghijklmnopqrstuvwxyz012345"),
        accountSID: "AC" + String(repeating: "a", count: 32))
    static let issuedAt = 1_700_000_000
    static let issueDate = Date(timeIntervalSince1970: 1_700_000_000)

    @Test(
        "a Duration TTL is the same as its seconds; fractions are dropped",
        arguments: [
            (Duration.seconds(600), 600), (.seconds(3600), 3600), (.milliseconds(90_999), 90),
            (.seconds(86_400), 86_400),
        ])
    func durationTTL(duration: Duration, seconds: Int) throws {
        #expect(Expiration.ttl(duration) == .ttl(seconds))
        let byDuration = try AccessToken(identity: "alice", expiration: .ttl(duration))
            .jwt(signedWith: Self.key, issuedAt: Self.issueDate)
        let bySeconds = try AccessToken(identity: "alice", expiration: .ttl(seconds))
            .jwt(signedWith: Self.key, issuedAt: Self.issuedAt)
        #expect(byDuration == bySeconds)
    }

    @Test("a Duration TTL beyond 24 hours or below a second is refused like its seconds")
    func durationTTLLimits() {
        for duration: Duration in [.seconds(86_401), .milliseconds(999), .seconds(-5), .seconds(Int64.max)] {
            #expect {
                try AccessToken(expiration: .ttl(duration)).jwt(signedWith: Self.key, issuedAt: Self.issuedAt)
            } throws: {
                ($0 as? TokenError)?.code == .invalidTTL
            }
        }
    }

    @Test("expiry and nbf as dates are their Unix seconds, rounded down")
    func dates() throws {
        let expiry = Date(timeIntervalSince1970: 1_700_001_800.75)
        let start = Date(timeIntervalSince1970: 1_700_000_060.5)
        #expect(Expiration.at(expiry) == .at(1_700_001_800))
        #expect(NotBefore.at(start) == .at(1_700_000_060))
        let token = AccessToken(identity: "alice", expiration: .at(expiry), notBefore: .at(start))
        let payload = try UnverifiedToken(decoding: token.jwt(signedWith: Self.key, issuedAt: Self.issueDate)).payload
        #expect(payload["exp"] == 1_700_001_800)
        #expect(payload["nbf"] == 1_700_000_060)
    }

    @Test("dates outside 1970 to 9999 are refused, not wrapped")
    func dateRange() {
        for date in [
            Date(timeIntervalSince1970: -1), Date(timeIntervalSince1970: 3e11), Date(timeIntervalSince1970: 1e300),
        ] {
            #expect { try AccessToken().jwt(signedWith: Self.key, issuedAt: date) } throws: {
                ($0 as? TokenError)?.code == .invalidArgument
            }
            #expect {
                try TokenVerifier(apiKeys: [Self.key]).verify("a.b.c", at: date)
            } throws: {
                ($0 as? TokenError)?.code == .invalidArgument && ($0 as? TokenError)?.category == .invalidInput
            }
        }
        #expect(Expiration.at(.distantFuture) == .at(Int(Date.distantFuture.timeIntervalSince1970)))
    }

    @Test("verifying at a date is verifying at its seconds; the leeway is a Duration")
    func verifyAtDate() throws {
        let jwt = try AccessToken(identity: "alice", expiration: .ttl(.seconds(60)))
            .jwt(signedWith: Self.key, issuedAt: Self.issuedAt)
        let verifier = try TokenVerifier(apiKeys: [Self.key], leeway: .seconds(30))
        #expect(verifier.leeway == .seconds(30))
        let claims = try verifier.verify(
            jwt, as: AccessTokenClaims.self, at: Date(timeIntervalSince1970: 1_700_000_089)
        )
        .claims
        #expect(claims.expirationDate == Date(timeIntervalSince1970: 1_700_000_060))
        #expect(claims.notBeforeDate == Self.issueDate)
        #expect(claims.issueDate == nil)
        #expect { try verifier.verify(jwt, at: Date(timeIntervalSince1970: 1_700_000_090)) } throws: {
            ($0 as? TokenError)?.code == .expired
        }
    }
}
