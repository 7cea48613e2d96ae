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
    // Keyed by the digits of the SID, so that the issuer of a token is looked up without copying it out.
    private let apiKeys: KeyTable<APIKey>
    private let accounts: KeyTable<AccountCredentials>
    private let validationKeys: KeyTable<ClientValidationPublicKey>
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
        self.apiKeys = try KeyTable(apiKeys, by: \.sid, kind: .apiKey, name: "API key")
        self.accounts = try KeyTable(accounts, by: \.accountSID, kind: .account, name: "account")
        self.validationKeys = try KeyTable(validationKeys, by: \.credentialSID, kind: .credential, name: "credential")
    }
}

/// The keys of one kind, found by the digits of their SID, so that a token's issuer is looked up without copying
/// it out of the token; a key is then referred to by its position, so that passing it around costs nothing.
private struct KeyTable<Key: Sendable>: Sendable {
    let keys: [Key]
    /// The digits of each key's SID, in the order of `keys`.
    private let digits: [SIDDigits]
    private let positions: [SIDDigits: Int]
    /// Up to this many keys (a rotation has two or three) are found by comparing digits, which costs less than
    /// hashing them; more by the dictionary.
    private static var linearSearchLimit: Int { 8 }

    init(_ keys: [Key], by sid: KeyPath<Key, String>, kind: SIDKind, name: String) throws(TokenError) {
        var positions: [SIDDigits: Int] = [:]
        var allDigits: [SIDDigits] = []
        for (position, key) in keys.enumerated() {
            let id = key[keyPath: sid]
            // Every key type checked its SID when it was made.
            guard let digits = SIDDigits(id, kind: kind) else {
                preconditionFailure("\(name) key with a malformed SID")
            }
            guard positions.updateValue(position, forKey: digits) == nil else {
                throw TokenError(.invalidArgument, "two \(name) keys have the SID \(id); each SID may appear once")
            }
            allDigits.append(digits)
        }
        self.keys = keys
        self.digits = allDigits
        self.positions = positions
    }

    /// `body` of the key at `position`, read in place (`body` reads the fields it needs through `pointee`):
    /// copying a key out of the array, even to lend it, retained (and then released) every reference it holds.
    @inline(__always)
    func read<Result>(_ position: Int, _ body: (UnsafePointer<Key>) -> Result) -> Result {
        self.keys.withUnsafeBufferPointer { body($0.baseAddress.unsafelyUnwrapped + position) }
    }

    /// The position of the key whose SID has `digits`.
    func position(of digits: SIDDigits) -> Int? {
        guard self.digits.count <= Self.linearSearchLimit else { return self.positions[digits] }
        return self.digits.firstIndex(of: digits)
    }
}

// MARK: - Entry points

extension TokenVerifier {
    /// Verifies a token of any kind.
    ///
    /// - Parameters:
    ///   - token: The compact JWT, exactly as received (no `Bearer ` prefix, no surrounding white space).
    ///   - time: The verification time in Unix seconds, `0...253_402_300_799`; the current time when `nil`.
    /// - Returns: The verified token with its typed claims.
    /// - Throws: ``TokenError`` with the code of the first rule the token breaks, or
    ///   ``TokenError/Code-swift.struct/invalidArgument`` for a verification time outside that range.
    public func verify(_ token: String, at time: Int? = nil) throws(TokenError) -> Verified<TokenClaims> {
        let now = try Self.verificationTime(time)
        let envelope = try self.open(token, expecting: nil)
        let claims: TokenClaims
        switch envelope.key {
        case .apiKey(let position):
            let access = try AccessTokenClaims(
                header: envelope.header,
                claims: envelope.claims,
                issuer: self.apiKeys.read(position) { $0.pointee.sid },
                account: self.apiKeys.read(position) { $0.pointee.accountSID }
            )
            return try self.finish(envelope, accountSID: access.accountSID, now: now, claims: .access(access))
        case .account(let position) where envelope.kind == .clientCapability:
            let issuer = self.accounts.read(position) { $0.pointee.accountSID }
            claims = .clientCapability(try ClientCapabilityClaims(claims: envelope.claims, issuer: issuer))
        case .account(let position):
            let issuer = self.accounts.read(position) { $0.pointee.accountSID }
            claims = .taskRouter(try TaskRouterClaims(claims: envelope.claims, issuer: issuer))
        case .rsa:
            claims = .clientValidation(try ClientValidationClaims(header: envelope.header, claims: envelope.claims))
        }
        return try self.finish(envelope, now: now, claims: claims)
    }

