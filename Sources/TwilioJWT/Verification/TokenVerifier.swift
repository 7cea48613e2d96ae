#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Verifies Twilio tokens of every kind and returns their typed claims.
///
/// Configure the keys you accept; each kind of token is checked against its own kind of key, found by the
/// token's issuer:
///
/// - access tokens: the ``APIKey`` whose SID is the token's `iss` (and whose account must be its `sub`);
/// - Client capability and TaskRouter tokens: the ``AccountCredentials`` whose account SID is the `iss`;
/// - Client Validation tokens: the ``ClientValidationPublicKey`` whose credential SID is the header's `kid`.
///
/// Several keys of a kind can be configured at once, so keys can be rotated; ``Verified/keyID`` says which one
/// verified a token. An issuer without a configured key is ``TokenError/Code-swift.struct/unknownIssuer``;
/// there is no default key and never an empty one.
///
/// ```swift
/// let verifier = try TokenVerifier(apiKeys: [currentKey, previousKey])
/// let token = try verifier.verifyAccessToken(jwt)
/// print(token.claims.identity, token.claims.grants.voice)
/// ```
///
/// Verification is stricter than RFC 7519 requires and stricter than PyJWT (see <doc:SecurityConsiderations>):
/// the token is size-checked before decoding; base64url must be canonical and unpadded; JSON must be UTF-8,
/// without duplicate member names at any depth and at most 16 levels deep; `alg` must be exactly the key's
/// algorithm (`none` and every other algorithm are rejected); `crit`, `b64`, `zip` and embedded keys are
/// rejected; the signature is checked in constant time **before** any claim is interpreted; time claims must be
/// integers; `exp`, `nbf` and `iat` are checked against the verification time with a leeway that defaults to
/// zero, as Twilio's own services use; and no token may be valid for more than 24 hours.
public struct TokenVerifier: Sendable {
    /// The largest leeway the verifier accepts: clocks that disagree by more than five minutes need fixing,
    /// not tolerance (RFC 7519 §4.1.4: "no more than a few minutes").
    public static let maximumLeeway = 300

    /// Seconds of clock difference tolerated on `exp`, `nbf` and `iat`.
    public let leeway: Int
    private let apiKeys: [String: APIKey]
    private let accounts: [String: AccountCredentials]
    private let validationKeys: [String: ClientValidationPublicKey]
    package var limits = DecodedJWS.Limits.standard

    /// Creates a verifier that accepts tokens signed with the given keys.
    ///
    /// - Parameters:
    ///   - apiKeys: API keys, for access tokens.
    ///   - accounts: Account credentials, for Client capability and TaskRouter tokens.
    ///   - validationKeys: Public keys, for Client Validation tokens.
    ///   - leeway: Seconds of clock difference tolerated on the time claims, `0...300`; 0 by default.
    /// - Throws: ``TokenError/Code-swift.struct/invalidArgument`` when no key is given, two keys have the same
    ///   SID, or the leeway is outside `0...300`.
    public init(
        apiKeys: [APIKey] = [],
        accounts: [AccountCredentials] = [],
        validationKeys: [ClientValidationPublicKey] = [],
        leeway: Int = 0
    ) throws(TokenError) {
        guard (0...Self.maximumLeeway).contains(leeway) else {
            throw TokenError(
                .invalidArgument,
                "leeway must be between 0 and \(Self.maximumLeeway) seconds; got \(leeway)"
            )
        }
        guard !(apiKeys.isEmpty && accounts.isEmpty && validationKeys.isEmpty) else {
            throw TokenError(.invalidArgument, "a verifier needs at least one key")
        }
        self.leeway = leeway
        self.apiKeys = try Self.index(apiKeys, by: \.sid, kind: "API key")
        self.accounts = try Self.index(accounts, by: \.accountSID, kind: "account")
        self.validationKeys = try Self.index(validationKeys, by: \.credentialSID, kind: "credential")
    }

    private static func index<Key>(
        _ keys: [Key],
        by sid: KeyPath<Key, String>,
        kind: String
    ) throws(TokenError) -> [String: Key] {
        var index: [String: Key] = [:]
        for key in keys {
            let id = key[keyPath: sid]
            guard index.updateValue(key, forKey: id) == nil else {
                throw TokenError(.invalidArgument, "two \(kind) keys have the SID \(id); each SID may appear once")
            }
        }
        return index
    }
}

// MARK: - Entry points

