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
/// let credentials = try AccountCredentials.fromEnvironment()
/// ```
public struct AccountCredentials: Sendable {
    /// The account SID (`AC…`), written as the token's issuer.
    public let accountSID: String
    package let signingKey: HS256Key

    /// Creates account credentials, checking the account SID.
    ///
    /// - Throws: ``TokenError/Code-swift.struct/invalidSID`` if `accountSID` is not `AC` followed by 32 lower-case
    ///   hex digits.
    public init(accountSID: String, authToken: Secret) throws(TokenError) {
        try SIDKind.account.validate(accountSID, field: "account SID")
        self.accountSID = accountSID
        self.signingKey = HS256Key(authToken)
    }

    /// The environment variable ``fromEnvironment(_:)`` reads the account SID from.
    public static let accountSIDVariable = "TWILIO_ACCOUNT_SID"
    /// The environment variable ``fromEnvironment(_:)`` reads the auth token from.
    public static let authTokenVariable = "TWILIO_AUTH_TOKEN"

    /// Reads the credentials from `TWILIO_ACCOUNT_SID` and `TWILIO_AUTH_TOKEN`, the variables Twilio's
    /// helper libraries and CLI use.
    ///
    /// - Parameter environment: The environment to read; the process environment by default.
    /// - Throws: ``TokenError/Code-swift.struct/missingCredential`` naming the variable that is unset or empty,
    ///   or the errors of ``init(accountSID:authToken:)`` and ``Secret/init(_:)``.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(TokenError) -> AccountCredentials {
        guard let accountSID = environment[accountSIDVariable], !accountSID.isEmpty else {
            throw TokenError.missingVariable(accountSIDVariable, holding: "the account SID")
        }
        guard let authToken = environment[authTokenVariable], !authToken.isEmpty else {
            throw TokenError.missingVariable(authTokenVariable, holding: "the account's auth token")
        }
        return try AccountCredentials(accountSID: accountSID, authToken: Secret(authToken))
    }
}

extension AccountCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "AccountCredentials(accountSID: \(self.accountSID), authToken: <redacted>)" }
    public var debugDescription: String { self.description }
    public var customMirror: Mirror { Mirror(self, children: ["accountSID": self.accountSID], displayStyle: .struct) }
}

extension TokenError {
    static func missingVariable(_ name: String, holding what: String) -> TokenError {
        TokenError(.missingCredential, "the environment variable \(name) (\(what)) is not set")
    }
}