    /// Verifies an access token.
    ///
    /// - Throws: ``TokenError``; ``TokenError/Code-swift.struct/wrongTokenType`` for a token of another kind.
    public func verifyAccessToken(_ token: String, at time: Int? = nil) throws(TokenError) -> Verified<
        AccessTokenClaims
    > {
        let now = try Self.verificationTime(time)
        let envelope = try self.open(token, expecting: .access)
        guard case .apiKey(let position) = envelope.key else {
            preconditionFailure("kind checked by open(_:expecting:)")
        }
        let claims = try AccessTokenClaims(
            header: envelope.header,
            claims: envelope.claims,
            issuer: self.apiKeys.read(position) { $0.pointee.sid },
            account: self.apiKeys.read(position) { $0.pointee.accountSID }
        )
        return try self.finish(envelope, accountSID: claims.accountSID, now: now, claims: claims)
    }

    /// Verifies a Client capability token.
    ///
    /// - Throws: ``TokenError``; ``TokenError/Code-swift.struct/wrongTokenType`` for a token of another kind.
    public func verifyClientCapabilityToken(
        _ token: String,
        at time: Int? = nil
    ) throws(TokenError) -> Verified<ClientCapabilityClaims> {
        let now = try Self.verificationTime(time)
        let envelope = try self.open(token, expecting: .clientCapability)
        guard case .account(let position) = envelope.key else { preconditionFailure("kind checked") }
        let claims = try ClientCapabilityClaims(
            claims: envelope.claims, issuer: self.accounts.read(position) { $0.pointee.accountSID })
        return try self.finish(envelope, now: now, claims: claims)
    }

    /// Verifies a TaskRouter capability token.
    ///
    /// - Throws: ``TokenError``; ``TokenError/Code-swift.struct/wrongTokenType`` for a token of another kind.
    public func verifyTaskRouterToken(_ token: String, at time: Int? = nil) throws(TokenError) -> Verified<
        TaskRouterClaims
    > {
        let now = try Self.verificationTime(time)
        let envelope = try self.open(token, expecting: .taskRouter)
        guard case .account(let position) = envelope.key else { preconditionFailure("kind checked") }
        let claims = try TaskRouterClaims(
            claims: envelope.claims, issuer: self.accounts.read(position) { $0.pointee.accountSID })
        return try self.finish(envelope, now: now, claims: claims)
    }

    /// Verifies a Public Key Client Validation token.
    ///
    /// - Throws: ``TokenError``; ``TokenError/Code-swift.struct/wrongTokenType`` for a token of another kind.
    public func verifyClientValidationToken(
        _ token: String,
        at time: Int? = nil
    ) throws(TokenError) -> Verified<ClientValidationClaims> {
        let now = try Self.verificationTime(time)
        let envelope = try self.open(token, expecting: .clientValidation)
        let claims = try ClientValidationClaims(header: envelope.header, claims: envelope.claims)
        return try self.finish(envelope, now: now, claims: claims)
    }
}

// MARK: - Verification

extension TokenVerifier {
    /// The key that verified a token: its position in the verifier's keys of its kind.
    private enum Key {
        case apiKey(Int)
        case account(Int)
        case rsa(Int)
    }

    /// The SID that names `key`: ``Verified/keyID``.
    private func id(of key: Key) -> String {
        switch key {
        case .apiKey(let position): return self.apiKeys.read(position) { $0.pointee.sid }
        case .account(let position): return self.accounts.read(position) { $0.pointee.accountSID }
        case .rsa(let position): return self.validationKeys.read(position) { $0.pointee.credentialSID }
        }
    }

    /// A token whose envelope and signature have been verified, and whose claims are still to be read.
    private struct Envelope {
        /// The decoded token's document, and its header and claims in it (not the `DecodedJWS`, whose copies for
        /// each reader retained the document again).
        let document: JSONDocument
        let headerNode: Int
        let payloadNode: Int
        let kind: TokenKind
        let algorithm: String
        let key: Key

