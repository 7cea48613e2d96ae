@_spi(Engine) import TwilioJWTEngine

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// MARK: - Entry points

extension TokenVerifier {
    /// Verifies a token and returns its typed claims.
    ///
    /// ```swift
    /// let token = try verifier.verify(jwt, as: AccessTokenClaims.self)   // an access token, or an error
    /// let any = try verifier.verify(jwt)                                 // any kind: Verified<TokenClaims>
    /// ```
    ///
    /// - Parameters:
    ///   - token: The compact JWT, exactly as received (no `Bearer ` prefix, no surrounding white space).
    ///   - type: The claims to return: ``AccessTokenClaims``, ``ClientCapabilityClaims``, ``TaskRouterClaims``,
    ///     ``ClientValidationClaims``, or ``TokenClaims`` (the default) for a token of any kind.
    ///   - time: The verification time, between 1970 and the year 9999; now when `nil`.
    /// - Returns: The verified token with its typed claims.
    /// - Throws: ``TokenError`` with the code of the first rule the token breaks (a
    ///   ``TokenError/Category-swift.enum/rejectedToken``): ``TokenError/Code-swift.struct/wrongTokenType`` for a
    ///   token of another kind than `type`'s. ``TokenError/Code-swift.struct/invalidArgument`` for a verification time
    ///   outside that range.
    public func verify<Claims: VerifiableClaims>(
        _ token: String,
        as type: Claims.Type = TokenClaims.self,
        at time: Date? = nil
    ) throws(TokenError) -> Verified<Claims> {
        let now = try time.map { (date) throws(TokenError) in try UnixTime.seconds(date, field: "the verification time")
        }
        return try self.verify(token, as: type, now: now ?? UnixTime.now())
    }

    /// Verifies a token at a Unix time and returns its typed claims.
    ///
    /// - Parameters:
    ///   - token: The compact JWT, exactly as received.
    ///   - type: The claims to return; ``TokenClaims`` (any kind) by default.
    ///   - unixTime: The verification time in Unix seconds, `0...253_402_300_799`.
    /// - Throws: ``TokenError``, as ``verify(_:as:at:)-(_,_,Date?)`` does.
    public func verify<Claims: VerifiableClaims>(
        _ token: String,
        as type: Claims.Type = TokenClaims.self,
        at unixTime: Int
    ) throws(TokenError) -> Verified<Claims> {
        try UnixTime.validate(unixTime, field: "the verification time")
        return try self.verify(token, as: type, now: unixTime)
    }

    /// The one path every entry point takes: open the envelope (decode, check the header and kind, find the key,
    /// check the signature), read the claims, then check times, subject and audience.
    private func verify<Claims: VerifiableClaims>(
        _ token: String,
        as type: Claims.Type,
        now: Int
    ) throws(TokenError) -> Verified<Claims> {
        let envelope = try self.open(token, expecting: Claims.tokenKind)
        return try self.finish(envelope, claims: Claims._decode(from: self.source(of: envelope)), now: now)
    }
}

// MARK: - Verification

extension TokenVerifier {
    /// The key that verified a token: its position in the verifier's keys of its kind.
    enum Key {
        case apiKey(Int)
        case account(Int)
        case publicKey(Int)
    }

    /// A token whose envelope and signature have been verified, and whose claims are still to be read.
    struct Envelope {
        let decoded: DecodedJWS
        let header: ClaimReader
        let claims: ClaimReader
        let kind: TokenKind
        let algorithm: SignatureAlgorithm
        let key: Key
    }

    /// The key that verified a token, by kind and SID.
    func id(of key: Key) -> KeyID {
        switch key {
        case .apiKey(let position): return KeyID(kind: .apiKey, sid: self.apiKeys.keys[position].sid)
        case .account(let position): return KeyID(kind: .account, sid: self.accounts.keys[position].accountSID)
        case .publicKey(let position):
            return KeyID(kind: .publicKeyCredential, sid: self.validationKeys.keys[position].credentialSID)
        }
    }

    /// What the claims are read from: the header, the claims, and the SIDs the key makes the token name.
    private func source(of envelope: Envelope) -> _ClaimsSource {
        let issuer: String?
        let account: String?
        switch envelope.key {
        case .apiKey(let position):
            issuer = self.apiKeys.keys[position].sid
            account = self.apiKeys.keys[position].accountSID
        case .account(let position):
            issuer = self.accounts.keys[position].accountSID
            account = nil
        case .publicKey:
            issuer = nil
            account = nil
        }
        return _ClaimsSource(
            kind: envelope.kind, header: envelope.header, claims: envelope.claims, issuer: issuer, account: account)
    }

