/// The RSA signature algorithms Twilio accepts for Public Key Client Validation tokens (the `alg` header).
///
/// Both use SHA-256 and the same key; they differ in padding. RS256 is what twilio-python and the other helper
/// libraries send by default, and its signatures are deterministic. PS256 uses randomised PSS padding, which
/// newer designs prefer; Twilio accepts either (error 20152 lists both).
public enum ClientValidationAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3); the default.
    case rs256 = "RS256"
    /// RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte salt (RFC 7518 §3.5).
    case ps256 = "PS256"
}
