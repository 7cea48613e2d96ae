import Foundation
import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

/// Every example of five public documents, one test each, written with this library, compiled and run.
/// `Migrating.md` maps every call of the documents to ours. The documents, and the names the tests give them:
///
/// - [000] ExTwilio 0.5.1, `ExTwilio.Capability`: https://hexdocs.pm/ex_twilio/0.5.1/ExTwilio.Capability.html
/// - [001] twilio-ruby wiki, "Capability" (twilio-ruby 4.x and earlier):
///   https://github.com/twilio/twilio-ruby/wiki/Capability
/// - [002] ExTwilio 0.10.0, `ExTwilio.JWT.AccessToken`:
///   https://hexdocs.pm/ex_twilio/0.10.0/ExTwilio.JWT.AccessToken.html
/// - [003] twilio-ruby wiki, "JWT Tokens", the revision of 10 July 2017 (twilio-ruby 5.x):
///   https://github.com/twilio/twilio-ruby/wiki/JWT-Tokens/b82f4dfc5e934ead4c175237e6c893674c164e78
/// - [004] twilio-python 5.x, "Generate Capability Tokens" (`docs/usage/token-generation.rst`):
///   https://github.com/twilio/twilio-python/blob/1b4e6a4ab4231898cc5d3b1ab485ab1113ca7998/docs/usage/token-generation.rst
///
/// Each test's comment names the example by the document's section heading, function or code line.
///
/// Each test mints the token its example mints, then checks the exact header and payload JSON and compares the whole
/// token, byte for byte, with twilio-python 9.13 (`ClientCapabilityToken` or `AccessToken`, through
/// `Tests/Python/twilio_reference.py`) for the same inputs and issue time. The two shapes twilio-python cannot build —
/// twilio-ruby's `OutgoingClientScope` with a client name and no incoming scope ([003]) — are verified with PyJWT
/// instead. Tokens the documents mint at the current time are minted at the current time here too; the issue time is
/// read back from the token's `nbf` and handed to twilio-python.
///
/// **Line counts** (in each test's comment): code lines only — no comments, blank lines, `require` or `import` —
/// counted on both sides the same way. A document's "setup" lines (its credential literals and the object built from
/// them) count with every example that uses them; ours are the line binding the fake credentials, the
/// `AccountCredentials` (or `APIKey`) line and the token-description line. The assertions are the test's own and are
/// not counted. Every example takes no more lines with this library than in its document.
///
/// **Credentials.** The documents' placeholder credentials are not valid: twilio-ruby's wiki uses an account SID of 31
/// hex digits (001) or of 29 `x` (003) and a 31-character auth token (003), twilio-python's documentation `AC123123`
/// and `secret` (004), ExTwilio `'XXX'` (000) and `"account_sid"`, `"api_key"`, `"secret"` and a chat service SID
/// `"sid"` (002). This library refuses each of them with a specific error (``placeholderCredentials(_:)`` checks
/// every one), so the examples substitute well-formed fakes for the same roles: ``accountSID`` (`AC` and 32 `a`),
/// ``authToken`` and ``apiSecret`` (32 characters), ``apiKeySID`` (`SK` and 32 `b`) and ``chatServiceSID`` (`IS` and
/// 32 `e`). Every other value (client names, application SIDs, identities, TTLs, times) is the document's own.
@Suite("Documented examples")
struct DocumentedExampleTests {
    // MARK: Fake credentials and context

    static let accountSID = "AC" + String(repeating: "a", count: 32)
    static let authToken = "0123456789abcdef0123456789abcdef"
    static let apiKeySID = "SK" + String(repeating: "b", count: 32)
    static let apiSecret = "abcdefghijklmnopqrstuvwxyz012345"
    static let chatServiceSID = "IS" + String(repeating: "e", count: 32)
    /// ExTwilio's configuration, as this library reads it: the process environment.
    static let environment = ["TWILIO_ACCOUNT_SID": accountSID, "TWILIO_AUTH_TOKEN": authToken]
    static let credentials = try! AccountCredentials(accountSID: accountSID, authToken: Secret(authToken))
    static let verifier = try! TokenVerifier(accounts: [credentials])

    /// The `@user` of the twilio-ruby wiki examples ([001], [003]): context the pages take as given, so not counted.
    struct User { let id: Int }
    static let user = User(id: 42)

    // MARK: Helpers

    /// The header and payload JSON of `token`, exactly as encoded.
    static func json(_ token: String) throws -> (header: String, payload: String) {
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        try #require(segments.count == 3)
        return (try #require(base64URLDecodedString(segments[0])), try #require(base64URLDecodedString(segments[1])))
    }

    /// Checks that `token` is exactly the Client capability token with this `scope` claim and `ttl`, issued by the
    /// fake account and signed with its auth token, and returns its issue time (its `nbf`).
    ///
    /// - Parameter issuedAt: The expected issue time; `nil` for a token minted now (then within the last minute).
    @discardableResult
    static func expectCapabilityToken(
        _ token: String,
        scope: String,
        ttl: Int,
        issuedAt expected: Int? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Int {
        let (header, payload) = try Self.json(token)
        let issuedAt = try #require(
            try UnverifiedToken(decoding: token).payload["nbf"]?.intValue, sourceLocation: sourceLocation)
        if let expected {
            #expect(issuedAt == expected, sourceLocation: sourceLocation)
        } else {
            #expect((UnixTime.now() - 60...UnixTime.now()).contains(issuedAt), sourceLocation: sourceLocation)
        }
        #expect(header == #"{"alg":"HS256","typ":"JWT"}"#, sourceLocation: sourceLocation)
        #expect(
            payload == #"{"scope":"\#(scope)","iss":"\#(accountSID)","exp":\#(issuedAt + ttl),"nbf":\#(issuedAt)}"#,
            sourceLocation: sourceLocation)
        let verified = try Self.verifier.verify(token, as: ClientCapabilityClaims.self, at: issuedAt)
        #expect(verified.claims.scopeClaim == scope, sourceLocation: sourceLocation)
        #expect(verified.claims.unrecognizedScopes.isEmpty, sourceLocation: sourceLocation)
        return issuedAt
    }