extension TokenVerifier {
    /// Verifies a token of any kind.
    ///
    /// - Parameters:
    ///   - token: The compact JWT, exactly as received (no `Bearer ` prefix, no surrounding white space).
    ///   - time: The verification time in Unix seconds; the current time when `nil`.
    /// - Returns: The verified token with its typed claims.
    /// - Throws: ``TokenError`` with the code of the first rule the token breaks.
    public func verify(_ token: String, at time: Int? = nil) throws(TokenError) -> Verified<TokenClaims> {
        try self.verify(token, expecting: nil, at: time ?? UnixTime.now())
    }

    /// Verifies an access token.
    ///
    /// - Throws: ``TokenError``; ``TokenError/Code-swift.struct/wrongTokenType`` for a token of another kind.
    public func verifyAccessToken(_ token: String, at time: Int? = nil) throws(TokenError) -> Verified<
        AccessTokenClaims
    > {
        try self.verify(token, expecting: .access, at: time ?? UnixTime.now()).map {
            guard case .access(let claims) = $0 else { preconditionFailure("kind checked by verify(_:expecting:at:)") }
            return claims
        }
    }

    /// Verifies a Client capability token.
    ///
    /// - Throws: ``TokenError``; ``TokenError/Code-swift.struct/wrongTokenType`` for a token of another kind.
    public func verifyClientCapabilityToken(
        _ token: String,
        at time: Int? = nil
    ) throws(TokenError) -> Verified<ClientCapabilityClaims> {
        try self.verify(token, expecting: .clientCapability, at: time ?? UnixTime.now()).map {
            guard case .clientCapability(let claims) = $0 else { preconditionFailure("kind checked") }
            return claims
        }
    }

    /// Verifies a TaskRouter capability token.
    ///
    /// - Throws: ``TokenError``; ``TokenError/Code-swift.struct/wrongTokenType`` for a token of another kind.
    public func verifyTaskRouterToken(_ token: String, at time: Int? = nil) throws(TokenError) -> Verified<
        TaskRouterClaims
    > {
        try self.verify(token, expecting: .taskRouter, at: time ?? UnixTime.now()).map {
            guard case .taskRouter(let claims) = $0 else { preconditionFailure("kind checked") }
            return claims
        }
    }

    /// Verifies a Public Key Client Validation token.
    ///
    /// - Throws: ``TokenError``; ``TokenError/Code-swift.struct/wrongTokenType`` for a token of another kind.
    public func verifyClientValidationToken(
        _ token: String,
        at time: Int? = nil
    ) throws(TokenError) -> Verified<ClientValidationClaims> {
        try self.verify(token, expecting: .clientValidation, at: time ?? UnixTime.now()).map {
            guard case .clientValidation(let claims) = $0 else { preconditionFailure("kind checked") }
            return claims
        }
    }
}

// MARK: - Verification

extension TokenVerifier {
    private enum Key {
        case hmac(HS256Key, id: String, accountSID: String?)
        case rsa(ClientValidationPublicKey)
    }

