import _CryptoExtras

/// A JWS signature algorithm (RFC 7518 §3): the `alg` of a token's header.
///
/// Twilio uses three. Access tokens, Client capability tokens and TaskRouter tokens are signed with ``hs256`` and the
/// API key secret or the auth token. Public Key Client Validation tokens are signed with an RSA key, with ``rs256``
/// (what twilio-python and the other helper libraries send) or ``ps256`` (Twilio accepts either: its error 20152 lists
/// both).
///
/// The verifier decides the algorithm from the key, never from the token: `none` and every other algorithm are
/// rejected.
public struct SignatureAlgorithm: Sendable, Hashable, CustomStringConvertible {
    fileprivate enum Wrapped: Sendable, Hashable {
        case hs256, rs256, ps256
    }

    fileprivate let wrapped: Wrapped

    private init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    /// HMAC with SHA-256 (RFC 7518 §3.2).
    public static let hs256 = SignatureAlgorithm(.hs256)
    /// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3): deterministic; the default for Client Validation tokens.
    public static let rs256 = SignatureAlgorithm(.rs256)
    /// RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte salt (RFC 7518 §3.5): randomised.
    public static let ps256 = SignatureAlgorithm(.ps256)

    /// The `alg` value: `HS256`, `RS256` or `PS256`.
    public var name: String {
        switch self.wrapped {
        case .hs256: return "HS256"
        case .rs256: return "RS256"
        case .ps256: return "PS256"
        }
    }

    /// The ``name``.
    public var description: String { self.name }

    /// The algorithm named `name` (exactly, as in a header's `alg`), if this library implements it.
    public init?(name: String) {
        switch name {
        case "HS256": self = .hs256
        case "RS256": self = .rs256
        case "PS256": self = .ps256
        default: return nil
        }
    }

    /// The RSA algorithms: those of Client Validation tokens.
    static let rsa: [SignatureAlgorithm] = [.rs256, .ps256]

    /// Whether this is one of the ``rsa`` algorithms.
    var isRSA: Bool { self.wrapped != .hs256 }

    /// The algorithms a token of `kind` may be signed with.
    static func accepted(for kind: TokenKind) -> [SignatureAlgorithm] {
        kind == .clientValidation ? Self.rsa : [.hs256]
    }

    /// swift-crypto names PKCS#1 v1.5 `insecure` to steer new designs towards PSS. RS256 is that padding by
    /// definition (RFC 7518 §3.3), it is what twilio-python sends, and no practical forgery of v1.5 *signatures* is
    /// known when the verifier checks the whole encoding, as BoringSSL and Security.framework do. `nil` for HS256.
    var rsaPadding: _RSA.Signing.Padding? {
        switch self.wrapped {
        case .hs256: return nil
        case .rs256: return .insecurePKCS1v1_5
        case .ps256: return .PSS
        }
    }
}

extension SignatureAlgorithm: Encodable {
    /// Encodes the ``name``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.name)
    }
}

/// The RSA algorithms of Client Validation tokens, now one type with the verifier's and ``Verified``'s.
@available(*, deprecated, renamed: "SignatureAlgorithm")
public typealias ClientValidationAlgorithm = SignatureAlgorithm
