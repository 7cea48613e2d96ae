@_spi(Engine) import TwilioJWTEngine

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An API key of a Twilio account: the credentials that sign access tokens.
///
/// An access token names the API key that signed it (`iss`) and the account the key belongs to (`sub`),
/// and is signed with the key's secret. Create one `APIKey` when your server starts and reuse it: the
/// HMAC key schedule is computed once here, not per token.
///
/// ```swift
/// let key = try APIKey(
///     sid: "SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
///     secret: Secret(apiKeySecret),
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
    let signingKey: HS256Key

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
        self.signingKey = HS256Key(secret.key)
    }
}

extension APIKey {
    /// The environment variables the API key SID is read from, in order: Twilio's own names, then the quickstarts'.
    public static let sidVariables = ["TWILIO_API_KEY", "TWILIO_API_KEY_SID", "API_KEY", "API_KEY_SID"]
    /// The environment variables the API key secret is read from, in order.
    public static let secretVariables = ["TWILIO_API_SECRET", "TWILIO_API_KEY_SECRET", "API_KEY_SECRET", "API_SECRET"]

    /// Reads the key from the environment: its SID from the first of ``sidVariables`` that is set and not empty
    /// (`TWILIO_API_KEY`), its secret from ``secretVariables`` (`TWILIO_API_SECRET`), and the account SID from
    /// ``AccountCredentials/accountSIDVariables`` (`TWILIO_ACCOUNT_SID`) — the names Twilio's helper libraries and
    /// CLI use, then those of Twilio's quickstart servers. `twilio-token` reads the same.
    ///
    /// - Parameter environment: The environment to read; the process environment by default.
    /// - Throws: ``TokenError/Code-swift.struct/missingCredential`` naming the variable that is unset or empty,
    ///   or the errors of ``init(sid:secret:accountSID:)`` and ``Secret/init(_:)``.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(TokenError) {
        let sid = try AccountCredentials.variable(Self.sidVariables, holding: "the API key SID", in: environment)
        let secret = try AccountCredentials.variable(
            Self.secretVariables, holding: "the API key secret", in: environment)
        let accountSID = try AccountCredentials.variable(
            AccountCredentials.accountSIDVariables, holding: "the account SID", in: environment)
        try self.init(sid: sid, secret: Secret(secret), accountSID: accountSID)
    }
}

extension APIKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "APIKey(sid: \(self.sid), accountSID: \(self.accountSID), secret: <redacted>)" }
    public var debugDescription: String { self.description }
    public var customMirror: Mirror {
        Mirror(self, children: ["sid": self.sid, "accountSID": self.accountSID], displayStyle: .struct)
    }
}
