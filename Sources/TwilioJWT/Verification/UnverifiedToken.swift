@_spi(Engine) import TwilioJWTEngine

/// A token decoded **without** verifying its signature or its times — for inspection only.
///
/// Anyone can write any claims into a token; nothing read from an `UnverifiedToken` may be used to decide who a
/// client is or what it may do. Use ``TokenVerifier`` for that. This type exists for tools: showing what a
/// token says (the `twilio-token decode` command), finding out why Twilio rejects a token, or choosing
/// among keys in code you control.
///
/// The decoding itself is as strict as the verifier's (canonical base64url, UTF-8 JSON without duplicate
/// members, bounded size and depth), so a token that decodes here is at least well formed. Functions that
/// require a verified token take ``Verified``, which only a verifier creates.
public struct UnverifiedToken: Sendable {
    let decoded: DecodedJWS

    /// The JOSE header, members in the token's order.
    public var header: JSONObject { JSONObject(self.decoded.header) }
    /// The claims, members in the token's order.
    public var payload: JSONObject { JSONObject(self.decoded.payload) }
    /// The signature bytes (not checked).
    public var signature: [UInt8] { self.decoded.signature }

    var headerReader: ClaimReader { ClaimReader(object: self.decoded.header, part: .header) }
    var claimsReader: ClaimReader { ClaimReader(object: self.decoded.payload, part: .claims) }

    /// Inspection accepts larger tokens than verification does, so any JWT can be looked at.
    static let limits = JWSLimits(maximumTokenSize: 65_536, maximumHeaderSize: 8192, maximumDepth: 32)

    /// Decodes a compact JWT without verifying it.
    ///
    /// An unsigned token (`header.payload.`) decodes, with an empty ``signature``, so that it can be inspected;
    /// ``lint(at:)`` reports it (Twilio error 20107) and ``TokenVerifier`` rejects it.
    ///
    /// - Throws: ``TokenError/Code-swift.struct/malformed``, ``TokenError/Code-swift.struct/duplicateMember`` or
    ///   ``TokenError/Code-swift.struct/tooLarge``.
    public init(decoding token: String) throws(TokenError) {
        do {
            self.decoded = try DecodedJWS.decode(token, limits: Self.limits)
        } catch {
            throw TokenError(error)
        }
    }

    /// The `alg` header, if it is a string: what the token says it is signed with, which may be anything (`none`,
    /// an algorithm this library does not implement). ``SignatureAlgorithm/init(name:)`` reads it.
    public var algorithm: String? { self.headerReader[.alg]?.string }

    /// Which kind of Twilio token this says it is, or `nil` for some other JWT.
    public var kind: TokenKind? {
        TokenKind.detect(header: self.headerReader, claims: self.claimsReader)
    }

    /// The claims interpreted as the kind of Twilio token this says it is. **Not verified.**
    ///
    /// - Throws: ``TokenError/Code-swift.struct/wrongTokenType`` for a JWT that is not a Twilio token, or the
    ///   claim errors of ``TokenVerifier`` (a missing or mistyped claim).
    public func claims() throws(TokenError) -> TokenClaims {
        let header = self.headerReader
        let claims = self.claimsReader
        guard let kind = TokenKind.detect(header: header, claims: claims) else {
            throw TokenVerifier.unknownKindError(header)
        }
        return try TokenClaims._decode(
            from: _ClaimsSource(kind: kind, header: header, claims: claims, issuer: nil, account: nil))
    }
}
