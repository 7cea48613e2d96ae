#if TokenService
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How callers of the token routes authenticate (`auth.mode`).
public enum CallerAuthentication: Sendable {
    /// `jwt`: an ID token from the application's own identity provider, verified against its JWKS; the Twilio identity
    /// is one of its claims.
    case jwt(JWTCallerSettings)
    /// `bearer`: static service keys, each bound to a principal, the identities it may ask for and its profiles.
    case bearer([BearerPrincipal])
    /// `none`: anyone may ask for any identity. For local development with the quickstart apps, on loopback only.
    case none
    /// The application the service is mounted in authenticates callers itself (a Vapor app's `req.auth`) and hands
    /// the service a ``Principal`` (``Principal/application(identity:profiles:)``). Never read from a config file:
    /// the service's own authentication (``TokenService/authenticate(authorization:)``) refuses every caller.
    case application

    /// The configuration name of the mode.
    public var mode: String {
        switch self {
        case .jwt: "jwt"
        case .bearer: "bearer"
        case .none: "none"
        case .application: "application"
        }
    }
}

/// `auth.jwt`: how callers' ID tokens are verified.
public struct JWTCallerSettings: Sendable, Hashable {
    /// Where the identity provider's public keys come from.
    public enum KeySource: Sendable, Hashable {
        /// A JWKS document on disk, read at start (and on reload).
        case file(String)
        /// A JWKS document over HTTPS, fetched at start, cached, and fetched again when a token names a key it does
        /// not hold (at most once per ``JWTCallerSettings/refreshInterval``).
        case url(URL)
    }

    /// The algorithms an ID token may be signed with.
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        case rs256 = "RS256"
        case rs384 = "RS384"
        case rs512 = "RS512"
        case ps256 = "PS256"
        case ps384 = "PS384"
        case ps512 = "PS512"
        case es256 = "ES256"
        case es384 = "ES384"
        case es512 = "ES512"
        case eddsa = "EdDSA"

        /// The JWK key type (`kty`) that verifies this algorithm.
        var keyType: String {
            switch self {
            case .rs256, .rs384, .rs512, .ps256, .ps384, .ps512: "RSA"
            case .es256, .es384, .es512: "EC"
            case .eddsa: "OKP"
            }
        }
    }

    /// Where the public keys come from.
    public var keySource: KeySource
    /// The required `iss`, exactly.
    public var issuer: String
    /// The required audience: one of the token's `aud` values.
    public var audience: String
    /// The claim whose string value is the Twilio identity; `sub` by default.
    public var identityClaim: String
    /// The algorithms accepted; `HS*` and `none` are never allowed (a shared secret is not a public key).
    public var algorithms: Set<Algorithm>
    /// Clock leeway for `exp`, `nbf` and `iat`.
    public var leeway: Duration
    /// The shortest time between two fetches of the JWKS URL.
    public var refreshInterval: Duration
    /// The profiles an authenticated caller may use, or `nil` for all of them.
    public var profiles: Set<String>?

    /// Settings for one identity provider.
    public init(
        keySource: KeySource,
        issuer: String,
        audience: String,
        identityClaim: String = "sub",
        algorithms: Set<Algorithm> = [.rs256],
        leeway: Duration = .seconds(60),
        refreshInterval: Duration = .seconds(60),
        profiles: Set<String>? = nil
    ) {
        self.keySource = keySource
        self.issuer = issuer
        self.audience = audience
        self.identityClaim = identityClaim
        self.algorithms = algorithms
        self.leeway = leeway
        self.refreshInterval = refreshInterval
        self.profiles = profiles
    }
}

/// `auth.bearer.NAME`: one static service key.
public struct BearerPrincipal: Sendable, Hashable {
    /// The principal's name, as logged and counted.
    public var name: String
    /// The SHA-256 of the key, 32 bytes; the key itself is never configured.
    public var keySHA256: [UInt8]
    /// The identities this principal may ask for.
    public var identities: Set<String>
    /// The profiles this principal may use.
    public var profiles: Set<String>

    /// A principal bound to its identities and profiles.
    public init(name: String, keySHA256: [UInt8], identities: Set<String>, profiles: Set<String>) {
        self.name = name
        self.keySHA256 = keySHA256
        self.identities = identities
        self.profiles = profiles
    }
}

extension BearerPrincipal: CustomStringConvertible {
    /// The name, the identities and profiles; not the key's hash.
    public var description: String {
        "BearerPrincipal(\(self.name), identities: \(self.identities.sorted()), profiles: \(self.profiles.sorted()))"
    }
}
#endif
