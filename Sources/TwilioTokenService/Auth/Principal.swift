#if TokenService
/// Who is asking for a token, once authenticated: the name rate limits and audit lines use, and what the caller may
/// ask for.
public struct Principal: Sendable, Hashable {
    /// How the principal authenticated.
    public enum Kind: String, Sendable, Hashable {
        /// An ID token from the application's identity provider (`auth.mode: jwt`).
        case jwt
        /// A static service key (`auth.mode: bearer`).
        case bearer
        /// Nobody: `auth.mode: none`, local development only.
        case anonymous
        /// A user the application authenticated itself (``CallerAuthentication/application``).
        case application
    }

    /// How the principal authenticated.
    public let kind: Kind
    /// The name in logs and rate limits: the bearer principal's configured name, `jwt:` and the identity for an ID
    /// token, `anonymous` for `auth: none`.
    public let name: String
    /// The identity the credential binds (the ID token's identity claim), which the request cannot change; `nil`
    /// when the request chooses within ``allowedIdentities``.
    public let boundIdentity: String?
    /// The identities the request may name when no identity is bound; `nil` for any (only `auth: none`).
    public let allowedIdentities: Set<String>?
    /// The profiles the principal may use; `nil` for all.
    public let allowedProfiles: Set<String>?

    /// A principal.
    public init(
        kind: Kind,
        name: String,
        boundIdentity: String? = nil,
        allowedIdentities: Set<String>? = nil,
        allowedProfiles: Set<String>? = nil
    ) {
        self.kind = kind
        self.name = name
        self.boundIdentity = boundIdentity
        self.allowedIdentities = allowedIdentities
        self.allowedProfiles = allowedProfiles
    }

    /// A user the application authenticated itself (a Vapor app's `req.auth`), bound to the Twilio identity it owns:
    /// a request cannot name another one.
    ///
    /// - Parameters:
    ///   - identity: The Twilio identity of the user, from the application's own account (not from the request).
    ///   - profiles: The profiles the user may use; `nil` for all.
    public static func application(identity: String, profiles: Set<String>? = nil) -> Principal {
        Principal(kind: .application, name: "app:\(identity)", boundIdentity: identity, allowedProfiles: profiles)
    }

    /// The caller of a service with `auth.mode: none`.
    public static let anonymous = Principal(kind: .anonymous, name: "anonymous")
}
#endif
