@_spi(Engine) import TwilioJWTEngine

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
/// let token = try verifier.verify(jwt, as: AccessTokenClaims.self)
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
    public static let maximumLeeway: Duration = .seconds(300)

    /// The clock difference tolerated on `exp`, `nbf` and `iat`.
    public let leeway: Duration
    /// ``leeway`` in whole seconds.
    let leewaySeconds: Int
    let apiKeys: KeyTable<APIKey>
    let accounts: KeyTable<AccountCredentials>
    let validationKeys: KeyTable<ClientValidationPublicKey>
    /// How large a token may be.
    var limits = Self.standardLimits

    /// Creates a verifier that accepts tokens signed with the given keys.
    ///
    /// - Parameters:
    ///   - apiKeys: API keys, for access tokens.
    ///   - accounts: Account credentials, for Client capability and TaskRouter tokens.
    ///   - validationKeys: Public keys, for Client Validation tokens.
    ///   - leeway: The clock difference tolerated on the time claims, whole seconds from zero to five minutes; none
    ///     by default.
    /// - Throws: ``TokenError/Code-swift.struct/invalidArgument`` when no key is given, two keys have the same
    ///   SID, or the leeway is not whole seconds between 0 and 300.
    public init(
        apiKeys: [APIKey] = [],
        accounts: [AccountCredentials] = [],
        validationKeys: [ClientValidationPublicKey] = [],
        leeway: Duration = .zero
    ) throws(TokenError) {
        guard leeway >= .zero, leeway <= Self.maximumLeeway, leeway.components.attoseconds == 0 else {
            throw TokenError(
                .invalidArgument,
                "leeway must be whole seconds between 0 and \(UnixTime.seconds(Self.maximumLeeway)); got \(leeway)"
            )
        }
        guard !(apiKeys.isEmpty && accounts.isEmpty && validationKeys.isEmpty) else {
            throw TokenError(.invalidArgument, "a verifier needs at least one key")
        }
        self.leeway = leeway
        self.leewaySeconds = UnixTime.seconds(leeway)
        self.apiKeys = try KeyTable(apiKeys, sid: \.sid, kind: .apiKey, name: "API key")
        self.accounts = try KeyTable(accounts, sid: \.accountSID, kind: .account, name: "account")
        self.validationKeys = try KeyTable(
            validationKeys, sid: \.credentialSID, kind: .credential, name: "credential")
    }

    /// The limits of verification: tokens of at most 8 KiB, headers of at most 1 KiB, JSON nesting at most 16 levels.
    static let standardLimits = JWSLimits(maximumTokenSize: 8192, maximumHeaderSize: 1024, maximumDepth: 16)
}

/// The keys of one kind, found by the digits of their SID, so that a token's issuer is looked up without copying it
/// out of the token.
struct KeyTable<Key: Sendable>: Sendable {
    let keys: [Key]
    let kind: SIDKind
    /// The digits of each key's SID, in the order of `keys`.
    private let digits: [SIDDigits]
    private let positions: [SIDDigits: Int]
    /// Up to this many keys (a rotation has two or three) are found by comparing digits, which costs less than
    /// hashing them; more by the dictionary.
    private static var linearSearchLimit: Int { 8 }

    init(_ keys: [Key], sid: KeyPath<Key, String>, kind: SIDKind, name: String) throws(TokenError) {
        var positions: [SIDDigits: Int] = [:]
        var allDigits: [SIDDigits] = []
        for (position, key) in keys.enumerated() {
            let id = key[keyPath: sid]
            // Every key type checked its SID when it was made.
            guard let digits = kind.digits(of: id) else {
                preconditionFailure("\(name) key with a malformed SID")
            }
            guard positions.updateValue(position, forKey: digits) == nil else {
                throw TokenError(.invalidArgument, "two \(name) keys have the SID \(id); each SID may appear once")
            }
            allDigits.append(digits)
        }
        self.keys = keys
        self.kind = kind
        self.digits = allDigits
        self.positions = positions
    }

    /// The position of the key whose SID has `digits`.
    func position(of digits: SIDDigits) -> Int? {
        guard self.digits.count <= Self.linearSearchLimit else { return self.positions[digits] }
        return self.digits.firstIndex(of: digits)
    }
}