    func verify(_ token: String, expecting expected: TokenKind?, at now: Int) throws(TokenError) -> Verified<
        TokenClaims
    > {
        var token = token
        let result: Result<Verified<TokenClaims>, TokenError> = token.withUTF8 { bytes in
            do throws(TokenError) {
                return .success(try self.verify(bytes, expecting: expected, at: now))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func verify(
        _ bytes: UnsafeBufferPointer<UInt8>,
        expecting expected: TokenKind?,
        at now: Int
    ) throws(TokenError) -> Verified<TokenClaims> {
        let decoded = try DecodedJWS.decode(bytes, limits: self.limits)
        let algorithm = try Self.checkHeader(decoded.header)
        guard let kind = TokenKind.detect(header: decoded.header, payload: decoded.payload) else {
            throw Self.unknownKindError(decoded.header)
        }
        if let expected, kind != expected {
            throw TokenError(.wrongTokenType, "expected \(expected.article) but got \(kind.article)")
        }
        try Self.checkAlgorithm(algorithm, for: kind)
        guard !decoded.signature.isEmpty else {
            throw TokenError(.invalidSignature, "the token has no signature; unsigned tokens are never accepted")
        }

        // The key is chosen by the token's issuer; it must then verify the signature before anything the
        // token claims is interpreted.
        let key = try self.key(for: kind, header: decoded.header, payload: decoded.payload)
        let signingInput = UnsafeRawBufferPointer(
            rebasing: UnsafeRawBufferPointer(bytes)[0..<decoded.signingInputCount])
        switch key {
        case .hmac(let hmac, let id, _):
            guard hmac.isValidSignature(decoded.signature, for: signingInput) else {
                throw TokenError(.invalidSignature, "the signature does not verify with the key \(id)")
            }
        case .rsa(let publicKey):
            let valid = publicKey.isValidSignature(
                decoded.signature,
                for: Array(signingInput),
                algorithm: algorithm == "PS256" ? .ps256 : .rs256
            )
            guard valid else {
                throw TokenError(
                    .invalidSignature,
                    "the \(algorithm) signature does not verify with the public key \(publicKey.credentialSID)"
                )
            }
        }

        let claims: TokenClaims
        switch kind {
        case .access: claims = .access(try AccessTokenClaims(header: decoded.header, payload: decoded.payload))
        case .clientCapability: claims = .clientCapability(try ClientCapabilityClaims(payload: decoded.payload))
        case .taskRouter: claims = .taskRouter(try TaskRouterClaims(payload: decoded.payload))
        case .clientValidation:
            claims = .clientValidation(try ClientValidationClaims(header: decoded.header, payload: decoded.payload))
        }
        try self.checkTimes(claims, now: now)
        if case .access(let access) = claims, case .hmac(_, let id, let accountSID?) = key,
            access.accountSID != accountSID
        {
            throw TokenError(
                .subjectMismatch,
                "'sub' is \(TaskRouterClaims.shown(access.accountSID)) but the API key \(id) belongs to account \(accountSID)"
            )
        }
        if decoded.payload["aud"] != nil {
            throw TokenError(
                .wrongTokenType,
                "the token names an audience ('aud'); Twilio tokens have none, so this one is meant for someone else"
            )
        }
        let keyID: String
        switch key {
        case .hmac(_, let id, _): keyID = id
        case .rsa(let publicKey): keyID = publicKey.credentialSID
        }
        return Verified(
            claims: claims,
            keyID: keyID,
            algorithm: algorithm,
            header: decoded.header,
            payload: decoded.payload
        )
    }

    /// Header rules that do not depend on the kind of token. Returns `alg`.
    static func checkHeader(_ header: JSONObject) throws(TokenError) -> String {
        let reader = ClaimReader(object: header, part: "header")
        guard let algorithm = try reader.string("alg") else {
            throw TokenError(.malformed, "the header has no 'alg'")
        }
        if let critical = header["crit"] {
            guard case .array(let names) = critical, !names.isEmpty, names.allSatisfy({ $0.stringValue != nil }) else {
                throw TokenError(.malformed, "'crit' in the header must be a non-empty array of names")
            }
            throw TokenError(
                .unsupportedHeader,
                "the header lists critical extensions ('crit'), and this verifier understands none"
            )
        }
        for name in Self.unsupportedMembers where header.contains(name: name) {
            throw TokenError(.unsupportedHeader, "the header's '\(name)' is not supported (Twilio tokens never use it)")
        }
        for name in Self.keyMembers where header.contains(name: name) {
            throw TokenError(
                .unsupportedHeader,
                "the header carries a key or key location ('\(name)'); keys come only from the verifier's configuration"
            )
        }
        if let type = try reader.string("typ"), type != "JWT" {
            throw TokenError(
                .wrongTokenType, "'typ' must be 'JWT' when present; Twilio rejects other types (error 20102)")
        }
        return algorithm
    }

    /// Header members of JWS features this verifier does not implement.
    static let unsupportedMembers = ["b64", "zip"]
    /// Header members that carry a key or point to one.
    static let keyMembers = ["jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256"]
    static let hmacAlgorithms = ["HS256"]
    static let rsaAlgorithms = ["RS256", "PS256"]

    static func unknownKindError(_ header: JSONObject) -> TokenError {
        switch header["cty"] {
        case .string(let type)?:
            let shown = type.utf8.count <= 32 ? "'\(type)'" : "a \(type.utf8.count)-byte value"
            return TokenError(
                .wrongTokenType,
                "'cty' is \(shown); Twilio tokens have 'twilio-fpa;v=1' (access) or 'twilio-pkrv;v=1' (Client Validation)"
            )
        case let other?:
            return TokenError(
                .malformed, "'cty' in the header must be a string; it is \(ClaimReader.describeType(other))")
        case nil:
            return TokenError(
                .wrongTokenType,
                "not a Twilio token: no 'cty' header, and neither a 'scope' (Client capability) nor 'policies' "
                    + "(TaskRouter) claim"
            )
        }
    }

    static func checkAlgorithm(_ algorithm: String, for kind: TokenKind) throws(TokenError) {
        let accepted = kind == .clientValidation ? Self.rsaAlgorithms : Self.hmacAlgorithms
        guard accepted.contains(algorithm) else {
            let shown = algorithm.utf8.count <= 16 ? "'\(algorithm)'" : "a \(algorithm.utf8.count)-byte value"
            throw TokenError(
                .unsupportedAlgorithm,
                "'alg' is \(shown); \(kind.article) must be signed with "
                    + accepted.joined(separator: " or ") + " (Twilio error 20102)"
            )
        }
    }

    private func key(for kind: TokenKind, header: JSONObject, payload: JSONObject) throws(TokenError) -> Key {
        switch kind {
        case .access:
            let issuer = try Self.issuer(payload, kind: .apiKey)
            guard let key = self.apiKeys[issuer] else {
                throw TokenError(.unknownIssuer, "no API key is configured for the issuer \(issuer)")
            }
            return .hmac(key.signingKey, id: issuer, accountSID: key.accountSID)
        case .clientCapability, .taskRouter:
            let issuer = try Self.issuer(payload, kind: .account)
            guard let account = self.accounts[issuer] else {
                throw TokenError(.unknownIssuer, "no auth token is configured for the account \(issuer)")
            }
            return .hmac(account.signingKey, id: issuer, accountSID: nil)
        case .clientValidation:
            guard let credential = try ClaimReader(object: header, part: "header").string("kid") else {
                throw TokenError(
                    .malformed, "a Client Validation token's header must name its key in 'kid' (error 20152)")
            }
            guard SIDKind.credential.matches(credential) else {
                throw TokenError(.unknownIssuer, "'kid' must be a credential SID (CR…); it is not")
            }
            guard let key = self.validationKeys[credential] else {
                throw TokenError(.unknownIssuer, "no public key is configured for the credential \(credential)")
            }
            return .rsa(key)
        }
    }

    /// The `iss` claim, which must have the shape of `kind` before it is used to look up a key.
    private static func issuer(_ payload: JSONObject, kind: SIDKind) throws(TokenError) -> String {
        let issuer = try ClaimReader(object: payload, part: "claims").requiredString("iss")
        guard kind.matches(issuer) else {
            throw TokenError(
                .unknownIssuer,
                "'iss' must be \(kind.noun) ('\(kind.prefix)' followed by 32 lower-case hex digits); it is not"
            )
        }
        return issuer
    }

    private func checkTimes(_ claims: TokenClaims, now: Int) throws(TokenError) {
        let expiresAt = claims.expiresAt
        // Built only when a check fails: formatting times is the costliest thing a failed check does.
        var description: String { "verification time \(UnixTime.describe(now)), leeway \(self.leeway) s" }
        if now >= expiresAt + self.leeway {
            throw TokenError(
                .expired,
                "the token expired at \(UnixTime.describe(expiresAt)), \(now - expiresAt) s before the \(description)"
            )
        }
        if let notBefore = claims.notBefore, notBefore > now + self.leeway {
            throw TokenError(
                .notYetValid,
                "the token is not valid before \(UnixTime.describe(notBefore)), \(notBefore - now) s after the "
                    + "\(description); if the issuer's clock runs ahead, fix it or mint without 'nbf'"
            )
        }
        if let issuedAt = claims.issuedAt, issuedAt > now + self.leeway {
            throw TokenError(
                .issuedInFuture,
                "the token was issued at \(UnixTime.describe(issuedAt)), \(issuedAt - now) s after the \(description)"
            )
        }
        // Twilio refuses tokens valid for more than 24 hours (error 20157). Measured from the issue time when
        // the token states one, and always from now: an `nbf` in the past is legitimate and does not count.
        if let issuedAt = claims.issuedAt, expiresAt - issuedAt > TimeToLive.maximum {
            throw TokenError(
                .lifetimeTooLong,
                "the token is valid for \(expiresAt - issuedAt) s after its issue time ('iat'); Twilio accepts at most "
                    + "\(TimeToLive.maximum) s (error 20157)"
            )
        }
        if expiresAt - now > TimeToLive.maximum + self.leeway {
            throw TokenError(
                .lifetimeTooLong,
                "the token expires \(expiresAt - now) s after the \(description); Twilio accepts tokens valid for at "
                    + "most \(TimeToLive.maximum) s (error 20157)"
            )
        }
    }
}

extension TokenKind {
    /// "an access token", "a TaskRouter capability token"…
    var article: String {
        self == .access ? "an access token" : "a \(self)"
    }
}
