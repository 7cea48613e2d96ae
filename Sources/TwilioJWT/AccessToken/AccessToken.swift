@_spi(Engine) import TwilioJWTEngine

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A Twilio access token: what a client SDK (Voice, Video, Conversations, Sync, TaskRouter, Live) may do,
/// and for whom.
///
/// Describe the token, then sign it with an ``APIKey``:
///
/// ```swift
/// let key = try APIKey(sid: apiKeySID, secret: Secret(apiKeySecret), accountSID: accountSID)
///
/// var token = AccessToken(identity: "alice")
/// token.grants.voice = VoiceGrant(incomingAllowed: true, outgoing: .init(applicationSID: appSID))
/// token.grants.video = VideoGrant(room: "standup")
///
/// let jwt = try token.jwt(signedWith: key)
/// ```
///
/// The bytes are exactly those twilio-python 9.13 (with PyJWT ≥ 2.5) produces for the same inputs and issue
/// time: header `{"alg":"HS256","cty":"twilio-fpa;v=1",["twr":…,]"typ":"JWT"}`, payload
/// `jti, grants{…grants in order…, identity}, iss, exp, [nbf], sub`, compact JSON with non-ASCII escaped.
///
/// `AccessToken` is a plain value: build one per request, or keep a template and change the identity.
public struct AccessToken: Sendable, Hashable {
    /// Who the token is for: the client's identity in Voice, Video, Conversations and Sync. `nil` or an empty
    /// string leaves it out. See ``diagnostics()`` for the per-product rules Twilio enforces.
    public var identity: String?
    /// The grants, in order.
    public var grants: Grants
    /// When the token expires; one hour after issue by default.
    public var expiration: Expiration
    /// When the token becomes valid; the issue time by default.
    public var notBefore: NotBefore
    /// The Twilio Region of the account and API key (the `twr` header), such as ``Region/ie1``; `nil` for US1.
    ///
    /// A region Twilio added after this library was written is ``Region/unlisted(_:)``; minting checks that its id
    /// is two lower-case letters and a digit (``TokenError/Code-swift.struct/invalidRegion``).
    public var region: Region?
    /// How the `jti` claim is made.
    public var tokenIdentifier: TokenIdentifier

    /// Describes an access token.
    ///
    /// - Parameters:
    ///   - identity: The client's identity; `nil` leaves it out.
    ///   - grants: The grants, in order.
    ///   - expiration: When the token expires; `.ttl(3600)` by default.
    ///   - notBefore: When the token becomes valid; the issue time by default.
    ///   - region: The Twilio Region (`twr` header); `nil` for US1.
    ///   - tokenIdentifier: How the `jti` is made; `<key SID>-<issue time>` by default.
    public init(
        identity: String? = nil,
        grants: Grants = [],
        expiration: Expiration = .ttl(3600),
        notBefore: NotBefore = .issueTime,
        region: Region? = nil,
        tokenIdentifier: TokenIdentifier = .keyAndIssueTime
    ) {
        self.identity = identity
        self.grants = grants
        self.expiration = expiration
        self.notBefore = notBefore
        self.region = region
        self.tokenIdentifier = tokenIdentifier
    }
}

// MARK: - Signing

extension AccessToken {
    /// Signs the token with `key`, issued now.
    ///
    /// - Throws: ``TokenError`` when an input breaks a rule Twilio enforces; see
    ///   ``jwt(signedWith:issuedAt:)-(_,Int)``.
    public func jwt(signedWith key: APIKey) throws(TokenError) -> String {
        try self.jwt(signedWith: key, issuedAt: UnixTime.now())
    }

    /// Signs the token with `key`, issued at `issuedAt` (rounded down to whole seconds, as Twilio's time claims are
    /// integers).
    ///
    /// - Throws: ``TokenError``; see ``jwt(signedWith:issuedAt:)-(_,Int)``, and
    ///   ``TokenError/Code-swift.struct/invalidArgument`` for a date before 1970 or after the year 9999.
    public func jwt(signedWith key: APIKey, issuedAt: Date) throws(TokenError) -> String {
        try self.jwt(signedWith: key, issuedAt: try UnixTime.seconds(issuedAt, field: "the issue time"))
    }

    /// Signs the token with `key`, issued at `issuedAt`.
    ///
    /// Issue time is the only input from a clock, so the same token, key and issue time always give the
    /// same bytes (unless ``tokenIdentifier`` is ``TokenIdentifier/unique``).
    ///
    /// - Parameters:
    ///   - key: The API key that signs the token; its SID is the issuer, its account the subject.
    ///   - issuedAt: The issue time in Unix seconds.
    /// - Returns: The compact JWT.
    /// - Throws: ``TokenError`` with code
    ///   ``TokenError/Code-swift.struct/invalidTTL`` (ttl outside `1...86_400`),
    ///   ``TokenError/Code-swift.struct/lifetimeTooLong`` (an absolute expiry more than 24 hours after issue),
    ///   ``TokenError/Code-swift.struct/invalidTimeRange`` (expiry not after `nbf`),
    ///   ``TokenError/Code-swift.struct/invalidRegion``, ``TokenError/Code-swift.struct/invalidSID`` (a SID in a
    ///   grant), ``TokenError/Code-swift.struct/invalidGrant`` or ``TokenError/Code-swift.struct/invalidArgument``.
    public func jwt(signedWith key: APIKey, issuedAt: Int) throws(TokenError) -> String {
        let times = try Lifetime.resolve(issuedAt: issuedAt, expiration: self.expiration, notBefore: self.notBefore)
        try self.region?.validate()
        try self.tokenIdentifier.validate()

        var payload = JSONWriter(capacity: 512)
        try self.writePayload(to: &payload, key: key, times: times)
        guard let region = self.region else {
            return CompactJWS.hs256(header: AccessTokenHeader.withoutRegion, payload: payload, key: key.signingKey)
        }
        return CompactJWS.hs256(
            header: AccessTokenHeader.withRegion, value: region.id, payload: payload, key: key.signingKey)
    }

    /// Writes the payload, checking each grant just before it is written (one pass over the grants).
    func writePayload(to writer: inout JSONWriter, key: APIKey, times: Lifetime) throws(TokenError) {
        writer.beginObject()
        writer.key(.jti)
        self.tokenIdentifier.write(to: &writer, keySID: key.sid, issuedAt: times.issuedAt)
        writer.key(.grants)
        writer.beginObject()
        for grant in self.grants {
            try grant.validate()
            grant.write(to: &writer)
        }
        writer.optionalMember(.identity, self.identity)
        writer.endObject()
        writer.key(.iss)
        writer.unescapedString(key.sid)
        writer.expirationAndNotBefore(times)
        writer.key(.sub)
        writer.unescapedString(key.accountSID)
        writer.endObject()
    }
}

/// The JOSE header of access tokens, as PyJWT ≥ 2.5 writes it (keys sorted): the same for every token but for the
/// region.
enum AccessTokenHeader {
    static let withoutRegion = HeaderTemplate(before: KnownHeaderText.accessPython)
    /// The region goes between `"twr":"` and `"` (a region id, checked to be three ASCII characters, needs no
    /// escaping).
    static let withRegion = HeaderTemplate(
        before: #"{"alg":"HS256","cty":"twilio-fpa;v=1","twr":""#, after: #"","typ":"JWT"}"#)
}

extension MemberName {
    /// The identity's member inside `grants`.
    static let identity: MemberName = "identity"
}
