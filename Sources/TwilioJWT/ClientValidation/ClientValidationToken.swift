@_spi(Engine) import TwilioJWTEngine

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A Public Key Client Validation (PKCV) token: proof, sent with one REST request to Twilio, that the request
/// comes from the holder of your private key and was not altered on the way.
///
/// Describe the request, sign the token with a ``ClientValidationKey`` and send it in the
/// `Twilio-Client-Validation` header of that same request:
///
/// ```swift
/// let request = try ClientValidationRequest(
///     method: "GET",
///     url: "https://api.twilio.com/2010-04-01/Accounts/\(accountSID).json",
///     headers: [("Authorization", basicAuthorization)]
/// )
/// let jwt = try ClientValidationToken(request: request).jwt(signedWith: key)
/// // send the request with the extra header "Twilio-Client-Validation: \(jwt)"
/// ```
///
/// The bytes are exactly those twilio-python 9.13 (`ClientValidationJwt`, with PyJWT ≥ 2.5) produces for the same
/// request, key and issue time: header `{"alg":"RS256","cty":"twilio-pkrv;v=1","kid":"CR…","typ":"JWT"}`, payload
/// `hrh, rqh, iss, exp, nbf, sub`, compact JSON. The token is valid for ``timeToLive`` seconds from its issue time,
/// so mint one per request, just before sending it.
public struct ClientValidationToken: Sendable, Hashable {
    /// How long a token is valid: 300 seconds, as in every Twilio helper library.
    public static let timeToLive = 300

    /// The request the token signs.
    public var request: ClientValidationRequest
    /// The signature algorithm: ``SignatureAlgorithm/rs256`` (the default, as twilio-python sends) or
    /// ``SignatureAlgorithm/ps256``.
    public var algorithm: SignatureAlgorithm

    /// Describes a token for `request`.
    ///
    /// - Parameters:
    ///   - request: The request the token signs.
    ///   - algorithm: The signature algorithm; ``SignatureAlgorithm/rs256`` by default (minting refuses any but RS256
    ///     and PS256).
    public init(request: ClientValidationRequest, algorithm: SignatureAlgorithm = .rs256) {
        self.request = request
        self.algorithm = algorithm
    }
}

// MARK: - Signing

extension ClientValidationToken {
    /// Signs the token with `key`, issued now.
    ///
    /// - Parameter key: The private key and SIDs that sign the token.
    /// - Returns: The compact JWT, for the `Twilio-Client-Validation` header.
    /// - Throws: ``TokenError`` as ``jwt(signedWith:issuedAt:)-(_,Int)`` does.
    public func jwt(signedWith key: ClientValidationKey) throws(TokenError) -> String {
        try self.jwt(signedWith: key, issuedAt: UnixTime.now())
    }

    /// Signs the token with `key`, issued at `issuedAt`.
    ///
    /// The token is valid from `issuedAt` (`nbf`) to `issuedAt + 300` (`exp`). With RS256 the same request, key and
    /// issue time always give the same bytes.
    ///
    /// - Parameters:
    ///   - key: The private key and SIDs that sign the token: the credential SID is the header's `kid`, the API
    ///     key SID the issuer (`iss`), the account SID the subject (`sub`).
    ///   - issuedAt: The issue time in Unix seconds.
    /// - Returns: The compact JWT, for the `Twilio-Client-Validation` header.
    /// - Throws: ``TokenError`` with ``TokenError/Code-swift.struct/invalidArgument`` when `issuedAt` is not
    ///   between 1970 and the year 9999 or the algorithm is not RS256 or PS256, or
    ///   ``TokenError/Code-swift.struct/invalidKey`` if the platform's RSA implementation fails to sign.
    public func jwt(signedWith key: ClientValidationKey, issuedAt: Int) throws(TokenError) -> String {
        let times = try Lifetime.resolve(
            issuedAt: issuedAt, expiration: .ttl(Self.timeToLive), notBefore: .issueTime)
        guard let header = key.header(for: self.algorithm) else {
            throw TokenError(
                .invalidArgument,
                "a Client Validation token is signed with RS256 or PS256 (an RSA key), not \(self.algorithm)")
        }

        var payload = JSONWriter(capacity: 256)
        payload.beginObject()
        payload.key(.hrh)
        payload.string(escaping: self.request.signedHeaderList)
        payload.key(.rqh)
        payload.string(escaping: self.request.requestHash)
        payload.key(.iss)
        payload.string(escaping: key.apiKeySID)
        payload.expirationAndNotBefore(times)
        payload.key(.sub)
        payload.string(escaping: key.accountSID)
        payload.endObject()

        let algorithm = self.algorithm
        return try CompactJWS.token(header: header, payload: payload) { (signingInput) throws(TokenError) in
            try key.signature(for: signingInput, algorithm: algorithm)
        }
    }

    /// Signs the token with `key`, issued at `issuedAt` (rounded down to whole seconds, as the time claims are
    /// integers).
    ///
    /// - Parameters:
    ///   - key: The private key and SIDs that sign the token.
    ///   - issuedAt: The issue time.
    /// - Returns: The compact JWT, for the `Twilio-Client-Validation` header.
    /// - Throws: ``TokenError`` as ``jwt(signedWith:issuedAt:)-(_,Int)`` does.
    public func jwt(signedWith key: ClientValidationKey, issuedAt: Date) throws(TokenError) -> String {
        try self.jwt(signedWith: key, issuedAt: try UnixTime.seconds(issuedAt, field: "the issue time"))
    }
}

/// The JOSE header of PKCV tokens, as PyJWT ≥ 2.5 writes it (keys sorted).
enum ClientValidationHeader {
    /// The header of a token signed with `algorithm` by the key `credentialSID`.
    static func template(algorithm: SignatureAlgorithm, credentialSID: String) -> HeaderTemplate {
        var writer = JSONWriter(capacity: 96)
        writer.beginObject()
        writer.key(.alg)
        writer.string(escaping: algorithm.name)
        writer.key(.cty)
        writer.string(escaping: MemberName.clientValidationContentType.text)
        writer.key(.kid)
        writer.string(escaping: credentialSID)
        writer.key(.typ)
        writer.string(escaping: MemberName.jwtType.text)
        writer.endObject()
        return HeaderTemplate(before: writer.string)
    }
}
