import Testing
import TwilioJWT

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
}
