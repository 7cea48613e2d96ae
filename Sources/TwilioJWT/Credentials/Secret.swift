@_spi(Engine) import TwilioJWTEngine

/// A shared secret that signs HS256 tokens: an API key secret or an account auth token.
///
/// Twilio issues both as 32-character strings, and they are used exactly as typed: the UTF-8 bytes of
/// the string are the HMAC key (they are never base64- or hex-decoded).
///
/// A `Secret` never shows its value: `description`, `debugDescription`, string interpolation,
/// `dump(_:)` and `Mirror` all print `Secret(<redacted>, 32 bytes)` or less. The bytes are held in a
/// swift-crypto `SymmetricKey`, which zeroes its memory when released.
///
/// ```swift
/// let secret = try Secret(ProcessInfo.processInfo.environment["TWILIO_API_SECRET"] ?? "")
/// ```
public struct Secret: Sendable {
    /// The minimum length, in bytes, that ``init(_:)`` accepts: the size of an HMAC-SHA256 output,
    /// as RFC 7518 §3.2 requires and as Twilio's own secrets have.
    public static let minimumByteCount = 32

    let key: SecretKey

    /// Wraps a secret string, refusing one that is too short to be a real Twilio secret.
    ///
    /// - Parameter secret: The API key secret or auth token, exactly as Twilio shows it.
    /// - Throws: ``TokenError/Code-swift.struct/weakSecret`` if the secret is empty or shorter than
    ///   ``minimumByteCount`` bytes; ``TokenError/Code-swift.struct/invalidKey`` if it is a PEM, SSH or JWK key. Java's jjwt and .NET refuse such HMAC keys too; a short secret is almost
    ///   always a truncated value or a placeholder such as `your_auth_token`.
    public init(_ secret: String) throws(TokenError) {
        let count = secret.utf8.count
        guard count >= Self.minimumByteCount else {
            throw Self.weakSecretError(byteCount: count)
        }
        try Self.rejectKeyMaterial(secret)
        self.key = SecretKey(utf8Of: secret)
    }

    /// Wraps a secret of any non-empty length, including lengths below 32 bytes.
    ///
    /// Use this only to interoperate with a system that already signs with a short secret (for example
    /// a test fixture). Tokens signed with a short HMAC key can be forged by brute force, and Twilio never
    /// issues such secrets. An empty secret is refused even here: an empty or missing key is the root of
    /// several token-forgery vulnerabilities (ruby-jwt CVE-2026-45363, HMAC with an empty key,
    /// https://github.com/jwt/ruby-jwt/security/advisories/GHSA-c32j-vqhx-rx3x; jsonwebtoken CVE-2022-23540, where a
    /// missing key made verification fall back to `alg: none`).
    ///
    /// - Throws: ``TokenError/Code-swift.struct/weakSecret`` if the secret is empty.
    public init(insecureShortSecret secret: String) throws(TokenError) {
        guard !secret.isEmpty else {
            throw Self.weakSecretError(byteCount: 0)
        }
        try Self.rejectKeyMaterial(secret)
        self.key = SecretKey(utf8Of: secret)
    }

    /// The length of the secret in bytes.
    public var byteCount: Int { self.key.byteCount }

    /// Refuses text that is a public or private key rather than a shared secret. Using a public key (PEM or
    /// OpenSSH) as an HMAC secret is the algorithm-confusion attack behind PyJWT CVE-2017-11424 (an RSA PEM) and
    /// CVE-2022-29217 (OpenSSH keys); Twilio secrets never look like this.
    private static func rejectKeyMaterial(_ secret: String) throws(TokenError) {
        let trimmed = secret.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        let markers = ["-----BEGIN", "ssh-rsa ", "ssh-ed25519 ", "ecdsa-sha2-", "ssh-dss "]
        let isJWK = trimmed.hasPrefix("{") && trimmed.contains("\"kty\"")
        if isJWK || markers.contains(where: { trimmed.hasPrefix($0) }) {
            throw TokenError(
                .invalidKey,
                "the secret is a PEM, SSH or JWK key, not a Twilio secret; an HMAC secret must never be a public key"
            )
        }
    }

    private static func weakSecretError(byteCount: Int) -> TokenError {
        if byteCount == 0 {
            return TokenError(.weakSecret, "the secret is empty")
        }
        return TokenError(
            .weakSecret,
            "the secret is \(byteCount) bytes long; Twilio secrets are 32 characters and HS256 needs at least "
                + "\(Self.minimumByteCount) bytes (use Secret(insecureShortSecret:) only to interoperate with "
                + "an existing short key)"
        )
    }
}

extension Secret: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "Secret(<redacted>, \(self.byteCount) bytes)" }
    public var debugDescription: String { self.description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
