#if TokenService
import TwilioWebhooks

/// The Voice webhooks the service answers (`voice:` in the config file): how it checks that Twilio sent a request,
/// and whom an outgoing call may reach.
///
/// A Voice grant's TwiML App sends every call a client places to the App's Voice URL, `POST /v1/voice/outgoing`; the
/// answer decides whom the call reaches. Without a policy, anyone with a token, or anyone at all if the URL is not
/// validated, can call any number on the account's bill. So: only requests with a valid `X-Twilio-Signature` are
/// answered, calls go to other clients only unless numbers are allowed by prefix, and a blocked prefix always wins
/// over a shorter allowed one.
public struct VoiceSettings: Sendable {
    /// Checks `X-Twilio-Signature` with the Auth Tokens (`twilio.auth_token_*`, `twilio.secondary_auth_token_*`) and
    /// the SharedKeys (`voice.shared_keys`).
    public let validator: WebhookValidator
    /// The URL Twilio calls the server at, without the route (`https://voice.example.com`); `nil` to take it from a
    /// trusted proxy's `X-Forwarded-Proto` and `X-Forwarded-Host`.
    public let publicBaseURL: WebhookBaseURL?
    /// The caller ID of calls to numbers: a Twilio number or a verified caller ID of the account, E.164.
    public let callerID: String?
    /// The E.164 prefixes a call may dial (`+1`, `+4420`); empty: calls to numbers are refused.
    public let allowedNumberPrefixes: [String]
    /// Prefixes refused even when an allowed prefix matches, unless an allowed prefix at least as long matches too.
    public let blockedNumberPrefixes: [String]
    /// The client identity that calls to the account's numbers ring (`POST /v1/voice/incoming`); `nil` to refuse them.
    public let incomingClient: String?

    /// Premium-rate prefixes of the North American Numbering Plan, blocked unless configured otherwise: 900 and 976
    /// numbers bill the caller per minute (https://www.fcc.gov/consumers/guides/understanding-your-telephone-bill,
    /// "pay-per-call"). Twilio's Voice Geographic Permissions (Console) are the account-wide control over the rest.
    public static let defaultBlockedNumberPrefixes = ["+1900", "+1976"]

    /// Settings. Prefixes are `+` and 1 to 15 digits; the caller ID is E.164; a caller ID is required when numbers
    /// are allowed; the incoming client is a valid client identity.
    public init(
        validator: WebhookValidator,
        publicBaseURL: WebhookBaseURL?,
        callerID: String? = nil,
        allowedNumberPrefixes: [String] = [],
        blockedNumberPrefixes: [String] = VoiceSettings.defaultBlockedNumberPrefixes,
        incomingClient: String? = nil
    ) throws(ConfigurationError) {
        for prefix in allowedNumberPrefixes where !Self.isPrefix(prefix) {
            throw ConfigurationError(
                key: "voice.allowed_number_prefixes", "`\(prefix.prefix(32))` is not `+` followed by 1 to 15 digits")
        }
        for prefix in blockedNumberPrefixes where !Self.isPrefix(prefix) {
            throw ConfigurationError(
                key: "voice.blocked_number_prefixes", "`\(prefix.prefix(32))` is not `+` followed by 1 to 15 digits")
        }
        if let callerID, !VoiceCallPolicy.isE164(callerID) {
            throw ConfigurationError(key: "voice.caller_id", "must be an E.164 number such as +15005550006")
        }
        if !allowedNumberPrefixes.isEmpty, callerID == nil {
            throw ConfigurationError(
                key: "voice.caller_id",
                "required when voice.allowed_number_prefixes is set: calls to numbers need a Twilio number or a "
                    + "verified caller ID")
        }
        if let incomingClient, let problem = VoiceCallPolicy.identityProblem(incomingClient) {
            throw ConfigurationError(key: "voice.incoming_client", problem)
        }
        self.validator = validator
        self.publicBaseURL = publicBaseURL
        self.callerID = callerID
        self.allowedNumberPrefixes = allowedNumberPrefixes
        self.blockedNumberPrefixes = blockedNumberPrefixes
        self.incomingClient = incomingClient
    }

    private static func isPrefix(_ text: String) -> Bool {
        let digits = text.utf8.dropFirst()
        return text.utf8.first == UInt8(ascii: "+") && (1...15).contains(digits.count)
            && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
#endif
