import Crypto
@_spi(Engine) import TwilioJWTEngine
import _CryptoExtras

/// The credentials that sign Public Key Client Validation (PKCV) tokens: an RSA private key, the SID Twilio gave
/// its public half, and the API key and account it acts for.
///
/// With PKCV, every REST request your server sends to Twilio carries a short-lived token in the
/// `Twilio-Client-Validation` header, signed with a private key whose public half you uploaded to Twilio. Twilio
/// then accepts only requests that come with a valid token, so a leaked API key secret alone is no longer enough
/// to call the API.
///
/// ```swift
/// let key = try ClientValidationKey(
///     credentialSID: "CRxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",   // the uploaded public key
///     apiKeySID: "SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
///     accountSID: "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
///     privateKeyPEM: privateKeyPEM
/// )
/// ```
///
/// Create one `ClientValidationKey` when your server starts and reuse it: the key is parsed and checked once,
/// and the token header, which depends only on the credential SID and the algorithm, is encoded once.
///
/// The private key never shows: `description`, `debugDescription`, string interpolation, `dump(_:)` and `Mirror`
/// print the three SIDs and the key size only.
public struct ClientValidationKey: Sendable {
    /// The SID of the public key credential Twilio holds (`CR…`), written as the token header's key ID (`kid`).
    public let credentialSID: String
    /// The SID of the API key the requests are authenticated with (`SK…`), written as the token's issuer (`iss`).
    public let apiKeySID: String
    /// The SID of the account (`AC…`), written as the token's subject (`sub`).
    public let accountSID: String

    let privateKey: _RSA.Signing.PrivateKey
    /// The headers of tokens signed with RS256 and PS256, fixed per key.
    private let rs256Header: HeaderTemplate
    private let ps256Header: HeaderTemplate

    /// Reads an RSA private key in PEM form and checks it and the three SIDs.
    ///
    /// Both PEM forms OpenSSL writes are accepted: PKCS#8 (`-----BEGIN PRIVATE KEY-----`, what
    /// `openssl genpkey` and OpenSSL 3's `openssl genrsa` write) and PKCS#1 (`-----BEGIN RSA PRIVATE KEY-----`).
    /// Line breaks may be `\n` or `\r\n`, or missing altogether. The key must be an RSA key of at least 2048 bits
    /// with public exponent 65537, which is what Twilio accepts for PKCV.
    ///
    /// Passphrase-protected keys (`-----BEGIN ENCRYPTED PRIVATE KEY-----`, or `Proc-Type: 4,ENCRYPTED`) are not
    /// supported: decrypt the key once with `openssl pkey -in private_key.pem -out private_key_plain.pem` and keep
    /// the result in your secret store.
    ///
    /// - Parameters:
    ///   - credentialSID: The SID Twilio returned when you uploaded the public key, `CR` followed by 32
    ///     lower-case hex digits.
    ///   - apiKeySID: The API key SID, `SK` followed by 32 lower-case hex digits.
    ///   - accountSID: The account SID, `AC` followed by 32 lower-case hex digits.
    ///   - privateKeyPEM: The private key, in PEM form.
    /// - Throws: ``TokenError`` with ``TokenError/Code-swift.struct/invalidSID`` naming a malformed SID, or
    ///   ``TokenError/Code-swift.struct/invalidKey`` when the PEM is empty or malformed, holds a public key, a
    ///   certificate, an encrypted or a non-RSA key, or an RSA key shorter than 2048 bits or with an exponent
    ///   other than 65537. Messages never contain key material.
    public init(
        credentialSID: String,
        apiKeySID: String,
        accountSID: String,
        privateKeyPEM: String
    ) throws(TokenError) {
        try SIDKind.credential.validate(credentialSID, field: "credential SID")
        try SIDKind.apiKey.validate(apiKeySID, field: "API key SID")
        try SIDKind.account.validate(accountSID, field: "account SID")
        let block = try RSAKeyPEM.block(in: privateKeyPEM, role: .privateKey)
        let privateKey = try RSAKeyPEM.privateKey(block)
        try RSAKeyPEM.checkStrength(of: privateKey.publicKey, role: .privateKey)

        self.credentialSID = credentialSID
        self.apiKeySID = apiKeySID
        self.accountSID = accountSID
        self.privateKey = privateKey
        self.rs256Header = ClientValidationHeader.template(algorithm: .rs256, credentialSID: credentialSID)
        self.ps256Header = ClientValidationHeader.template(algorithm: .ps256, credentialSID: credentialSID)
    }

    /// The public half of the key, under the same credential SID.
    ///
    /// Its ``ClientValidationPublicKey/pemRepresentation`` is the text to upload to Twilio (Credentials API,
    /// `PublicKey` parameter) when you create the credential.
    public var publicKey: ClientValidationPublicKey {
        ClientValidationPublicKey(credentialSID: self.credentialSID, key: self.privateKey.publicKey)
    }

    /// The size of the RSA modulus in bits.
    public var keySizeInBits: Int { self.privateKey.keySizeInBits }

    /// The header of a token signed with `algorithm`; `nil` for an algorithm that is not RSA.
    func header(for algorithm: SignatureAlgorithm) -> HeaderTemplate? {
        switch algorithm {
        case .rs256: return self.rs256Header
        case .ps256: return self.ps256Header
        default: return nil
        }
    }

    /// Signs `message` (the JWS signing input) with SHA-256 and the padding of `algorithm`.
    ///
    /// RS256 (PKCS#1 v1.5) is deterministic: the same key and message always give the same signature, which is
    /// what lets the tests compare whole tokens with twilio-python's. PS256 (PSS, 32-byte salt) is randomised.
    func signature(for message: [UInt8], algorithm: SignatureAlgorithm) throws(TokenError) -> [UInt8] {
        guard let padding = algorithm.rsaPadding else {
            throw TokenError(.invalidArgument, "\(algorithm) is not an RSA signature algorithm")
        }
        let digest = SHA256.hash(data: message)
        do {
            let signature = try self.privateKey.signature(for: digest, padding: padding)
            return Array(signature.rawRepresentation)
        } catch {
            throw TokenError(
                .invalidKey, "the RSA private key failed to produce a \(algorithm) signature", underlyingError: error)
        }
    }
}

extension ClientValidationKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A one-line summary: the three SIDs and the key size, never the key.
    public var description: String {
        "ClientValidationKey(credentialSID: \(self.credentialSID), apiKeySID: \(self.apiKeySID), "
            + "accountSID: \(self.accountSID), privateKey: <redacted, \(self.keySizeInBits)-bit RSA>)"
    }
    /// The same as ``description``.
    public var debugDescription: String { self.description }
    /// A mirror with the SIDs only, so that `dump(_:)` and debuggers show no key material.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "credentialSID": self.credentialSID, "apiKeySID": self.apiKeySID, "accountSID": self.accountSID,
            ],
            displayStyle: .struct
        )
    }
}
