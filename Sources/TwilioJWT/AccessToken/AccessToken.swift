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
    /// The token's unique identifier (`jti`).
    public enum TokenIdentifier: Sendable, Hashable {
        /// `<API key SID>-<issue time>`, twilio-python's choice. Two tokens issued by one key in the same
        /// second get the same `jti`.
        case keyAndIssueTime
        /// `<API key SID>-<32 random hex digits>`, unique per token, as Twilio's documentation describes
        /// and ExTwilio does. Tokens are then no longer reproducible from their inputs.
        case unique
        /// This exact string.
        case custom(String)
    }

    /// Who the token is for: the client's identity in Voice, Video, Conversations and Sync. `nil` or an empty
    /// string leaves it out. See ``diagnostics()`` for the per-product rules Twilio enforces.
    public var identity: String?
    /// The grants, in order.
    public var grants: Grants
    /// When the token expires; one hour after issue by default.
    public var expiration: Expiration
    /// When the token becomes valid; the issue time by default.
    public var notBefore: NotBefore
    /// The Twilio Region id of the account and API key (the `twr` header), such as `"ie1"`; `nil` for US1.
    ///
    /// Minting accepts the ids Twilio documents (`us1`, `ie1`, `au1`, `jp1`) and refuses others, such as the
    /// legacy Voice edge ids `de1` or `sg1`, with ``TokenError/Code-swift.struct/invalidRegion``; see
    /// ``allowsUnlistedRegion`` for a region Twilio adds later.
    public var region: String?
    /// Whether ``region`` may be a well-formed id that Twilio did not document when this library was written
    /// (two lower-case letters and a digit). `false` by default; set it only for a region Twilio has announced.
    public var allowsUnlistedRegion: Bool = false
    /// How the `jti` claim is made.
    public var tokenIdentifier: TokenIdentifier

    /// Describes an access token.
    ///
    /// - Parameters:
    ///   - identity: The client's identity; `nil` leaves it out.
    ///   - grants: The grants, in order.
    ///   - expiration: When the token expires; `.ttl(3600)` by default.
    ///   - notBefore: When the token becomes valid; the issue time by default.
    ///   - region: The Twilio Region id (`twr` header); `nil` for US1.
    ///   - tokenIdentifier: How the `jti` is made; `<key SID>-<issue time>` by default.
    public init(
        identity: String? = nil,
        grants: Grants = [],
        expiration: Expiration = .ttl(3600),
        notBefore: NotBefore = .issueTime,
        region: String? = nil,
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
        if let region = self.region {
            try RegionID.validate(region, allowingUnlisted: self.allowsUnlistedRegion)
        }
        if case .custom(let identifier) = self.tokenIdentifier, identifier.isEmpty {
            throw TokenError(.invalidArgument, "a custom token identifier (jti) must not be empty")
        }

        var payload = JSONWriter(capacity: 512)
        try self.writePayload(to: &payload, key: key, times: times)
        // The closures below capture these rather than `self` and `key`, which they would copy whole.
        let region = self.region
        let signingKey = key.signingKey
        return payload.withUnsafeBytes { payload in
            AccessTokenHeader.withHeader(region: region) { encodedPrefix, tail in
                CompactJWS.hs256(
                    encodedHeaderPrefix: encodedPrefix, headerTail: tail, payload: payload, key: signingKey)
            }
        }
    }

    /// Signs the token with `key`, issued at `issuedAt` (rounded down to whole seconds, as Twilio's time
    /// claims are integers).
    public func jwt(signedWith key: APIKey, issuedAt: Date) throws(TokenError) -> String {
        try self.jwt(signedWith: key, issuedAt: try UnixTime.seconds(issuedAt))
    }

    /// Writes the payload, checking each grant just before it is written (one pass over the grants).
    func writePayload(to writer: inout JSONWriter, key: APIKey, times: Lifetime) throws(TokenError) {
        writer.beginObject()
        writer.key("jti")
        switch self.tokenIdentifier {
        case .keyAndIssueTime: writer.string(key.sid, dash: times.issuedAt)
        case .unique: writer.unescapedString(key.sid + "-" + RandomHex.make(byteCount: 16))
        case .custom(let identifier): writer.string(escaping: identifier)
        }
        writer.key("grants")
        writer.beginObject()
        for grant in self.grants {
            try grant.validate()
            grant.writeKey(to: &writer)
            grant.writeValue(to: &writer)
        }
        writer.optionalMember("identity", self.identity)
        writer.endObject()
        writer.key("iss")
        writer.unescapedString(key.sid)
        writer.expirationAndNotBefore(times)
        writer.key("sub")
        writer.unescapedString(key.accountSID)
        writer.endObject()
    }
}

/// The JOSE header of access tokens, as PyJWT ≥ 2.5 writes it (keys sorted).
///
/// The header is the same for every token but for the region, so the base64url of its start (as many whole 3-byte
/// groups as come before the region) is computed once, and only the rest of the header is encoded per token.
enum AccessTokenHeader {
    private static let withoutRegion = Split(#"{"alg":"HS256","cty":"twilio-fpa;v=1","typ":"JWT"}"#)
    /// The header up to the region's value; 45 bytes, so it splits with no tail.
    private static let beforeRegion = Split(#"{"alg":"HS256","cty":"twilio-fpa;v=1","twr":""#)
    private static let afterRegion: [UInt8] = Array(#"","typ":"JWT"}"#.utf8)

    /// Header bytes split into the base64url of their longest prefix of whole 3-byte groups and the bytes after it.
    private struct Split {
        let encodedPrefix: [UInt8]
        let tail: [UInt8]

        init(_ text: String) {
            let bytes = Array(text.utf8)
            let prefixCount = bytes.count - bytes.count % 3
            self.encodedPrefix = Array(Base64URL.encode(bytes[..<prefixCount]).utf8)
            self.tail = Array(bytes[prefixCount...])
        }
    }

    /// Calls `body` with the header as ``CompactJWS/hs256(encodedHeaderPrefix:headerTail:payload:key:)`` takes
    /// it: the base64url of its constant start and the raw bytes of the rest (built on the stack with a region, as
    /// a region id, already validated as three ASCII characters, needs no escaping).
    static func withHeader<Result>(
        region: String?,
        _ body: (_ encodedPrefix: UnsafeRawBufferPointer, _ tail: UnsafeRawBufferPointer) -> Result
    ) -> Result {
        guard let region else {
            return Self.withoutRegion.encodedPrefix.withUnsafeBytes { prefix in
                Self.withoutRegion.tail.withUnsafeBytes { tail in body(prefix, tail) }
            }
        }
        let tailCount = Self.beforeRegion.tail.count + region.utf8.count + Self.afterRegion.count
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: tailCount) { buffer in
            var index = 0
            for byte in Self.beforeRegion.tail {
                buffer[index] = byte
                index += 1
            }
            for byte in region.utf8 {
                buffer[index] = byte
                index += 1
            }
            for byte in Self.afterRegion {
                buffer[index] = byte
                index += 1
            }
            return Self.beforeRegion.encodedPrefix.withUnsafeBytes { body($0, UnsafeRawBufferPointer(buffer)) }
        }
    }
}
