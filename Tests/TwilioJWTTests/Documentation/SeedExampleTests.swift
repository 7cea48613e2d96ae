import Testing

@testable import TwilioJWT

/// Every example of the seed documents (`../shared/seeds/`), written with this library, compiled and run. Each
/// is no longer than the original; the migration guide (`Migrating.md`) maps every call.
///
/// The seeds' own placeholder credentials are not valid SIDs (the twilio-ruby wiki's account SID has 31 hex
/// digits, twilio-python's docs use `AC123123`), and this library refuses them with a clear error; the
/// examples use well-formed fake credentials instead.
@Suite("Seed examples")
struct SeedExampleTests {
    static let environment = [
        "TWILIO_ACCOUNT_SID": "AC" + String(repeating: "a", count: 32),
        "TWILIO_AUTH_TOKEN": "0123456789abcdef0123456789abcdef",
    ]
    static let accountSID = environment["TWILIO_ACCOUNT_SID"]!
    static let authToken = environment["TWILIO_AUTH_TOKEN"]!
    static let verifier = try! TokenVerifier(accounts: [AccountCredentials.fromEnvironment(environment)])

    static func scopes(_ token: String) throws -> [ClientCapabilityToken.Scope] {
        try Self.verifier.verifyClientCapabilityToken(token).claims.scopes
    }

    // MARK: 000 — ExTwilio.Capability (v0.5.1)

    @Test("ExTwilio.Capability: new |> allow_client_incoming |> allow_client_outgoing |> token")
    func exTwilioCapability() throws {
        let environment = Self.environment
        // ExTwilio.Capability.new
        // |> ExTwilio.Capability.allow_client_incoming("tommy")
        // |> ExTwilio.Capability.allow_client_outgoing("APabe7650f654fc34655fc81ae71caa3ff")
        // |> ExTwilio.Capability.token
        let token = try ClientCapabilityToken(scopes: [
            .incoming(clientName: "tommy"), .outgoing(applicationSID: "APabe7650f654fc34655fc81ae71caa3ff"),
        ]).jwt(signedWith: .fromEnvironment(environment))

        #expect(try Self.scopes(token).first == .incoming(clientName: "tommy"))
    }

    @Test("ExTwilio.Capability: with_account_sid, with_auth_token, with_ttl, starting_at")
    func exTwilioCapabilitySetters() throws {
        // ExTwilio.Capability.new |> with_account_sid(sid) |> with_auth_token(token) |> with_ttl(3600)
        //   |> starting_at(1464096368) |> allow_client_outgoing(app, %{user_id: 42}) |> token
        let credentials = try AccountCredentials(accountSID: Self.accountSID, authToken: Secret(Self.authToken))
        let capability = ClientCapabilityToken(
            scopes: [.outgoing(applicationSID: "APabe7650f654fc34655fc81ae71caa3ff", params: ["user_id": "42"])],
            expiration: .ttl(3600),
            notBefore: .omitted  // ExTwilio writes no nbf; exp counts from starting_at
        )
        let token = try capability.jwt(signedWith: credentials, issuedAt: 1_464_096_368)

        let claims = try UnverifiedToken(decoding: token).payload
        #expect(claims["exp"] == .int(1_464_096_368 + 3600))
        #expect(claims["nbf"] == nil)
    }

