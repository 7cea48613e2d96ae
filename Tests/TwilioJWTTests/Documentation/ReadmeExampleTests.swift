import Testing
import TwilioJWT
import TwilioJWTTestSupport

/// The README's example, verbatim (Scripts/check-readme.py keeps the two in step), compiled and run.
@Suite("README example")
struct ReadmeExampleTests {
    @Test("the README's mint example compiles and mints a token")
    func readmeExample() throws {
        let apiKeySecret = "abcdefghijklmnopqrstuvwxyz012345"
        func mint() throws -> String {
            let key = try APIKey(
                sid: "SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
                secret: Secret(apiKeySecret),  // 32 characters, from the Twilio Console
                accountSID: "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            )

            var token = AccessToken(identity: "alice")
            token.grants.voice = VoiceGrant(
                incomingAllowed: true,
                outgoing: .init(applicationSID: "APcccccccccccccccccccccccccccccccc", params: ["customer": 42])
            )
            token.grants.video = VideoGrant(room: "DailyStandup")

            let jwt = try token.jwt(signedWith: key)  // or jwt(signedWith: key, issuedAt: 1_700_000_000)
            return jwt
        }
        _ = try mint()
    }

    @Test("the README's verify example compiles and verifies a token signed with either key")
    func readmeVerifyExample() throws {
        let currentKey = try APIKey(
            sid: "SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", secret: Secret("abcdefghijklmnopqrstuvwxyz012345"),
            accountSID: "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        let previousKey = try APIKey(
            sid: "SKcccccccccccccccccccccccccccccccc", secret: Secret("0123456789abcdefghijklmnopqrstuv"),
            accountSID: "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        for signingKey in [currentKey, previousKey] {
            let jwt = try AccessToken(identity: "alice", grants: [.video(VideoGrant(room: "DailyStandup"))])
                .jwt(signedWith: signingKey)
            func verify() throws -> Verified<AccessTokenClaims> {
                let verifier = try TokenVerifier(apiKeys: [currentKey, previousKey], leeway: .seconds(0))
                let token = try verifier.verify(jwt, as: AccessTokenClaims.self)
                print(token.keyID, token.claims.identity ?? "-", token.claims.grants.map(\.key))
                return token
            }
            let token = try verify()
            #expect(token.keyID.sid == signingKey.sid)
            #expect(token.claims.identity == "alice")
            #expect(token.claims.grants.map(\.key) == ["video"])
        }
    }
}
