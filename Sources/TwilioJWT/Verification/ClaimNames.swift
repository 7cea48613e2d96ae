@_spi(Engine) import TwilioJWTEngine

// The member names the verifier reads, prepared once (a name is cheaper to compare than to prepare). Grants' member
// names are in their grants' files; the grants' keys are `GrantKind`'s.
extension MemberName {
    // JOSE header (RFC 7515 §4.1, RFC 7519 §5)
    static let alg: MemberName = "alg"
    static let typ: MemberName = "typ"
    static let cty: MemberName = "cty"
    static let kid: MemberName = "kid"
    static let crit: MemberName = "crit"
    /// Twilio's region header of access tokens.
    static let twr: MemberName = "twr"

    /// Header members of JWS features the verifier does not implement: unencoded payloads (RFC 7797) and
    /// compression (RFC 7516 §4.1.3).
    static let unsupportedHeaderMembers: [MemberName] = ["b64", "zip"]
    /// Header members that carry a key or point to one (RFC 7515 §4.1.2 to §4.1.8).
    static let keyHeaderMembers: [MemberName] = ["jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256"]

    // Registered claims (RFC 7519 §4.1)
    static let iss: MemberName = "iss"
    static let sub: MemberName = "sub"
    static let jti: MemberName = "jti"
    static let exp: MemberName = "exp"
    static let nbf: MemberName = "nbf"
    static let iat: MemberName = "iat"
    static let aud: MemberName = "aud"

    // Twilio claims
    static let grants: MemberName = "grants"
    static let scope: MemberName = "scope"
    static let policies: MemberName = "policies"
    static let accountSID: MemberName = "account_sid"
    static let channel: MemberName = "channel"
    static let taskQueueSID: MemberName = "taskqueue_sid"
    static let friendlyName: MemberName = "friendly_name"
    static let version: MemberName = "version"
    static let allow: MemberName = "allow"
    static let allowed: MemberName = "allowed"
    static let url: MemberName = "url"
    static let method: MemberName = "method"
    static let queryFilter: MemberName = "query_filter"
    static let postFilter: MemberName = "post_filter"
    static let hrh: MemberName = "hrh"
    static let rqh: MemberName = "rqh"

    // Values compared like names
    static let jwtType: MemberName = "JWT"
    static let accessContentType: MemberName = "twilio-fpa;v=1"
    static let clientValidationContentType: MemberName = "twilio-pkrv;v=1"
}
