import TwilioJWT
import _CryptoExtras

/// The tokens every measurement uses (the ordo-one benchmarks, `Compare`, and through `Compare --print-tokens`
/// the Python script of compare.sh), made with the obviously fake credentials of the library's reference vectors.
///
/// The access token is the README's: identity `alice`, a Voice grant (incoming allowed; outgoing to the TwiML app
/// `APccc…c` with the parameters `{"customer":42}`) and a Video grant (room `DailyStandup`), issued at
/// 1700000000 for an hour: 600 bytes.
public enum Fixtures {
    public static let accountSID = "AC" + String(repeating: "a", count: 32)
    public static let apiKeySID = "SK" + String(repeating: "b", count: 32)
    /// The API key secret of the access token, and the auth token of the capability and TaskRouter tokens.
    public static let secret = "abcdefghijklmnopqrstuvwxyz012345"
    public static let applicationSID = "AP" + String(repeating: "c", count: 32)
    public static let credentialSID = "CR" + String(repeating: "d", count: 32)
    public static let workspaceSID = "WS" + String(repeating: "e", count: 32)
    public static let workerSID = "WK" + String(repeating: "f", count: 32)

    public static let identity = "alice"
    public static let voiceParams: JSONObject = ["customer": 42]
    public static let room = "DailyStandup"
    /// The two outgoing parameters of the capability token, in this order.
    public static let capabilityParams: ScopeParameters = ["plan": "pro", "customer": "42"]

    /// The issue time of every token.
    public static let issuedAt = 1_700_000_000
    /// A verification time inside every token's validity (the Client Validation token lives 300 seconds).
    public static let verifiedAt = issuedAt + 60

    public static let apiKey: APIKey = try! APIKey(sid: apiKeySID, secret: Secret(secret), accountSID: accountSID)
    public static let account: AccountCredentials = try! AccountCredentials(
        accountSID: accountSID, authToken: Secret(secret))

    public static let accessToken: AccessToken = {
        var token = AccessToken(identity: identity)
        token.grants.voice = VoiceGrant(
            incomingAllowed: true,
            outgoing: .init(applicationSID: applicationSID, params: voiceParams)
        )
        token.grants.video = VideoGrant(room: room)
        return token
    }()

    public static let capabilityToken: ClientCapabilityToken = {
        var token = ClientCapabilityToken()
        token.allowIncoming(clientName: identity)
        token.allowOutgoing(applicationSID: applicationSID, params: capabilityParams)
        return token
    }()

    /// A TaskRouter worker token with the default worker capabilities.
    public static let workerToken = TaskRouterCapabilityToken.worker(workspaceSID: workspaceSID, workerSID: workerSID)

    /// A request as twilio-python's `ValidationClient` signs it: a form POST with `Authorization` and `Host`.
    public static let validationToken = ClientValidationToken(
        request: try! ClientValidationRequest(
            method: "POST",
            url: "https://api.twilio.com/2010-04-01/Accounts/\(accountSID)/Messages.json",
            headers: [
                ("Authorization", "Basic QUNhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYTpzZWNyZXQ="),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            body: Array("To=%2B15558675310&From=%2B15017122661&Body=Hello".utf8)
        ),
        algorithm: .rs256
    )

    /// A 2048-bit RSA key made for this process (there is no key to keep in the repository).
    public static let validationKey: ClientValidationKey = {
        let privateKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
        return try! ClientValidationKey(
            credentialSID: credentialSID, apiKeySID: apiKeySID, accountSID: accountSID,
            privateKeyPEM: privateKey.pemRepresentation)
    }()

    /// Accepts every token above.
    public static let verifier: TokenVerifier = try! TokenVerifier(
        apiKeys: [apiKey], accounts: [account], validationKeys: [validationKey.publicKey])

    public static func mintAccess() throws -> String {
        try accessToken.jwt(signedWith: apiKey, issuedAt: issuedAt)
    }

    public static func mintCapability() throws -> String {
        try capabilityToken.jwt(signedWith: account, issuedAt: issuedAt)
    }

    public static func mintWorker() throws -> String {
        try workerToken.jwt(signedWith: account, issuedAt: issuedAt)
    }

    public static func mintValidation() throws -> String {
        try validationToken.jwt(signedWith: validationKey, issuedAt: issuedAt)
    }
}
