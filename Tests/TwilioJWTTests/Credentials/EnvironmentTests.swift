import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

/// Credentials from the environment, with the names `twilio-token` reads: Twilio's own first, then the quickstarts'.
@Suite("Credentials from the environment")
struct EnvironmentTests {
    static let accountSID = "AC" + String(repeating: "a", count: 32)
    static let keySID = "SK" + String(repeating: "b", count: 32)
    static let secret = String(repeating: "s", count: 32)

    @Test(
        "an API key from each spelling of its variables",
        arguments: [
            ["TWILIO_ACCOUNT_SID": accountSID, "TWILIO_API_KEY": keySID, "TWILIO_API_SECRET": secret],
            ["ACCOUNT_SID": accountSID, "API_KEY": keySID, "API_KEY_SECRET": secret],
            ["TWILIO_ACCOUNT_SID": accountSID, "TWILIO_API_KEY_SID": keySID, "TWILIO_API_KEY_SECRET": secret],
            ["ACCOUNT_SID": accountSID, "API_KEY_SID": keySID, "API_SECRET": secret],
        ])
    func apiKey(environment: [String: String]) throws {
        let key = try APIKey(environment: environment)
        #expect(key.sid == Self.keySID)
        #expect(key.accountSID == Self.accountSID)
    }

    @Test("Twilio's names win over the quickstarts'; empty values count as unset")
    func precedence() throws {
        let other = "SK" + String(repeating: "c", count: 32)
        let key = try APIKey(environment: [
            "TWILIO_ACCOUNT_SID": Self.accountSID, "TWILIO_API_KEY": Self.keySID, "API_KEY": other,
            "TWILIO_API_SECRET": "", "API_SECRET": Self.secret,
        ])
        #expect(key.sid == Self.keySID)
        #expect(APIKey.sidVariables.first == "TWILIO_API_KEY")
        #expect(AccountCredentials.accountSIDVariables == ["TWILIO_ACCOUNT_SID", "ACCOUNT_SID"])
    }

    @Test("a missing variable is named, with its aliases; a bad value gets the credential's own error")
    func errors() {
        #expect(
            throws: TokenError(
                .missingCredential,
                "the environment variable TWILIO_API_KEY (the API key SID) is not set (nor TWILIO_API_KEY_SID, "
                    + "API_KEY, API_KEY_SID)")
        ) { try APIKey(environment: ["TWILIO_ACCOUNT_SID": Self.accountSID]) }
        #expect {
            try APIKey(environment: [
                "TWILIO_API_KEY": Self.keySID, "TWILIO_API_SECRET": "short", "TWILIO_ACCOUNT_SID": Self.accountSID,
            ])
        } throws: {
            ($0 as? TokenError)?.code == .weakSecret
        }
        #expect {
            try AccountCredentials(environment: ["TWILIO_ACCOUNT_SID": Self.keySID, "TWILIO_AUTH_TOKEN": Self.secret])
        } throws: {
            ($0 as? TokenError)?.code == .invalidSID
        }
        let credentials = try? AccountCredentials(environment: [
            "ACCOUNT_SID": Self.accountSID, "AUTH_TOKEN": Self.secret,
        ])
        #expect(credentials?.accountSID == Self.accountSID)
    }
}