        var header: ClaimReader { ClaimReader(document: self.document, node: self.headerNode, part: .header) }
        var claims: ClaimReader { ClaimReader(document: self.document, node: self.payloadNode, part: .claims) }
    }

    /// Decodes `token`, checks its header and kind, finds its key by issuer and verifies its signature: everything
    /// before any claim is interpreted.
    private func open(_ token: String, expecting expected: TokenKind?) throws(TokenError) -> Envelope {
        let result: Result<Envelope, TokenError> = token.withBorrowedUTF8 { bytes in
            do throws(TokenError) {
                return .success(try self.open(bytes, expecting: expected))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func open(_ bytes: UnsafeBufferPointer<UInt8>, expecting expected: TokenKind?) throws(TokenError)
        -> Envelope
    {
        let decoded = try DecodedJWS.decode(bytes, limits: self.limits)
        let header = decoded.headerReader
        let claims = decoded.claimsReader
        let algorithm: String
        let detectedKind: TokenKind?
        if let known = decoded.knownHeader, let facts = Self.knownHeaderFacts[known] {
            algorithm = Self.knownHeaderAlgorithm
            detectedKind = facts.kind ?? TokenKind.detect(header: header, claims: claims)
        } else {
            algorithm = try Self.checkHeader(header)
            detectedKind = TokenKind.detect(header: header, claims: claims)
        }
        guard let kind = detectedKind else {
            throw Self.unknownKindError(header)
        }
        if let expected, kind != expected {
            throw TokenError(.wrongTokenType, "expected \(expected.article) but got \(kind.article)")
        }
        try Self.checkAlgorithm(algorithm, for: kind)
        guard decoded.hasSignature else {
            throw TokenError(.invalidSignature, "the token has no signature; unsigned tokens are never accepted")
        }

        // The key is chosen by the token's issuer; it must then verify the signature before anything the
        // token claims is interpreted.
        let key = try self.key(for: kind, header: header, claims: claims)
        if case .rsa(let position) = key, let pinned = self.validationKeys.read(position, { $0.pointee.algorithm }),
            pinned.rawValue != algorithm
        {
            throw TokenError(
                .unsupportedAlgorithm,
                "'alg' is '\(algorithm)' but the public key \(self.id(of: key)) accepts only \(pinned.rawValue)"
            )
        }
        let signingInput = UnsafeRawBufferPointer(
            rebasing: UnsafeRawBufferPointer(bytes)[0..<decoded.signingInputCount])
        let valid = decoded.withSignature { signature -> Bool in
            switch key {
            case .apiKey(let position):
                return self.apiKeys.read(position) {
                    $0.pointee.signingKey.isValidSignature(signature, for: signingInput)
                }
            case .account(let position):
                return self.accounts.read(position) {
                    $0.pointee.signingKey.isValidSignature(signature, for: signingInput)
                }
            case .rsa(let position):
                return self.validationKeys.read(position) {
                    $0.pointee.isValidSignature(
                        Array(signature),
                        for: Array(signingInput),
                        algorithm: algorithm == "PS256" ? .ps256 : .rs256
                    )
                }
            }
        }
        guard valid else {
            if case .rsa = key {
                throw TokenError(
                    .invalidSignature,
                    "the \(algorithm) signature does not verify with the public key \(self.id(of: key))"
                )
            }
            throw TokenError(.invalidSignature, "the signature does not verify with the key \(self.id(of: key))")
        }
        return Envelope(
            document: decoded.document,
            headerNode: decoded.headerNode,
            payloadNode: decoded.payloadNode,
            kind: kind,
            algorithm: algorithm,
            key: key
        )
    }

    /// The checks that follow reading the claims: times, the access token's account, the audience.
    ///
    /// `claims` comes last, so that callers read `accountSID` from it before it is consumed.
    private func finish<Claims: TimedClaims>(
        _ envelope: Envelope,
        accountSID: String? = nil,
        now: Int,
        claims: consuming Claims
    ) throws(TokenError) -> Verified<Claims> {
        try self.checkTimes(claims, now: now)
        if case .apiKey(let position) = envelope.key, let accountSID {
            let expected = self.apiKeys.read(position) { $0.pointee.accountSID }
            if accountSID != expected {
                throw TokenError(
                    .subjectMismatch,
                    "'sub' is \(TaskRouterClaims.shown(accountSID)) but the API key \(self.id(of: envelope.key)) "
                        + "belongs to account \(expected)"
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
            claims: claims,
            keyID: self.id(of: envelope.key),
            algorithm: envelope.algorithm,
            header: JSONObject(document: envelope.document, node: envelope.headerNode),
            payload: JSONObject(document: envelope.document, node: envelope.payloadNode)
        )
    }

    /// Header rules that do not depend on the kind of token. Returns `alg`.
    static func checkHeader(_ header: ClaimReader) throws(TokenError) -> String {
        guard let algorithm = try header.string(.alg) else {
            throw TokenError(.malformed, "the header has no 'alg'")
        }
        if header.hasAnyMember(ofMask: MemberName.unusualHeaderMask) {
            try Self.checkUnusualHeader(header)
        }
        if let type = try header.stringIndex(.typ), !header.document.string(at: type, equals: .jwtType) {
            throw TokenError(
                .wrongTokenType, "'typ' must be 'JWT' when present; Twilio rejects other types (error 20102)")
        }
        return algorithm
    }

    /// Rejects `crit`, the JWS features the verifier does not implement, and keys in the header.
    private static func checkUnusualHeader(_ header: ClaimReader) throws(TokenError) {
        if let critical = header.value(.crit) {
            guard case .array(let names) = critical, !names.isEmpty, names.allSatisfy({ $0.stringValue != nil }) else {
                throw TokenError(.malformed, "'crit' in the header must be a non-empty array of names")
            }
            throw TokenError(
                .unsupportedHeader,
                "the header lists critical extensions ('crit'), and this verifier understands none"
            )
        }
        for name in MemberName.unsupportedHeaderMembers where header.contains(name) {
            throw TokenError(.unsupportedHeader, "the header's '\(name)' is not supported (Twilio tokens never use it)")
        }
        for name in MemberName.keyHeaderMembers where header.contains(name) {
            throw TokenError(
                .unsupportedHeader,
                "the header carries a key or key location ('\(name)'); keys come only from the verifier's configuration"
            )
        }
    }

    /// What the header checks say of one of `DecodedJWS.knownHeaderTexts`, all of which name HS256: the kind
    /// ``TokenKind/detect(header:claims:)`` finds when the header decides it alone (`nil` when the claims do).
    struct KnownHeaderFacts: Equatable {
        let kind: TokenKind?
    }

    /// The facts of each of `DecodedJWS.knownHeaderTexts`, worked out once by running the checks on it. The checks
    /// depend on the header's bytes alone, and nearly every token carries one of these headers, so a token whose
    /// header is one of them (`DecodedJWS.knownHeader`) is not checked again. `nil` for a header the checks would
    /// reject or that names an algorithm other than HS256 (none of them): such a header is checked as any other.
    static let knownHeaderFacts: [KnownHeaderFacts?] = DecodedJWS.knownHeaderTexts.map { text in
        let bytes = Array(text.utf8)
        var builder = JSONDocument.Builder(copying: bytes)
        guard let root = try? builder.parse(0..<bytes.count, maximumDepth: DecodedJWS.Limits.standard.maximumDepth)
        else { return nil }
        builder.indexKnownMembers(ofObjectAt: root)
        let header = ClaimReader(document: builder.build(), node: root, part: .header)
        guard let algorithm = try? Self.checkHeader(header), algorithm == Self.knownHeaderAlgorithm else {
            return nil
        }
        guard header.contains(.cty) else {
            return KnownHeaderFacts(kind: nil)
        }
        // With a content type the kind is the header's alone: the claims are not looked at.
        guard let kind = TokenKind.detect(header: header, claims: header) else { return nil }
        return KnownHeaderFacts(kind: kind)
    }

    /// The algorithm of every header with ``knownHeaderFacts``.
    static let knownHeaderAlgorithm = "HS256"

    static let hmacAlgorithms = ["HS256"]
    static let rsaAlgorithms = ["RS256", "PS256"]

    static func unknownKindError(_ header: ClaimReader) -> TokenError {
        let contentType: JSONValue? = header.value(.cty)
        switch contentType {
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
        // Compared with the literals rather than looked up in the lists below, which costs an array's retain and
        // release on every token; the tests check that the two agree.
        let isAccepted =
            kind == .clientValidation ? (algorithm == "RS256" || algorithm == "PS256") : algorithm == "HS256"
        guard isAccepted else {
            let accepted = kind == .clientValidation ? Self.rsaAlgorithms : Self.hmacAlgorithms
            let shown = algorithm.utf8.count <= 16 ? "'\(algorithm)'" : "a \(algorithm.utf8.count)-byte value"
            throw TokenError(
                .unsupportedAlgorithm,
                "'alg' is \(shown); \(kind.article) must be signed with "
                    + accepted.joined(separator: " or ") + " (Twilio error 20102)"
            )
        }
    }

    private func key(for kind: TokenKind, header: ClaimReader, claims: ClaimReader) throws(TokenError) -> Key {
        switch kind {
        case .access:
            let issuer = try Self.issuer(claims, kind: .apiKey)
            guard let position = self.apiKeys.position(of: issuer.digits) else {
                throw TokenError(
                    .unknownIssuer, "no API key is configured for the issuer \(claims.document.string(at: issuer.node))"
                )
            }
            return .apiKey(position)
        case .clientCapability, .taskRouter:
            let issuer = try Self.issuer(claims, kind: .account)
            guard let position = self.accounts.position(of: issuer.digits) else {
                throw TokenError(
                    .unknownIssuer,
                    "no auth token is configured for the account \(claims.document.string(at: issuer.node))"
                )
            }
            return .account(position)
        case .clientValidation:
            guard let credential = try header.stringIndex(.kid) else {
                throw TokenError(
                    .malformed, "a Client Validation token's header must name its key in 'kid' (error 20152)")
            }
            guard let digits = header.document.withUTF8(ofStringAt: credential, { SIDDigits($0, kind: .credential) })
            else {
                throw TokenError(.unknownIssuer, "'kid' must be a credential SID (CR…); it is not")
            }
            guard let position = self.validationKeys.position(of: digits) else {
                throw TokenError(
                    .unknownIssuer,
                    "no public key is configured for the credential \(header.document.string(at: credential))"
                )
            }
            return .rsa(position)
        }
    }

    /// The digits of the `iss` claim, which must have the shape of `kind` before it is used to look up a key.
    private static func issuer(_ claims: ClaimReader, kind: SIDKind) throws(TokenError) -> (
        digits: SIDDigits, node: Int
    ) {
        guard let issuer = try claims.stringIndex(.iss) else {
            throw claims.missing(.iss)
        }
        guard let digits = claims.document.withUTF8(ofStringAt: issuer, { SIDDigits($0, kind: kind) }) else {
            throw TokenError(
                .unknownIssuer,
                "'iss' must be \(kind.noun) ('\(kind.prefix)' followed by 32 lower-case hex digits); it is not"
            )
        }
        return (digits, issuer)
    }

    /// `time`, or the current time; a time outside the Unix times tokens may hold is a mistake of the caller.
    private static func verificationTime(_ time: Int?) throws(TokenError) -> Int {
        guard let time else { return UnixTime.now() }
        try UnixTime.validate(time, field: "the verification time")
        return time
    }

    private func checkTimes(_ claims: borrowing some TimedClaims, now: Int) throws(TokenError) {
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
        // Twilio refuses tokens valid for more than 24 hours (error 20157). Measured from the later of the issue time
        // and `nbf` when the token states either (security reference F08: twilio-python writes `nbf` and no `iat`),
        // and always from now.
        if let start = claims.validityStart, expiresAt - start > TimeToLive.maximum {
            let name = start == claims.issuedAt ? "its issue time ('iat')" : "'nbf'"
            throw TokenError(
                .lifetimeTooLong,
                "the token is valid for \(expiresAt - start) s after \(name); Twilio accepts at most "
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
