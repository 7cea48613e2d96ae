import Crypto
import _CryptoExtras

/// The public half of a Public Key Client Validation key pair, under the credential SID Twilio gave it.
///
/// This is what Twilio holds: it checks the signature of each `Twilio-Client-Validation` token with the public key
/// named by the token's `kid`. Use it to check tokens yourself, for example in a test double of the Twilio API,
/// or take ``pemRepresentation`` from ``ClientValidationKey/publicKey`` to upload a new key to Twilio.
///
/// ```swift
/// let publicKey = try ClientValidationPublicKey(
///     credentialSID: "CRxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
///     publicKeyPEM: publicKeyPEM
/// )
/// ```
public struct ClientValidationPublicKey: Sendable {
    /// The SID of the public key credential (`CR…`): the `kid` of the tokens this key checks.
    public let credentialSID: String
    /// The one algorithm this key accepts, or `nil` for either RS256 or PS256 (both are RSA signatures with this
    /// key, and Twilio accepts both). Pin it when your clients sign with one of them, so that a token naming the
    /// other is refused with ``TokenError/Code-swift.struct/unsupportedAlgorithm`` before its signature is checked.
    public let algorithm: SignatureAlgorithm?

    let key: _RSA.Signing.PublicKey

    /// Reads an RSA public key in PEM form and checks it and its credential SID.
    ///
    /// Both common PEM forms are accepted: SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----`, what
    /// `openssl rsa -pubout` writes and Twilio's Credentials API takes) and PKCS#1 (`-----BEGIN RSA PUBLIC KEY-----`).
    /// The key must be an RSA key of at least 2048 bits with public exponent 65537, as Twilio requires.
    ///
    /// - Parameters:
    ///   - credentialSID: The credential SID, `CR` followed by 32 lower-case hex digits.
    ///   - publicKeyPEM: The public key, in PEM form.
    ///   - algorithm: The one algorithm to accept, ``SignatureAlgorithm/rs256`` or ``SignatureAlgorithm/ps256``, or
    ///     `nil` (the default) for either.
    /// - Throws: ``TokenError`` with ``TokenError/Code-swift.struct/invalidSID`` for a malformed credential SID,
    ///   ``TokenError/Code-swift.struct/invalidArgument`` for an algorithm that is not RS256 or PS256, or
    ///   ``TokenError/Code-swift.struct/invalidKey`` when the PEM is empty or malformed, holds a private key (which
    ///   should never leave your server), a certificate or a non-RSA key, or an RSA key shorter than 2048 bits or
    ///   with an exponent other than 65537. Messages never contain key material.
    public init(
        credentialSID: String,
        publicKeyPEM: String,
        algorithm: SignatureAlgorithm? = nil
    ) throws(TokenError) {
        try SIDKind.credential.validate(credentialSID, field: "credential SID")
        if let algorithm, !algorithm.isRSA {
            throw TokenError(
                .invalidArgument, "a Client Validation public key accepts RS256 or PS256 signatures, not \(algorithm)")
        }
        let block = try RSAKeyPEM.block(in: publicKeyPEM, role: .publicKey)
        let key = try RSAKeyPEM.publicKey(block)
        try RSAKeyPEM.checkStrength(of: key, role: .publicKey)
        self.credentialSID = credentialSID
        self.key = key
        self.algorithm = algorithm
    }

    init(credentialSID: String, key: _RSA.Signing.PublicKey, algorithm: SignatureAlgorithm? = nil) {
        self.credentialSID = credentialSID
        self.key = key
        self.algorithm = algorithm
    }

    /// The key as a SubjectPublicKeyInfo PEM document (`-----BEGIN PUBLIC KEY-----`), the form Twilio's
    /// Credentials API takes.
    public var pemRepresentation: String { self.key.pemRepresentation }

    /// The size of the RSA modulus in bits.
    public var keySizeInBits: Int { self.key.keySizeInBits }

    /// Whether `signature` is a valid `algorithm` signature of `message` under this key.
    ///
    /// RS256 is RSASSA-PKCS1-v1_5 with SHA-256 and PS256 is RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte
    /// salt (RFC 7518 §3.3, §3.5). The check is the platform's (BoringSSL or Security.framework), which compares
    /// the full encoding.
    ///
    /// - Parameters:
    ///   - signature: The raw signature bytes (the decoded third segment of a token).
    ///   - message: The signing input, `segment1 "." segment2` as ASCII bytes.
    ///   - algorithm: The algorithm the verifier expects; never take it from the token header alone.
    /// - Returns: `true` when the signature verifies.
    func isValidSignature(_ signature: [UInt8], for message: [UInt8], algorithm: SignatureAlgorithm) -> Bool {
        guard let padding = algorithm.rsaPadding else { return false }
        let digest = SHA256.hash(data: message)
        return self.key.isValidSignature(
            _RSA.Signing.RSASignature(rawRepresentation: signature), for: digest, padding: padding)
    }
}

extension ClientValidationPublicKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A one-line summary: the credential SID and the key size.
    public var description: String {
        "ClientValidationPublicKey(credentialSID: \(self.credentialSID), \(self.keySizeInBits)-bit RSA)"
    }
    /// The same as ``description``.
    public var debugDescription: String { self.description }
    /// A mirror with the SIDs only, so that `dump(_:)` and debuggers show no key material.
    public var customMirror: Mirror {
        Mirror(self, children: ["credentialSID": self.credentialSID], displayStyle: .struct)
    }
}
