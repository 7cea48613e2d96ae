@_spi(Engine) import TwilioJWTEngine

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An account SID and its auth token: the credentials that sign Client capability tokens and TaskRouter
/// capability tokens.
///
/// These tokens name the account as their issuer (`iss`) and are signed with the account's auth token.
/// (Access tokens are signed with an ``APIKey`` instead; prefer them for new applications, because API keys
/// can be revoked one by one while rotating the auth token breaks every integration at once.)
///
/// ```swift
/// let credentials = try AccountCredentials(accountSID: "AC…", authToken: Secret(authToken))
/// // or, reading TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN:
/// let credentials = try AccountCredentials(environment: ProcessInfo.processInfo.environment)
/// ```
public struct AccountCredentials: Sendable {
    /// The account SID (`AC…`), written as the token's issuer.
    public let accountSID: String
    let signingKey: HS256Key

    /// Creates account credentials, checking the account SID.
    ///
    /// - Throws: ``TokenError/Code-swift.struct/invalidSID`` if `accountSID` is not `AC` followed by 32 lower-case
    ///   hex digits.
    public init(accountSID: String, authToken: Secret) throws(TokenError) {
        try SIDKind.account.validate(accountSID, field: "account SID")
        self.accountSID = accountSID
        self.signingKey = HS256Key(authToken.key)
    }
}

extension AccountCredentials {
    /// The environment variables the account SID is read from, in order: Twilio's own name, then the quickstarts'.
    public static let accountSIDVariables = ["TWILIO_ACCOUNT_SID", "ACCOUNT_SID"]
    /// The environment variables the auth token is read from, in order.
    public static let authTokenVariables = ["TWILIO_AUTH_TOKEN", "AUTH_TOKEN"]

    /// Reads the credentials from the environment: the account SID from the first of ``accountSIDVariables`` that is
    /// set and not empty (`TWILIO_ACCOUNT_SID`), the auth token from ``authTokenVariables`` (`TWILIO_AUTH_TOKEN`) —
    /// the names Twilio's helper libraries and CLI use, then those of Twilio's quickstart servers. `twilio-token`
    /// reads the same.
    ///
    /// - Parameter environment: The environment to read; the process environment by default.
    /// - Throws: ``TokenError/Code-swift.struct/missingCredential`` naming the variable that is unset or empty,
    ///   or the errors of ``init(accountSID:authToken:)`` and ``Secret/init(_:)``.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(TokenError) {
        let accountSID = try Self.variable(Self.accountSIDVariables, holding: "the account SID", in: environment)
        let authToken = try Self.variable(Self.authTokenVariables, holding: "the account's auth token", in: environment)
        try self.init(accountSID: accountSID, authToken: Secret(authToken))
    }

    /// The value of the first of `names` set and not empty in `environment`.
    static func variable(
        _ names: [String],
        holding what: String,
        in environment: [String: String]
    ) throws(TokenError) -> String {
        for name in names {
            if let value = environment[name], !value.isEmpty { return value }
        }
        let alternatives = names.dropFirst().joined(separator: ", ")
        throw TokenError(
            .missingCredential,
            "the environment variable \(names[0]) (\(what)) is not set"
                + (alternatives.isEmpty ? "" : " (nor \(alternatives))")
        )
    }
}

extension AccountCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "AccountCredentials(accountSID: \(self.accountSID), authToken: <redacted>)" }
    public var debugDescription: String { self.description }
    public var customMirror: Mirror { Mirror(self, children: ["accountSID": self.accountSID], displayStyle: .struct) }
}