    /// twilio-python 9.13's `ClientCapabilityToken(account_sid, auth_token, ttl=ttl)` after `ops`, issued at
    /// `issuedAt`, signed with the fake credentials (`twilio_reference.py capability`).
    static func pythonCapabilityToken(issuedAt: Int, ttl: Int = 3600, _ ops: [JSONValue]) throws -> String {
        let spec: JSONValue = [
            "accountSid": .string(accountSID), "authToken": .string(authToken), "issuedAt": .int(issuedAt),
            "ttl": .int(ttl), "ops": .array(ops),
        ]
        return try #require(PythonReference.run("capability", [spec]).arrayValue?.first?.stringValue)
    }

    /// `allow_client_incoming(name)`, as a `twilio_reference.py` operation.
    static func incoming(_ clientName: String) -> JSONValue {
        ["op": "incoming", "clientName": .string(clientName)]
    }

    /// `allow_client_outgoing(application_sid, **params)`, as a `twilio_reference.py` operation.
    static func outgoing(_ applicationSID: String, _ params: [(String, String)] = []) -> JSONValue {
        let pairs = params.map { JSONValue.array([.string($0.0), .array([.string($0.1)])]) }
        return ["op": "outgoing", "applicationSid": .string(applicationSID), "params": .array(pairs)]
    }

    /// The claims PyJWT 2 decodes from `token` after checking its HS256 signature with the fake auth token.
    static func pyJWTClaims(_ token: String) throws -> JSONValue {
        let request: JSONValue = ["token": .string(token), "key": .string(authToken), "algorithm": "HS256"]
        return try #require(PythonReference.run("pyjwt", [request]).arrayValue?.first)
    }

    // MARK: - [000] ExTwilio.Capability (ExTwilio 0.5.1)
    //
    // ExTwilio itself writes no `nbf`, puts `appSid` before `appParams`, leaves the client name out of the outgoing
    // scope and encodes parameters once; these tokens follow twilio-python instead (see Migrating.md), so
    // twilio-python 9.13 is the byte reference.

    /// [000], the module's "Example" (`ExTwilio.Capability.new |> … |> ExTwilio.Capability.token`). Lines: page 4,
    /// ours 3. `AccountCredentials(environment:)` reads
    /// `TWILIO_ACCOUNT_SID` and `TWILIO_AUTH_TOKEN` where ExTwilio reads its configuration; production code calls
    /// it without an argument, the test hands it the fake environment.
    @Test("[000] ExTwilio.Capability: new |> allow_client_incoming |> allow_client_outgoing |> token", .pythonReference)
    func exTwilioModuleExample() throws {
        let token = try ClientCapabilityToken(scopes: [
            .incoming(clientName: "tommy"), .outgoing(applicationSID: "APabe7650f654fc34655fc81ae71caa3ff"),
        ]).jwt(signedWith: AccountCredentials(environment: Self.environment))

        let issuedAt = try Self.expectCapabilityToken(
            token,
            scope: "scope:client:incoming?clientName=tommy "
                + "scope:client:outgoing?appSid=APabe7650f654fc34655fc81ae71caa3ff&clientName=tommy",
            ttl: 3600
        )
        let python = try Self.pythonCapabilityToken(
            issuedAt: issuedAt, [Self.incoming("tommy"), Self.outgoing("APabe7650f654fc34655fc81ae71caa3ff")])
        #expect(python == token)
    }

    /// [000], `new` (its example `ExTwilio.Capability.new`): a capability with a TTL of one hour and the account SID
    /// and auth token from the configuration. Lines: page 1, ours 1.
    @Test(
        "[000] ExTwilio.Capability.new: TTL one hour, credentials from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN",
        .pythonReference)
    func exTwilioNew() throws {
        let environment = Self.environment  // the process environment in production: context, not counted
        let (capability, credentials) = try (ClientCapabilityToken(), AccountCredentials(environment: environment))

        #expect(capability == ClientCapabilityToken(scopes: [], expiration: .ttl(3600), notBefore: .issueTime))
        #expect(credentials.accountSID == Self.accountSID)
        let token = try capability.jwt(signedWith: credentials)
        let issuedAt = try Self.expectCapabilityToken(token, scope: "", ttl: 3600)
        #expect(try Self.pythonCapabilityToken(issuedAt: issuedAt, []) == token)
    }