    /// Decodes `token`, checks its header and kind, finds its key by issuer and verifies its signature: everything
    /// before any claim is interpreted.
    private func open(_ token: String, expecting expected: TokenKind?) throws(TokenError) -> Envelope {
        let decoded: DecodedJWS
        do {
            decoded = try DecodedJWS.decode(token, limits: self.limits, knownHeaders: Self.knownHeaders)
        } catch {
            throw TokenError(error)
        }
        let header = ClaimReader(object: decoded.header, part: .header)
        let claims = ClaimReader(object: decoded.payload, part: .claims)
        let algorithmName: String?
        let detectedKind: TokenKind?
        switch decoded.knownHeader.map({ Self.knownHeaderFacts[$0] }) {
        case .kind(let kind)?:
            algorithmName = nil
            detectedKind = kind
        case .kindFromClaims?:
            algorithmName = nil
            detectedKind = TokenKind.detect(header: header, claims: claims)
        case .checkAsAnyOther?, nil:
            algorithmName = try Self.checkHeader(header)
            detectedKind = TokenKind.detect(header: header, claims: claims)
        }
        guard let kind = detectedKind else {
            throw Self.unknownKindError(header)
        }
        if let expected, kind != expected {
            throw TokenError(.wrongTokenType, "expected \(expected.article) but got \(kind.article)")
        }
        // Every known header names HS256.
        let algorithm =
            try algorithmName.map { (name) throws(TokenError) in try Self.algorithm(name, for: kind) }
            ?? .hs256
        guard decoded.hasSignature else {
            throw TokenError(.invalidSignature, "the token has no signature; unsigned tokens are never accepted")
        }

        // The key is chosen by the token's issuer; it must then verify the signature before anything the token
        // claims is interpreted.
        let key = try self.key(for: kind, header: header, claims: claims)
        let isValid: Bool
        switch key {
        case .apiKey(let position):
            isValid = decoded.isValidSignature(key: self.apiKeys.keys[position].signingKey)
        case .account(let position):
            isValid = decoded.isValidSignature(key: self.accounts.keys[position].signingKey)
        case .publicKey(let position):
            let publicKey = self.validationKeys.keys[position]
            if let pinned = publicKey.algorithm, pinned != algorithm {
                throw TokenError(
                    .unsupportedAlgorithm,
                    "'alg' is '\(algorithm)' but the public key \(publicKey.credentialSID) accepts only \(pinned)"
                )
            }
            guard publicKey.isValidSignature(decoded.signature, for: decoded.signingInput, algorithm: algorithm) else {
                throw TokenError(
                    .invalidSignature,
                    "the \(algorithm) signature does not verify with the public key \(publicKey.credentialSID)"
                )
            }
            isValid = true
        }
        guard isValid else {
            throw TokenError(.invalidSignature, "the signature does not verify with the key \(self.id(of: key))")
        }
        return Envelope(
            decoded: decoded, header: header, claims: claims, kind: kind, algorithm: algorithm, key: key)
    }

    /// The checks that follow reading the claims: times, the access token's account, the audience.
    private func finish<Claims: VerifiableClaims>(
        _ envelope: Envelope,
        claims: consuming Claims,
        now: Int
    ) throws(TokenError) -> Verified<Claims> {
        if let violation = TimeRules.firstViolation(claims, at: now, leeway: self.leewaySeconds) {
            throw self.error(violation, now: now)
        }
        if case .apiKey(let position) = envelope.key {
            let expected = self.apiKeys.keys[position].accountSID
            if let subject = envelope.claims[.sub], !subject.isString(equalTo: expected) {
                throw TokenError(
                    .subjectMismatch,
                    "'sub' is \(TaskRouterClaims.shown(subject.string ?? "")) but the API key "
                        + "\(self.id(of: envelope.key)) belongs to account \(expected)"
                )
            }
        }
        if envelope.claims.contains(.aud) {
            throw TokenError(
                .wrongTokenType,
                "the token names an audience ('aud'); Twilio tokens have none, so this one is meant for someone else"
            )
        }
        return Verified(
            claims: consume claims,
            keyID: self.id(of: envelope.key),
            algorithm: envelope.algorithm,
            header: JSONObject(envelope.header.object),
            payload: JSONObject(envelope.claims.object)
        )
    }