    @Test("ExTwilio.Capability.new names the missing environment variable")
    func exTwilioMissingConfiguration() {
        #expect(
            throws: TokenError(
                .missingCredential, "the environment variable TWILIO_AUTH_TOKEN (the account's auth token) is not set")
        ) {
            try ClientCapabilityToken().jwt(signedWith: .fromEnvironment(["TWILIO_ACCOUNT_SID": Self.accountSID]))
        }
    }

    // MARK: 001 — twilio-ruby Twilio::Util::Capability (≤ 4.x)

    @Test("twilio-ruby Util::Capability: allow_client_incoming, allow_client_outgoing with params, generate(ttl)")
    func rubyUtilCapability() throws {
        let (accountSID, authToken, userID) = (Self.accountSID, Self.authToken, 42)
        // capability = Twilio::Util::Capability.new account_sid, auth_token
        let credentials = try AccountCredentials(accountSID: accountSID, authToken: Secret(authToken))
        var capability = ClientCapabilityToken(expiration: .ttl(5))  // @token = capability.generate(5)
        // capability.allow_client_incoming 'andrew'
        capability.allowIncoming(clientName: "andrew")
        // capability.allow_client_outgoing 'AP89a0180a1a4ddf1da954efca349b7a20', {'user_id' => @user.id}
        capability.allowOutgoing(applicationSID: "AP89a0180a1a4ddf1da954efca349b7a20", params: ["user_id": "\(userID)"])
        let token = try capability.jwt(signedWith: credentials)

        #expect(
            try Self.scopes(token).last
                == .outgoing(
                    applicationSID: "AP89a0180a1a4ddf1da954efca349b7a20", clientName: "andrew",
                    params: ["user_id": "42"]))
    }

    // MARK: 003 — twilio-ruby Twilio::JWT::ClientCapability (≥ 5.x)

    @Test(
        "twilio-ruby JWT::ClientCapability: IncomingClientScope, OutgoingClientScope(app, client_name, params), add_scope, to_s"
    )
    func rubyJWTClientCapability() throws {
        let (accountSID, authToken) = (Self.accountSID, Self.authToken)
        let clientName = "john"
        // capability = Twilio::JWT::ClientCapability.new account_sid, auth_token, ttl: 5
        let credentials = try AccountCredentials(accountSID: accountSID, authToken: Secret(authToken))
        var capability = ClientCapabilityToken(expiration: .ttl(5))
        // capability.add_scope(Twilio::JWT::ClientCapability::IncomingClientScope.new client_name)
        capability.add(.incoming(clientName: clientName))
        // capability.add_scope(OutgoingClientScope.new 'AP1111…', client_name, {'user_id' => @user.id})
        capability.add(
            .outgoing(
                applicationSID: "AP11111111111111111111111111111111", clientName: clientName, params: ["user_id": "42"])
        )
        let token = try capability.jwt(signedWith: credentials)  // @token = capability.to_s

        #expect(try Self.scopes(token).count == 2)
    }

    @Test("twilio-ruby OutgoingClientScope with a client name but no incoming scope")
    func rubyOutgoingOnly() throws {
        let credentials = try AccountCredentials.fromEnvironment(Self.environment)
        let token = try ClientCapabilityToken(scopes: [
            .outgoing(applicationSID: "AP11111111111111111111111111111111", clientName: "john")
        ])
        .jwt(signedWith: credentials)
        #expect(
            try Self.scopes(token) == [
                .outgoing(applicationSID: "AP11111111111111111111111111111111", clientName: "john")
            ])
    }

    // MARK: 004 — twilio-python twilio.util.TwilioCapability (≤ 5.x)

    @Test("twilio-python TwilioCapability: allow_client_incoming, allow_client_outgoing, generate(expires=600)")
    func pythonTwilioCapability() throws {
        let (accountSID, authToken) = (Self.accountSID, Self.authToken)
        // capability = TwilioCapability(account_sid, auth_token)
        let credentials = try AccountCredentials(accountSID: accountSID, authToken: Secret(authToken))
        var capability = ClientCapabilityToken(expiration: .ttl(600))  // generate(expires=600)
        capability.allowIncoming(clientName: "Alice")  // capability.allow_client_incoming("Alice")
        // capability.allow_client_outgoing(application_sid)
        capability.allowOutgoing(applicationSID: "APabe7650f654fc34655fc81ae71caa3ff")
        let token = try capability.jwt(signedWith: credentials)  // token = capability.generate(…)

        #expect(try Self.verifier.verifyClientCapabilityToken(token).claims.clientName == "Alice")
    }

    // MARK: 002 — ExTwilio.JWT.AccessToken (v0.10.0)

    @Test("ExTwilio.JWT.AccessToken: new(…), to_jwt!, verify_and_validate")
    func exTwilioAccessToken() throws {
        let (accountSID, apiKeySID, apiSecret) = (
            Self.accountSID, "SK" + String(repeating: "b", count: 32), "abcdefghijklmnopqrstuvwxyz012345"
        )
        // AccessToken.new(account_sid:, api_key:, api_secret:, identity:, expires_in: 86_400,
        //                 grants: [AccessToken.ChatGrant.new(service_sid: "sid")])
        let key = try APIKey(sid: apiKeySID, secret: Secret(apiSecret), accountSID: accountSID)
        let token = AccessToken(
            identity: "user@email.com",
            grants: [.chat(ChatGrant(serviceSID: "IS" + String(repeating: "e", count: 32)))],
            expiration: .ttl(86_400),
            tokenIdentifier: .unique  // ExTwilio's jti: "<api_key>-<32 random hex digits>"
        )
        let jwt = try token.jwt(signedWith: key)  // AccessToken.to_jwt!(token)
        // AccessToken.verify_and_validate(jwt, signer)
        let claims = try TokenVerifier(apiKeys: [key]).verifyAccessToken(jwt).claims

        #expect(claims.identity == "user@email.com")
        #expect(claims.tokenID?.count == 34 + 1 + 32)
    }
}
