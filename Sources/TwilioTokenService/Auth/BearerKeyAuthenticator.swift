#if TokenService
import Crypto

/// Why a credential failed: the `cause` label of `twilio_token_auth_failures_total` and the debug log's reason, never
/// shown to the caller.
public enum AuthenticationFailure: String, Error, Sendable, Hashable, CaseIterable {
    /// No `Authorization` header, or not the `Bearer` scheme.
    case missing
    /// Not a JSON Web Token (ID tokens), or not a possible key (bearer keys).
    case malformed
    /// No configured bearer key matches.
    case unknownKey = "unknown_key"
    /// The header names an algorithm the configuration does not allow, or `none`, or an HMAC algorithm.
    case algorithmNotAllowed = "algorithm_not_allowed"
    /// The header names a key (`kid`) the identity provider's key set does not hold, even after a refresh.
    case unknownKeyID = "unknown_kid"
    /// The signature does not verify.
    case invalidSignature = "invalid_signature"
    /// `exp` has passed (beyond the leeway), or is missing.
    case expired
    /// `nbf` or `iat` is in the future (beyond the leeway).
    case notYetValid = "not_yet_valid"
    /// `iss` is not the configured issuer.
    case wrongIssuer = "wrong_issuer"
    /// `aud` does not contain the configured audience.
    case wrongAudience = "wrong_audience"
    /// The identity claim is missing, not a string, or empty.
    case missingIdentity = "missing_identity"
    /// The identity provider's key set could not be fetched.
    case keysUnavailable = "keys_unavailable"
}

/// `auth.mode: bearer`: static service keys, configured only as their SHA-256.
///
/// A presented key is hashed, and the hash compared with every configured one in constant time (no early exit, and
/// the comparison of one pair does not depend on where the bytes differ), so neither the response time nor its status
/// tells how close a guess was or which principal came near.
public struct BearerKeyAuthenticator: Sendable {
    let principals: [BearerPrincipal]

    /// The longest key accepted: more is not a key anyone configured, and hashing it is wasted work.
    static let maximumKeyBytes = 512

    /// An authenticator for these principals.
    public init(principals: [BearerPrincipal]) {
        self.principals = principals
    }

    /// The principal whose key `presented` is.
    public func authenticate(_ presented: String) throws(AuthenticationFailure) -> Principal {
        guard !presented.isEmpty, presented.utf8.count <= Self.maximumKeyBytes else { throw .malformed }
        let digest = Array(SHA256.hash(data: Array(presented.utf8)))
        var match: BearerPrincipal?
        for principal in self.principals {
            if Self.constantTimeEqual(digest, principal.keySHA256) {
                match = principal
            }
        }
        guard let match else { throw .unknownKey }
        return Principal(
            kind: .bearer,
            name: match.name,
            allowedIdentities: match.identities,
            allowedProfiles: match.profiles
        )
    }

    /// Whether `a` and `b` are equal, in time that depends on their lengths only.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices {
            difference |= a[index] ^ b[index]
        }
        return difference == 0
    }
}
#endif