    /// The error for a broken time rule.
    private func error(_ violation: TimeRules.Violation, now: Int) -> TokenError {
        let description = "verification time \(UnixTime.describe(now)), leeway \(self.leewaySeconds) s"
        switch violation {
        case .expired(let expiresAt):
            return TokenError(
                .expired,
                "the token expired at \(UnixTime.describe(expiresAt)), \(now - expiresAt) s before the \(description)"
            )
        case .notYetValid(let notBefore):
            return TokenError(
                .notYetValid,
                "the token is not valid before \(UnixTime.describe(notBefore)), \(notBefore - now) s after the "
                    + "\(description); if the issuer's clock runs ahead, fix it or mint without 'nbf'"
            )
        case .issuedInFuture(let issuedAt):
            return TokenError(
                .issuedInFuture,
                "the token was issued at \(UnixTime.describe(issuedAt)), \(issuedAt - now) s after the \(description)"
            )
        case .tooLong(let seconds, .now):
            return TokenError(
                .lifetimeTooLong,
                "the token expires \(seconds) s after the \(description); Twilio accepts tokens valid for at most "
                    + "\(TimeToLive.maximum) s (error 20157)",
                category: .rejectedToken
            )
        case .tooLong(let seconds, let start):
            let name = start == .issuedAt ? "its issue time ('iat')" : "'nbf'"
            return TokenError(
                .lifetimeTooLong,
                "the token is valid for \(seconds) s after \(name); Twilio accepts at most \(TimeToLive.maximum) s "
                    + "(error 20157)",
                category: .rejectedToken
            )
        }
    }

    /// The configured key that must verify a token of `kind` with this header and these claims.
    private func key(for kind: TokenKind, header: ClaimReader, claims: ClaimReader) throws(TokenError) -> Key {
        switch kind {
        case .access:
            let issuer = try Self.issuer(claims, kind: .apiKey)
            guard let position = self.apiKeys.position(of: issuer) else {
                throw TokenError(
                    .unknownIssuer, "no API key is configured for the issuer \(claims[.iss]?.string ?? "")")
            }
            return .apiKey(position)
        case .clientCapability, .taskRouter:
            let issuer = try Self.issuer(claims, kind: .account)
            guard let position = self.accounts.position(of: issuer) else {
                throw TokenError(
                    .unknownIssuer, "no auth token is configured for the account \(claims[.iss]?.string ?? "")")
            }
            return .account(position)
        case .clientValidation:
            guard let credential = try header.stringValue(.kid) else {
                throw TokenError(
                    .malformed, "a Client Validation token's header must name its key in 'kid' (error 20152)")
            }
            guard let digits = SIDKind.credential.digits(of: credential) else {
                throw TokenError(.unknownIssuer, "'kid' must be a credential SID (CR…); it is not")
            }
            guard let position = self.validationKeys.position(of: digits) else {
                throw TokenError(
                    .unknownIssuer, "no public key is configured for the credential \(credential.string ?? "")")
            }
            return .publicKey(position)
        }
    }

    /// The digits of the `iss` claim, which must have the shape of a SID of `kind` before it is used to look up a key.
    /// (Only an error message needs its text, so the text is not copied out here.)
    private static func issuer(_ claims: ClaimReader, kind: SIDKind) throws(TokenError) -> SIDDigits {
        guard let issuer = try claims.stringValue(.iss) else {
            throw claims.missing(.iss)
        }
        guard let digits = kind.digits(of: issuer) else {
            throw TokenError(
                .unknownIssuer,
                "'iss' must be \(kind.noun) ('\(kind.prefix)' followed by 32 lower-case hex digits); it is not"
            )
        }
        return digits
    }
}

extension TokenError {
    /// The error for a token that is not a well-formed compact JWS.
    init(_ error: JWSDecodingError) {
        switch error.kind {
        case .malformed: self.init(.malformed, error.message)
        case .tooLarge: self.init(.tooLarge, error.message)
        case .duplicateMember: self.init(.duplicateMember, error.message)
        }
    }
}

extension TokenKind {
    /// "an access token", "a TaskRouter capability token"…
    var article: String {
        self == .access ? "an access token" : "a \(self)"
    }
}
