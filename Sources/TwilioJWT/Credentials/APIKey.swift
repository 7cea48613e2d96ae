/// An API key of a Twilio account: the credentials that sign access tokens.
///
/// An access token names the API key that signed it (`iss`) and the account the key belongs to (`sub`),
/// and is signed with the key's secret. Create one `APIKey` when your server starts and reuse it: the
/// HMAC key schedule is computed once here, not per token.
///
/// ```swift
/// let key = try APIKey(
///     sid: "SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
///     secret: Secret(environment["TWILIO_API_SECRET"] ?? ""),
///     accountSID: "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
/// )
/// ```
///
/// Create API keys in the Twilio Console or with the REST API. Restricted API keys cannot mint access
/// tokens (Twilio error 20160), and a key works only in the Twilio Region it was created in.
public struct APIKey: Sendable {
    /// The API key SID (`SK…`), written as the token's issuer (`iss`).
    public let sid: String
    /// The SID of the account that owns the key (`AC…`), written as the token's subject (`sub`).
    public let accountSID: String
    package let signingKey: HS256Key

    /// Creates API key credentials, checking both SIDs.
    ///
    /// - Parameters:
    ///   - sid: The API key SID, `SK` followed by 32 lower-case hex digits.
    ///   - secret: The API key's secret.
    ///   - accountSID: The account SID, `AC` followed by 32 lower-case hex digits.
    /// - Throws: ``TokenError/Code-swift.struct/invalidSID`` naming the SID that is malformed.
    public init(sid: String, secret: Secret, accountSID: String) throws(TokenError) {
        try SIDKind.apiKey.validate(sid, field: "API key SID")
        try SIDKind.account.validate(accountSID, field: "account SID")
        self.sid = sid
        self.accountSID = accountSID
        self.signingKey = HS256Key(secret)
    }
}

extension APIKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "APIKey(sid: \(self.sid), accountSID: \(self.accountSID), secret: <redacted>)" }
    public var debugDescription: String { self.description }
    public var customMirror: Mirror {
        Mirror(self, children: ["sid": self.sid, "accountSID": self.accountSID], displayStyle: .struct)
    }
}
