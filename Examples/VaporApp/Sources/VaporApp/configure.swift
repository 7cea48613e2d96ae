import JWT
import TwilioVapor
import Vapor

/// Sets the app up from its environment:
///
/// - `APP_LOGIN_SECRET`: the HS256 key of the app's own login tokens (at least 32 bytes);
/// - `TWILIO_ACCOUNT_SID`, `TWILIO_API_KEY`, `TWILIO_API_SECRET`, `TWILIO_REGION`: the account and the key that signs
///   tokens, with the names of Twilio's CLI and helper libraries;
/// - `TWILIO_TWIML_APP_SID`: the TwiML App whose Voice URL is this app's `/v1/voice/outgoing`;
/// - `PUBLIC_BASE_URL` and `TWILIO_AUTH_TOKEN`: the URL Twilio calls the app at and the token it signs webhooks with;
///   without `PUBLIC_BASE_URL` the Voice webhooks are not served.
func configure(_ app: Application, environment: [String: String] = ProcessInfo.processInfo.environment) async throws {
    guard let loginSecret = environment["APP_LOGIN_SECRET"], loginSecret.utf8.count >= 32 else {
        throw ConfigurationError(key: "APP_LOGIN_SECRET", "set it to the app's login token key, at least 32 bytes")
    }
    await app.jwt.keys.add(hmac: HMACKey(from: loginSecret), digestAlgorithm: .sha256)

    var voice: VoiceSettings?
    if let base = environment["PUBLIC_BASE_URL"] {
        voice = try VoiceSettings(
            validator: .environment(environment), publicBaseURL: try WebhookBaseURL(base),
            incomingClient: environment["VOICE_INCOMING_CLIENT"])
    }
    try app.twilio.configure(
        twilio: .environment(environment),
        profiles: [
            try TokenProfile(
                name: "voice", ttl: 3600,
                voice: .init(incoming: true, outgoingApplicationSID: environment["TWILIO_TWIML_APP_SID"]))
        ],
        compatibility: CompatibilityRoutes(accessToken: "voice", tokenGet: "voice"),
        voice: voice)

    try app.register(
        collection: TwilioTokenRoutes(
            service: app.twilio.service, callers: .users(User.self, authenticators: [User.authenticator()])))
    if voice != nil {
        try app.register(collection: TwilioVoiceRoutes(service: app.twilio.service))
    }

    // A route of the app's own that hands the signed-in user a token with its profile.
    app.grouped(User.authenticator(), User.guardMiddleware()).get("me", "voice-token") { request in
        let issued = try request.twilio.accessToken(profile: "voice", as: User.self)
        return ["identity": issued.identity, "token": issued.token]
    }
}