    /// [000], `new` without the configuration: ExTwilio reads `nil` and fails later; this library names the
    /// missing variable at once.
    @Test("[000] ExTwilio.Capability.new: a missing variable is named")
    func exTwilioNewWithoutConfiguration() {
        #expect(
            throws: TokenError(
                .missingCredential,
                "the environment variable TWILIO_ACCOUNT_SID (the account SID) is not set (nor ACCOUNT_SID)")
        ) {
            try ClientCapabilityToken().jwt(
                signedWith: AccountCredentials(environment: ["TWILIO_AUTH_TOKEN": Self.authToken]))
        }
        #expect(
            throws: TokenError(
                .missingCredential,
                "the environment variable TWILIO_AUTH_TOKEN (the account's auth token) is not set (nor AUTH_TOKEN)")
        ) {
            try ClientCapabilityToken().jwt(
                signedWith: AccountCredentials(environment: ["TWILIO_ACCOUNT_SID": Self.accountSID]))
        }
    }

    /// [000], `allow_client_incoming` (its example `ExTwilio.Capability.allow_client_incoming("tommy")`). Lines: page
    /// 1, ours 1 (ExTwilio's one-argument form starts from `new`, as `ClientCapabilityToken(scopes:)` starts from the
    /// defaults); the test signs the capability specification (ExTwilio's term) as the page's `token` does.
    @Test("[000] ExTwilio.Capability.allow_client_incoming(\"tommy\")", .pythonReference)
    func exTwilioAllowClientIncoming() throws {
        let spec = ClientCapabilityToken(scopes: [.incoming(clientName: "tommy")])

        let token = try spec.jwt(signedWith: Self.credentials)
        let issuedAt = try Self.expectCapabilityToken(token, scope: "scope:client:incoming?clientName=tommy", ttl: 3600)
        #expect(try Self.pythonCapabilityToken(issuedAt: issuedAt, [Self.incoming("tommy")]) == token)
    }

    /// [000], `allow_client_outgoing` (its example
    /// `ExTwilio.Capability.allow_client_outgoing("APabe7650f654fc34655fc81ae71caa3ff")`). Lines: page 1, ours 1.
    @Test("[000] ExTwilio.Capability.allow_client_outgoing(\"APabe7650f654fc34655fc81ae71caa3ff\")", .pythonReference)
    func exTwilioAllowClientOutgoing() throws {
        let spec = ClientCapabilityToken(scopes: [.outgoing(applicationSID: "APabe7650f654fc34655fc81ae71caa3ff")])

        let token = try spec.jwt(signedWith: Self.credentials)
        let issuedAt = try Self.expectCapabilityToken(
            token, scope: "scope:client:outgoing?appSid=APabe7650f654fc34655fc81ae71caa3ff", ttl: 3600)
        let python = try Self.pythonCapabilityToken(
            issuedAt: issuedAt, [Self.outgoing("APabe7650f654fc34655fc81ae71caa3ff")])
        #expect(python == token)
    }

    /// [000], `starting_at` (its example `ExTwilio.Capability.starting_at(1464096368)`): the time at which the TTL
    /// begins. The token is valid from
    /// that time (`nbf`) for the TTL (`exp` = start + TTL, 3600 s unless `with_ttl` changed it). ExTwilio keeps the
    /// start in the capability; here it is the issue time given when signing, from which both claims count.
    /// Lines: page 1, ours 1.
    @Test(
        "[000] ExTwilio.Capability.starting_at: nbf is the start, exp the start plus the TTL (3600 s by default)",
        .pythonReference)
    func exTwilioStartingAt() throws {
        let token = try ClientCapabilityToken().jwt(signedWith: Self.credentials, issuedAt: 1_464_096_368)

        let payload = try UnverifiedToken(decoding: token).payload
        #expect(payload["nbf"] == .int(1_464_096_368))
        #expect(payload["exp"] == .int(1_464_096_368 + 3600))
        try Self.expectCapabilityToken(token, scope: "", ttl: 3600, issuedAt: 1_464_096_368)
        #expect(try Self.pythonCapabilityToken(issuedAt: 1_464_096_368, []) == token)
        // Valid from the start on, not a second before.
        #expect(throws: Never.self) {
            try Self.verifier.verify(token, as: ClientCapabilityClaims.self, at: 1_464_096_368)
        }
        #expect {
            try Self.verifier.verify(token, as: ClientCapabilityClaims.self, at: 1_464_096_367)
        } throws: {
            ($0 as? TokenError)?.code == .notYetValid
        }

        // With `with_ttl(600)`, exp is the start plus 600.
        let shorter = try ClientCapabilityToken(expiration: .ttl(600))
            .jwt(signedWith: Self.credentials, issuedAt: 1_464_096_368)
        try Self.expectCapabilityToken(shorter, scope: "", ttl: 600, issuedAt: 1_464_096_368)
        #expect(try Self.pythonCapabilityToken(issuedAt: 1_464_096_368, ttl: 600, []) == shorter)

        // ExTwilio's own token has no nbf; `notBefore: .omitted` gives its claims (its key order is its JSON map's).
        let withoutNotBefore = try ClientCapabilityToken(notBefore: .omitted)
            .jwt(signedWith: Self.credentials, issuedAt: 1_464_096_368)
        #expect(
            try Self.json(withoutNotBefore).payload == #"{"scope":"","iss":"\#(Self.accountSID)","exp":1464099968}"#)
    }

    /// [000], `token` (its example `ExTwilio.Capability.token`): signs the capability, with several capabilities if
    /// asked. Lines: page 1, ours 1.
    @Test("[000] ExTwilio.Capability.token signs a capability with several capabilities", .pythonReference)
    func exTwilioToken() throws {
        // Context, not counted: the capability being signed and the credentials.
        var capability = ClientCapabilityToken()
        capability.allowIncoming(clientName: "tommy")
        capability.allowOutgoing(applicationSID: "APabe7650f654fc34655fc81ae71caa3ff")
        let credentials = Self.credentials

        let token = try capability.jwt(signedWith: credentials)

        let issuedAt = try Self.expectCapabilityToken(
            token,
            scope: "scope:client:incoming?clientName=tommy "
                + "scope:client:outgoing?appSid=APabe7650f654fc34655fc81ae71caa3ff&clientName=tommy",
            ttl: 3600
        )
        let python = try Self.pythonCapabilityToken(
            issuedAt: issuedAt, [Self.incoming("tommy"), Self.outgoing("APabe7650f654fc34655fc81ae71caa3ff")])
        #expect(python == token)
    }

    /// [000], `with_account_sid` (its example `ExTwilio.Capability.with_account_sid('XXX')`). `with_account_sid` and
    /// `with_auth_token` together are one `AccountCredentials` value. Lines: page 1, ours 1. (`'XXX'` itself is refused: ``placeholderCredentials(_:)``.)
    @Test("[000] ExTwilio.Capability.with_account_sid: the issuer", .pythonReference)
    func exTwilioWithAccountSID() throws {
        let accountSID = Self.accountSID  // 'XXX' on the page: context, not counted
        let credentials = try AccountCredentials(accountSID: accountSID, authToken: Secret(Self.authToken))

        let token = try ClientCapabilityToken().jwt(signedWith: credentials)
        #expect(try UnverifiedToken(decoding: token).payload["iss"] == .string(Self.accountSID))
        let issuedAt = try Self.expectCapabilityToken(token, scope: "", ttl: 3600)
        #expect(try Self.pythonCapabilityToken(issuedAt: issuedAt, []) == token)
    }

    /// [000], `with_auth_token` (its example `ExTwilio.Capability.with_auth_token('XXX')`): the key that signs.
    /// Lines: page 1, ours 1.
    @Test("[000] ExTwilio.Capability.with_auth_token: the signing key", .pythonReference)
    func exTwilioWithAuthToken() throws {
        let authToken = Self.authToken  // 'XXX' on the page: context, not counted
        let credentials = try AccountCredentials(accountSID: Self.accountSID, authToken: Secret(authToken))

        let token = try ClientCapabilityToken().jwt(signedWith: credentials)
        let issuedAt = try Self.expectCapabilityToken(token, scope: "", ttl: 3600)
        #expect(try Self.pythonCapabilityToken(issuedAt: issuedAt, []) == token)
        // Another auth token of the same account does not verify it.
        let other = try AccountCredentials(
            accountSID: Self.accountSID, authToken: Secret(String(repeating: "f", count: 32)))
        #expect {
            try TokenVerifier(accounts: [other]).verify(token, as: ClientCapabilityClaims.self, at: issuedAt)
        } throws: {
            ($0 as? TokenError)?.code == .invalidSignature
        }
    }

    /// [000], `with_ttl` (its example `ExTwilio.Capability.with_ttl(3600)`). Lines: page 1, ours 1.
    @Test("[000] ExTwilio.Capability.with_ttl(3600)", .pythonReference)
    func exTwilioWithTTL() throws {
        let capability = ClientCapabilityToken(expiration: .ttl(3600))

        let token = try capability.jwt(signedWith: Self.credentials)
        let issuedAt = try Self.expectCapabilityToken(token, scope: "", ttl: 3600)
        #expect(try Self.pythonCapabilityToken(issuedAt: issuedAt, ttl: 3600, []) == token)
    }

    // MARK: - [001] twilio-ruby Twilio::Util::Capability (twilio-ruby 4.x and earlier)
    //
    // Setup (the section "Setup Work"): `account_sid = …`, `auth_token = …`, `capability = Twilio::Util::Capability.new …`,
    // 3 lines. Ours: the fake credentials, `AccountCredentials`, `ClientCapabilityToken`, 3 lines.

    /// [001], "Allow Incoming Calls". Lines: page 5 (3 setup + 2), ours 5.
    @Test("[001] twilio-ruby Util::Capability: allow incoming calls", .pythonReference)
    func rubyUtilIncoming() throws {
        let (accountSID, authToken) = (Self.accountSID, Self.authToken)
        let credentials = try AccountCredentials(accountSID: accountSID, authToken: Secret(authToken))
        var capability = ClientCapabilityToken()
        capability.allowIncoming(clientName: "andrew")
        let token = try capability.jwt(signedWith: credentials)

        let issuedAt = try Self.expectCapabilityToken(
            token, scope: "scope:client:incoming?clientName=andrew", ttl: 3600)
        #expect(try Self.pythonCapabilityToken(issuedAt: issuedAt, [Self.incoming("andrew")]) == token)
    }

    /// [001], "Allow Outgoing Calls". Lines: page 5 (3 setup + 2), ours 5.
    @Test("[001] twilio-ruby Util::Capability: allow outgoing calls", .pythonReference)
    func rubyUtilOutgoing() throws {
        let (accountSID, authToken) = (Self.accountSID, Self.authToken)
        let credentials = try AccountCredentials(accountSID: accountSID, authToken: Secret(authToken))
        var capability = ClientCapabilityToken()
        capability.allowOutgoing(applicationSID: "AP89a0180a1a4ddf1da954efca349b7a20")
        let token = try capability.jwt(signedWith: credentials)

        let issuedAt = try Self.expectCapabilityToken(
            token, scope: "scope:client:outgoing?appSid=AP89a0180a1a4ddf1da954efca349b7a20", ttl: 3600)
        let python = try Self.pythonCapabilityToken(
            issuedAt: issuedAt, [Self.outgoing("AP89a0180a1a4ddf1da954efca349b7a20")])
        #expect(python == token)
    }

    /// [001], "Allow Outgoing Calls With Parameters". Lines: page 6 (3 setup + 3), ours 6.
    @Test("[001] twilio-ruby Util::Capability: allow outgoing calls with parameters", .pythonReference)
    func rubyUtilOutgoingWithParameters() throws {
        let (accountSID, authToken) = (Self.accountSID, Self.authToken)
        let credentials = try AccountCredentials(accountSID: accountSID, authToken: Secret(authToken))
        var capability = ClientCapabilityToken()
        let params: ScopeParameters = ["user_id": "\(Self.user.id)"]
        capability.allowOutgoing(applicationSID: "AP89a0180a1a4ddf1da954efca349b7a20", params: params)
        let token = try capability.jwt(signedWith: credentials)

        let issuedAt = try Self.expectCapabilityToken(
            token, scope: "scope:client:outgoing?appParams=user_id%3D42&appSid=AP89a0180a1a4ddf1da954efca349b7a20",
            ttl: 3600)
        let python = try Self.pythonCapabilityToken(
            issuedAt: issuedAt, [Self.outgoing("AP89a0180a1a4ddf1da954efca349b7a20", [("user_id", "42")])])
        #expect(python == token)
    }

    /// [001], "Allow Multiple Capabilities". Lines: page 7 (3 setup + 4), ours 7.
    @Test("[001] twilio-ruby Util::Capability: allow multiple capabilities", .pythonReference)
    func rubyUtilMultipleCapabilities() throws {
        let (accountSID, authToken) = (Self.accountSID, Self.authToken)
        let credentials = try AccountCredentials(accountSID: accountSID, authToken: Secret(authToken))
        var capability = ClientCapabilityToken()
        capability.allowIncoming(clientName: "andrew")
        let params: ScopeParameters = ["user_id": "\(Self.user.id)"]
        capability.allowOutgoing(applicationSID: "AP89a0180a1a4ddf1da954efca349b7a20", params: params)
        let token = try capability.jwt(signedWith: credentials)

        let issuedAt = try Self.expectCapabilityToken(
            token,
            scope: "scope:client:incoming?clientName=andrew "
                + "scope:client:outgoing?appParams=user_id%3D42&appSid=AP89a0180a1a4ddf1da954efca349b7a20"
                + "&clientName=andrew",
            ttl: 3600
        )
        let python = try Self.pythonCapabilityToken(
            issuedAt: issuedAt,
            [Self.incoming("andrew"), Self.outgoing("AP89a0180a1a4ddf1da954efca349b7a20", [("user_id", "42")])]
        )
        #expect(python == token)
    }

    /// [001], "Change the TTL of the Token": `generate(5)` on the capability of the setup.
    /// Lines: page 4 (3 setup + 1), ours 4.
    @Test("[001] twilio-ruby Util::Capability: generate(5)", .pythonReference)
    func rubyUtilGenerateTTL() throws {
        let (accountSID, authToken) = (Self.accountSID, Self.authToken)
        let credentials = try AccountCredentials(accountSID: accountSID, authToken: Secret(authToken))
        let capability = ClientCapabilityToken(expiration: .ttl(5))
        let token = try capability.jwt(signedWith: credentials)

        let issuedAt = try Self.expectCapabilityToken(token, scope: "", ttl: 5)
        #expect(try Self.pythonCapabilityToken(issuedAt: issuedAt, ttl: 5, []) == token)
    }

    // MARK: - [002] ExTwilio.JWT.AccessToken (ExTwilio 0.10.0)
    //
    // ExTwilio writes a random `jti` and an `iat`; these tokens follow twilio-python 9.13 (`jti` `<key SID>-<issue
    // time>`, no `iat`), the byte reference. `tokenIdentifier: .unique` gives ExTwilio's random `jti`.

    /// [002], `new` ("Creates a new JWT access token.", its example `AccessToken.new(…)`): describes the token.
    /// Lines: page 8, ours 6.
    @Test("[002] ExTwilio.JWT.AccessToken.new(account_sid:, api_key:, api_secret:, identity:, expires_in:, grants:)")
    func exTwilioAccessTokenNew() throws {
        let (accountSID, apiKey, apiSecret, sid) = (
            Self.accountSID, Self.apiKeySID, Self.apiSecret, Self.chatServiceSID
        )
        let key = try APIKey(sid: apiKey, secret: Secret(apiSecret), accountSID: accountSID)
        let token = AccessToken(
            identity: "user@email.com", grants: [.chat(ChatGrant(serviceSID: sid))], expiration: .ttl(86_400))

        #expect(key.sid == Self.apiKeySID)
        #expect(key.accountSID == Self.accountSID)
        #expect(token.identity == "user@email.com")
        #expect(token.grants == [.chat(ChatGrant(serviceSID: Self.chatServiceSID))])
        #expect(token.expiration == .ttl(86_400))
    }

    /// [002], `to_jwt!` ("Converts an access token into a string JWT.", its example `AccessToken.to_jwt!(token)`).
    /// Lines: page 10, ours 7.
    @Test("[002] ExTwilio.JWT.AccessToken.to_jwt!", .pythonReference)
    func exTwilioAccessTokenToJWT() throws {
        let (accountSID, apiKey, apiSecret, sid) = (
            Self.accountSID, Self.apiKeySID, Self.apiSecret, Self.chatServiceSID
        )
        let key = try APIKey(sid: apiKey, secret: Secret(apiSecret), accountSID: accountSID)
        let token = AccessToken(
            identity: "user@email.com", grants: [.chat(ChatGrant(serviceSID: sid))], expiration: .ttl(86_400))
        let jwt = try token.jwt(signedWith: key)

        let (header, payload) = try Self.json(jwt)
        let issuedAt = try #require(try UnverifiedToken(decoding: jwt).payload["nbf"]?.intValue)
        #expect((UnixTime.now() - 60...UnixTime.now()).contains(issuedAt))
        #expect(header == #"{"alg":"HS256","cty":"twilio-fpa;v=1","typ":"JWT"}"#)
        #expect(
            payload
                == #"{"jti":"\#(Self.apiKeySID)-\#(issuedAt)","grants":{"chat":{"service_sid":"\#(Self.chatServiceSID)"},"#
                + #""identity":"user@email.com"},"iss":"\#(Self.apiKeySID)","exp":\#(issuedAt + 86_400),"#
                + #""nbf":\#(issuedAt),"sub":"\#(Self.accountSID)"}"#)
        let spec: JSONValue = [
            "accountSid": .string(Self.accountSID), "apiKeySid": .string(Self.apiKeySID),
            "apiKeySecret": .string(Self.apiSecret), "issuedAt": .int(issuedAt), "identity": "user@email.com",
            "ttl": 86_400, "grants": [["type": "chat", "serviceSid": .string(Self.chatServiceSID)]],
        ]
        #expect(try PythonReference.run("access", [spec]).arrayValue?.first?.stringValue == jwt)

        // ExTwilio's random `jti`: `<API key SID>-<32 random hex digits>`.
        var unique = token
        unique.tokenIdentifier = .unique
        let tokenID = try #require(
            try TokenVerifier(apiKeys: [key]).verify(unique.jwt(signedWith: key), as: AccessTokenClaims.self).claims
                .tokenID)
        #expect(tokenID.hasPrefix(Self.apiKeySID + "-"))
        #expect(tokenID.dropFirst(35).allSatisfy { "0123456789abcdef".contains($0) })
        #expect(tokenID.count == 34 + 1 + 32)
    }

    /// [002], `generate_and_sign/2`, `generate_and_sign!/2`, `verify_and_validate/3` and `verify_and_validate!/3`
    /// (under "Functions"). The page documents their signatures (`use Joken.Config` adds them), not examples; this
    /// is the migration guide's snippet, verbatim from `let key` to `let claims`, compiled and run. The signer is the
    /// `APIKey`; the validation context is the verification time and leeway. Lines: page 1 call each, ours 1 line
    /// each (plus the key, the token and the verifier, each made once).
    @Test(
        "[002] ExTwilio.JWT.AccessToken generate_and_sign(!) and verify_and_validate(!), as the migration guide maps them",
        .pythonReference)
    func exTwilioGenerateAndSignVerifyAndValidate() throws {
        let (apiKeySID, apiKeySecret, accountSID) = (Self.apiKeySID, Self.apiSecret, Self.accountSID)
        let serviceSID = Self.chatServiceSID

        let key = try APIKey(sid: apiKeySID, secret: Secret(apiKeySecret), accountSID: accountSID)
        let token = AccessToken(identity: "user@email.com", grants: [.chat(ChatGrant(serviceSID: serviceSID))])
        let now = 1_700_000_000  // Unix seconds; leave `issuedAt:` and `at:` out for the current time

        // {:ok, jwt, claims} = AccessToken.generate_and_sign(claims, signer)
        let minted = Result { try token.jwt(signedWith: key, issuedAt: now) }
        // jwt = AccessToken.generate_and_sign!(claims, signer)
        let jwt = try token.jwt(signedWith: key, issuedAt: now)

        let verifier = try TokenVerifier(apiKeys: [key], leeway: .seconds(0))
        // {:ok, claims} = AccessToken.verify_and_validate(jwt, signer, context)
        let verified = Result { try verifier.verify(jwt, as: AccessTokenClaims.self, at: now) }
        // claims = AccessToken.verify_and_validate!(jwt, signer, context)
        let claims = try verifier.verify(jwt, as: AccessTokenClaims.self, at: now).claims

        // Minting: both forms give the same bytes, twilio-python 9.13's.
        #expect(try minted.get() == jwt)
        #expect(
            try Self.json(jwt).payload
                == #"{"jti":"\#(Self.apiKeySID)-1700000000","grants":{"chat":{"service_sid":"\#(Self.chatServiceSID)"},"#
                + #""identity":"user@email.com"},"iss":"\#(Self.apiKeySID)","exp":1700003600,"nbf":1700000000,"#
                + #""sub":"\#(Self.accountSID)"}"#)
        let spec: JSONValue = [
            "accountSid": .string(Self.accountSID), "apiKeySid": .string(Self.apiKeySID),
            "apiKeySecret": .string(Self.apiSecret), "issuedAt": .int(now), "identity": "user@email.com",
            "grants": [["type": "chat", "serviceSid": .string(Self.chatServiceSID)]],
        ]
        #expect(try PythonReference.run("access", [spec]).arrayValue?.first?.stringValue == jwt)
        // Verifying: both forms give the same claims, exactly those minted.
        #expect(try verified.get().claims == claims)
        #expect(claims.identity == "user@email.com")
        #expect(claims.grants == [.chat(ChatGrant(serviceSID: Self.chatServiceSID))])
        #expect(claims.apiKeySID == Self.apiKeySID)
        #expect(claims.accountSID == Self.accountSID)
        #expect(claims.tokenID == Self.apiKeySID + "-1700000000")
        #expect(claims.notBefore == 1_700_000_000)
        #expect(claims.expiresAt == 1_700_003_600)
        #expect(claims.issuedAt == nil)

        // {:error, reason} and the `!` forms' exceptions: a token that cannot be minted, and an expired one.
        let unmintable = Result { try AccessToken(expiration: .ttl(0)).jwt(signedWith: key, issuedAt: now) }
        #expect(throws: TokenError(.invalidTTL, "ttl must be between 1 and 86400 seconds; got 0")) {
            try unmintable.get()
        }
        let expired = TokenError(
            .expired,
            "the token expired at 1700003600 (2023-11-14T23:13:20Z), 0 s before the verification time "
                + "1700003600 (2023-11-14T23:13:20Z), leeway 0 s"
        )
        #expect(throws: expired) {
            try Result { try verifier.verify(jwt, as: AccessTokenClaims.self, at: 1_700_003_600) }.get()
        }
        #expect(throws: expired) { try verifier.verify(jwt, as: AccessTokenClaims.self, at: 1_700_003_600).claims }
    }

    // MARK: - [003] twilio-ruby Twilio::JWT::ClientCapability (twilio-ruby 5.x and later)
    //
    // Setup (the section "Setup Work" under "Client Capability Tokens"): `account_sid = …`, `auth_token = …`, `capability = Twilio::JWT::ClientCapability.new …`,
    // 3 lines. Ours: the fake credentials, `AccountCredentials`, `ClientCapabilityToken`, 3 lines.

    /// [003], "Allow Incoming Calls". Lines: page 6 (3 setup + 3), ours 5.
    @Test("[003] twilio-ruby JWT::ClientCapability: IncomingClientScope, add_scope, to_s", .pythonReference)
    func rubyJWTIncoming() throws {
        let (accountSID, authToken) = (Self.accountSID, Self.authToken)
        let credentials = try AccountCredentials(accountSID: accountSID, authToken: Secret(authToken))
        var capability = ClientCapabilityToken()
        capability.add(.incoming(clientName: "john"))  // add_scope(IncomingClientScope.new 'john')
        let token = try capability.jwt(signedWith: credentials)

        let issuedAt = try Self.expectCapabilityToken(token, scope: "scope:client:incoming?clientName=john", ttl: 3600)
        #expect(try Self.pythonCapabilityToken(issuedAt: issuedAt, [Self.incoming("john")]) == token)
    }

    /// [003], "Allow Outgoing Calls": an outgoing scope that names the client without an incoming
    /// scope, which twilio-python's API cannot express; PyJWT checks the signature and decodes the claims instead.
    /// Lines: page 6 (3 setup + 3), ours 5.
    @Test("[003] twilio-ruby JWT::ClientCapability: OutgoingClientScope(app, client_name)", .pythonReference)
    func rubyJWTOutgoing() throws {
        let (accountSID, authToken) = (Self.accountSID, Self.authToken)
        let credentials = try AccountCredentials(accountSID: accountSID, authToken: Secret(authToken))
        var capability = ClientCapabilityToken()
        capability.add(.outgoing(applicationSID: "AP11111111111111111111111111111111", clientName: "john"))
        let token = try capability.jwt(signedWith: credentials)

        let scope = "scope:client:outgoing?appSid=AP11111111111111111111111111111111&clientName=john"
        try Self.expectCapabilityToken(token, scope: scope, ttl: 3600)
        #expect(try Self.pyJWTClaims(token) == .object(UnverifiedToken(decoding: token).payload))
        #expect(
            try Self.verifier.verify(token, as: ClientCapabilityClaims.self).claims.scopes == [
                .outgoing(applicationSID: "AP11111111111111111111111111111111", clientName: "john")
            ])
    }

    /// [003], "Allow Outgoing Calls With Parameters"; as above, PyJWT checks it. Lines: page 7 (3 setup + 4),
    /// ours 7.
    @Test("[003] twilio-ruby JWT::ClientCapability: OutgoingClientScope(app, client_name, params)", .pythonReference)
    func rubyJWTOutgoingWithParameters() throws {
        let (accountSID, authToken) = (Self.accountSID, Self.authToken)
        let credentials = try AccountCredentials(accountSID: accountSID, authToken: Secret(authToken))
        let params: ScopeParameters = ["user_id": "\(Self.user.id)"]
        let outgoingScope = ClientCapabilityToken.Scope.outgoing(
            applicationSID: "AP11111111111111111111111111111111", clientName: "john", params: params)
        let capability = ClientCapabilityToken(scopes: [outgoingScope])  // new + add_scope
        let token = try capability.jwt(signedWith: credentials)

        let scope =
            "scope:client:outgoing?appParams=user_id%3D42&appSid=AP11111111111111111111111111111111&clientName=john"
        try Self.expectCapabilityToken(token, scope: scope, ttl: 3600)
        #expect(try Self.pyJWTClaims(token) == .object(UnverifiedToken(decoding: token).payload))
        #expect(
            try Self.verifier.verify(token, as: ClientCapabilityClaims.self).claims.scopes == [
                .outgoing(applicationSID: "AP11111111111111111111111111111111", clientName: "john", params: params)
            ])
    }

    /// [003], "Allow Multiple Capabilities". Lines: page 10 (3 setup + 7), ours 8.
    @Test("[003] twilio-ruby JWT::ClientCapability: multiple capabilities", .pythonReference)
    func rubyJWTMultipleCapabilities() throws {
        let (accountSID, authToken) = (Self.accountSID, Self.authToken)
        let credentials = try AccountCredentials(accountSID: accountSID, authToken: Secret(authToken))
        let clientName = "john"
        let params: ScopeParameters = ["user_id": "\(Self.user.id)"]
        let outgoingScope = ClientCapabilityToken.Scope.outgoing(
            applicationSID: "AP11111111111111111111111111111111", clientName: clientName, params: params)
        let capability = ClientCapabilityToken(scopes: [.incoming(clientName: clientName), outgoingScope])
        let token = try capability.jwt(signedWith: credentials)

        let issuedAt = try Self.expectCapabilityToken(
            token,
            scope: "scope:client:incoming?clientName=john "
                + "scope:client:outgoing?appParams=user_id%3D42&appSid=AP11111111111111111111111111111111"
                + "&clientName=john",
            ttl: 3600
        )
        let python = try Self.pythonCapabilityToken(
            issuedAt: issuedAt,
            [Self.incoming("john"), Self.outgoing("AP11111111111111111111111111111111", [("user_id", "42")])]
        )
        #expect(python == token)
    }

    /// [003], "Change the TTL of the Token": `ClientCapability.new(@account_sid, @auth_token, ttl: 5)`. The page's
    /// credentials are instance variables set elsewhere, as ours are the suite's `credentials`. Lines: page 1,
    /// ours 1; the test signs it as `to_s` does.
    @Test("[003] twilio-ruby JWT::ClientCapability.new(…, ttl: 5)", .pythonReference)
    func rubyJWTTTL() throws {
        let capability = ClientCapabilityToken(expiration: .ttl(5))

        let token = try capability.jwt(signedWith: Self.credentials)
        let issuedAt = try Self.expectCapabilityToken(token, scope: "", ttl: 5)
        #expect(try Self.pythonCapabilityToken(issuedAt: issuedAt, ttl: 5, []) == token)
    }

    // MARK: - [004] twilio-python twilio.util.TwilioCapability (twilio-python 5.x and earlier)
    //
    // Setup (the code block under "Generate Capability Tokens"): `account_sid = …`, `auth_token = …`, `capability = TwilioCapability(…)`, 3 lines. Ours:
    // the fake credentials, `AccountCredentials`, `ClientCapabilityToken`, 3 lines. The page's sections build one
    // capability and then generate it; the two "Allow" examples are signed here with the page's `generate()`.
    // TwilioCapability wrote no `nbf`; its successor `ClientCapabilityToken` (6.x–9.x) is the byte reference.

    /// [004], "Allow Incoming Connections" and `generate()`. Lines: page 5 (3 setup + 1 + 1), ours 5.
    @Test("[004] twilio-python TwilioCapability: allow_client_incoming(\"Alice\")", .pythonReference)
    func pythonUtilIncoming() throws {
        let (accountSID, authToken) = (Self.accountSID, Self.authToken)
        let credentials = try AccountCredentials(accountSID: accountSID, authToken: Secret(authToken))
        var capability = ClientCapabilityToken()
        capability.allowIncoming(clientName: "Alice")
        let token = try capability.jwt(signedWith: credentials)

        let issuedAt = try Self.expectCapabilityToken(token, scope: "scope:client:incoming?clientName=Alice", ttl: 3600)
        #expect(try Self.pythonCapabilityToken(issuedAt: issuedAt, [Self.incoming("Alice")]) == token)
    }

    /// [004], "Allow Outgoing Connections" and `generate()`. Lines: page 6 (3 setup + 2 + 1), ours 6.
    @Test("[004] twilio-python TwilioCapability: allow_client_outgoing(application_sid)", .pythonReference)
    func pythonUtilOutgoing() throws {
        let (accountSID, authToken) = (Self.accountSID, Self.authToken)
        let credentials = try AccountCredentials(accountSID: accountSID, authToken: Secret(authToken))
        var capability = ClientCapabilityToken()
        let applicationSID = "APabe7650f654fc34655fc81ae71caa3ff"
        capability.allowOutgoing(applicationSID: applicationSID)
        let token = try capability.jwt(signedWith: credentials)

        let issuedAt = try Self.expectCapabilityToken(
            token, scope: "scope:client:outgoing?appSid=APabe7650f654fc34655fc81ae71caa3ff", ttl: 3600)
        let python = try Self.pythonCapabilityToken(
            issuedAt: issuedAt, [Self.outgoing("APabe7650f654fc34655fc81ae71caa3ff")])
        #expect(python == token)
    }

    /// [004], "Generate a Token": `generate()` of the page's capability (incoming and outgoing), valid one hour.
    /// Lines: page 7 (3 setup + 1 + 2 + 1), ours 7.
    @Test("[004] twilio-python TwilioCapability: generate()", .pythonReference)
    func pythonUtilGenerate() throws {
        let (accountSID, authToken) = (Self.accountSID, Self.authToken)
        let credentials = try AccountCredentials(accountSID: accountSID, authToken: Secret(authToken))
        var capability = ClientCapabilityToken()
        capability.allowIncoming(clientName: "Alice")
        let applicationSID = "APabe7650f654fc34655fc81ae71caa3ff"
        capability.allowOutgoing(applicationSID: applicationSID)
        let token = try capability.jwt(signedWith: credentials)

        let issuedAt = try Self.expectCapabilityToken(
            token,
            scope: "scope:client:incoming?clientName=Alice "
                + "scope:client:outgoing?appSid=APabe7650f654fc34655fc81ae71caa3ff&clientName=Alice",
            ttl: 3600
        )
        let python = try Self.pythonCapabilityToken(
            issuedAt: issuedAt, [Self.incoming("Alice"), Self.outgoing("APabe7650f654fc34655fc81ae71caa3ff")])
        #expect(python == token)
    }

    /// [004], "Generate a Token", `generate(expires=600)`: the page's capability, valid ten minutes. Lines: page 7
    /// (3 setup + 1 + 2 + 1), ours 7.
    @Test("[004] twilio-python TwilioCapability: generate(expires=600)", .pythonReference)
    func pythonUtilGenerateExpires() throws {
        let (accountSID, authToken) = (Self.accountSID, Self.authToken)
        let credentials = try AccountCredentials(accountSID: accountSID, authToken: Secret(authToken))
        var capability = ClientCapabilityToken(expiration: .ttl(600))
        capability.allowIncoming(clientName: "Alice")
        let applicationSID = "APabe7650f654fc34655fc81ae71caa3ff"
        capability.allowOutgoing(applicationSID: applicationSID)
        let token = try capability.jwt(signedWith: credentials)

        let issuedAt = try Self.expectCapabilityToken(
            token,
            scope: "scope:client:incoming?clientName=Alice "
                + "scope:client:outgoing?appSid=APabe7650f654fc34655fc81ae71caa3ff&clientName=Alice",
            ttl: 600
        )
        let python = try Self.pythonCapabilityToken(
            issuedAt: issuedAt, ttl: 600,
            [Self.incoming("Alice"), Self.outgoing("APabe7650f654fc34655fc81ae71caa3ff")]
        )
        #expect(python == token)
    }

    // MARK: - The documents' placeholder credentials

    struct Placeholder: Sendable, CustomTestStringConvertible {
        let name: String
        let error: TokenError
        let make: @Sendable () throws(TokenError) -> Void
        var testDescription: String { self.name }
    }

    static let sidShape = "must be 'AC' followed by 32 lower-case hex digits; got"
    static func shortSecret(_ bytes: Int) -> TokenError {
        TokenError(
            .weakSecret,
            "the secret is \(bytes) bytes long; Twilio secrets are 32 characters and HS256 needs at least 32 bytes "
                + "(use Secret(insecureShortSecret:) only to interoperate with an existing short key)"
        )
    }

    static let placeholders: [Placeholder] = [
        Placeholder(
            name: "[000] with_account_sid('XXX')",
            error: TokenError(
                .invalidSID, "account SID \(sidShape) 3 characters that do not start with a Twilio SID prefix"),
            make: { () throws(TokenError) in _ = try AccountCredentials(accountSID: "XXX", authToken: Secret(authToken))
            }
        ),
        Placeholder(
            name: "[000] with_auth_token('XXX')", error: shortSecret(3),
            make: { () throws(TokenError) in _ = try Secret("XXX") }
        ),
        Placeholder(
            name: "[001] account_sid 'AC043dcf9844e13758bc3a36a84c29761' (31 hex digits)",
            error: TokenError(.invalidSID, "account SID \(sidShape) 33 characters starting 'AC'"),
            make: { () throws(TokenError) in
                _ = try AccountCredentials(
                    accountSID: "AC043dcf9844e13758bc3a36a84c29761", authToken: Secret(authToken))
            }
        ),
        Placeholder(
            name: "[002] api_key: \"api_key\"",
            error: TokenError(
                .invalidSID,
                "API key SID must be 'SK' followed by 32 lower-case hex digits; got 7 characters that do not start "
                    + "with a Twilio SID prefix"
            ),
            make: { () throws(TokenError) in
                _ = try APIKey(sid: "api_key", secret: Secret(apiSecret), accountSID: accountSID)
            }
        ),
        Placeholder(
            name: "[002] account_sid: \"account_sid\"",
            error: TokenError(
                .invalidSID, "account SID \(sidShape) 11 characters that do not start with a Twilio SID prefix"),
            make: { () throws(TokenError) in
                _ = try APIKey(sid: apiKeySID, secret: Secret(apiSecret), accountSID: "account_sid")
            }
        ),
        Placeholder(
            name: "[002] api_secret: \"secret\"", error: shortSecret(6),
            make: { () throws(TokenError) in _ = try Secret("secret") }
        ),
        Placeholder(
            name: "[002] ChatGrant.new(service_sid: \"sid\")",
            error: TokenError(
                .invalidSID,
                "chat.service_sid must be 'IS' followed by 32 lower-case hex digits; got 3 characters that do not "
                    + "start with a Twilio SID prefix"
            ),
            make: { () throws(TokenError) in
                let key = try APIKey(sid: apiKeySID, secret: Secret(apiSecret), accountSID: accountSID)
                _ = try AccessToken(grants: [.chat(ChatGrant(serviceSID: "sid"))]).jwt(signedWith: key)
            }
        ),
        Placeholder(
            name: "[003] account_sid 'ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'",
            error: TokenError(.invalidSID, "account SID \(sidShape) 31 characters starting 'AC'"),
            make: { () throws(TokenError) in
                _ = try AccountCredentials(accountSID: "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", authToken: Secret(authToken))
            }
        ),
        Placeholder(
            name: "[003] auth_token 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy' (31 characters)", error: shortSecret(31),
            make: { () throws(TokenError) in _ = try Secret("yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy") }
        ),
        Placeholder(
            name: "[004] account_sid \"AC123123\"",
            error: TokenError(.invalidSID, "account SID \(sidShape) 8 characters starting 'AC'"),
            make: { () throws(TokenError) in
                _ = try AccountCredentials(accountSID: "AC123123", authToken: Secret(authToken))
            }
        ),
        Placeholder(
            name: "[004] auth_token \"secret\"", error: shortSecret(6),
            make: { () throws(TokenError) in _ = try Secret("secret") }
        ),
    ]

    /// Why the examples use fake credentials: each placeholder of the documents is refused with a specific error.
    /// ([001]'s auth token placeholder, 32 hex digits, has the shape of a real one and is accepted.)
    @Test("the documents' placeholder credentials are refused with a specific error", arguments: placeholders)
    func placeholderCredentials(_ placeholder: Placeholder) {
        #expect(throws: placeholder.error) { try placeholder.make() }
    }

    @Test("[001]'s auth token placeholder has the shape of a real auth token")
    func rubyUtilAuthTokenPlaceholder() {
        #expect(throws: Never.self) { try Secret("62ea81de3a5b413254eb263595357c69") }
    }
}
