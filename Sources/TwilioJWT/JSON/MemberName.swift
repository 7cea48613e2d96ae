/// A member name to look up in a ``JSONDocument``, prepared for fast comparison.
///
/// The document keeps each plain ASCII string of at most eight bytes also as one word (its bytes, little-endian,
/// zero-padded; ``JSONDocument/Node/bits``), and a name of that shape is prepared the same way here, so that
/// looking a claim up compares one word per member instead of bytes. Every name the verifier reads is that short
/// except a few grant members, which are compared byte for byte.
///
/// Preparing a name costs more than a lookup, so the names the verifier reads are prepared once, as the constants
/// below (`claims.string(.jti)`).
///
/// Names are compared as Swift compares strings (canonical equivalence), as a dictionary keyed by `String` would
/// find them: a member name written with escapes or non-ASCII characters is decoded and compared as `String`.
struct MemberName: Sendable, CustomStringConvertible {
    /// The name.
    let text: String
    /// The UTF-8 bytes of ``text`` packed as the document packs short names, when ``isShortASCII``.
    let packed: UInt64
    /// The number of UTF-8 bytes of ``text``.
    let count: Int
    /// Whether ``text`` is ASCII (so that a plain ASCII member name equals it exactly when their bytes are equal).
    let isASCII: Bool

    @inline(__always)
    init(_ text: String) {
        self.text = text
        self.count = text.utf8.count
        self.isASCII = text.utf8.allSatisfy { $0 < 0x80 }
        var packed: UInt64 = 0
        if self.isASCII && self.count <= MemberName.packedCount {
            for (offset, byte) in text.utf8.enumerated() {
                packed |= UInt64(byte) << (8 * offset)
            }
        }
        self.packed = packed
    }

    var description: String { self.text }

    /// Whether a name is short enough to be kept packed: at most this many bytes.
    static let packedCount = 8

    /// `bytes` packed into a word (at most ``packedCount`` of them).
    @inline(__always)
    static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var packed: UInt64 = 0
        for offset in 0..<bytes.count {
            packed |= UInt64(bytes[offset]) << (8 * offset)
        }
        return packed
    }
}

// The names the verifier reads, prepared once.
extension MemberName {
    // JOSE header
    static let alg = MemberName("alg")
    static let crit = MemberName("crit")
    static let cty = MemberName("cty")
    static let kid = MemberName("kid")
    static let twr = MemberName("twr")
    static let typ = MemberName("typ")
    /// Header members of JWS features the verifier does not implement.
    static let unsupportedHeaderMembers = ["b64", "zip"].map(MemberName.init)
    /// Header members that carry a key or point to one.
    static let keyHeaderMembers = ["jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256"].map(MemberName.init)

    // Registered claims
    static let aud = MemberName("aud")
    static let exp = MemberName("exp")
    static let iat = MemberName("iat")
    static let iss = MemberName("iss")
    static let jti = MemberName("jti")
    static let nbf = MemberName("nbf")
    static let sub = MemberName("sub")

    // Access tokens
    static let grants = MemberName("grants")
    static let voiceGrant = MemberName("voice")
    static let videoGrant = MemberName("video")
    static let chatGrant = MemberName("chat")
    static let syncGrant = MemberName("data_sync")
    static let taskRouterGrant = MemberName("task_router")
    static let playbackGrant = MemberName("player")
    static let ipMessagingGrant = MemberName("ip_messaging")
    static let rtcGrant = MemberName("rtc")
    static let identity = MemberName("identity")
    static let incoming = MemberName("incoming")
    static let allow = MemberName("allow")
    static let outgoing = MemberName("outgoing")
    static let applicationSID = MemberName("application_sid")
    static let params = MemberName("params")
    static let pushCredentialSID = MemberName("push_credential_sid")
    static let endpointID = MemberName("endpoint_id")
    static let videoGrantMembers = ["room"].map(MemberName.init)
    static let chatGrantMembers = ["service_sid", "endpoint_id", "deployment_role_sid", "push_credential_sid"].map(
        MemberName.init)
    static let syncGrantMembers = ["service_sid", "endpoint_id"].map(MemberName.init)
    static let taskRouterGrantMembers = ["workspace_sid", "worker_sid", "role"].map(MemberName.init)
    static let rtcGrantMembers = ["configuration_profile_sid"].map(MemberName.init)

    // Client capability tokens
    static let scope = MemberName("scope")

    // TaskRouter capability tokens
    static let policies = MemberName("policies")
    static let accountSID = MemberName("account_sid")
    static let workspaceSID = MemberName("workspace_sid")
    static let channel = MemberName("channel")
    static let friendlyName = MemberName("friendly_name")
    static let version = MemberName("version")
    static let allowed = MemberName("allowed")
    static let url = MemberName("url")
    static let method = MemberName("method")
    static let queryFilter = MemberName("query_filter")
    static let postFilter = MemberName("post_filter")

    // Client Validation tokens
    static let hrh = MemberName("hrh")
    static let rqh = MemberName("rqh")

    // Values compared like names
    static let jwtType = MemberName("JWT")
    static let accessContentType = MemberName("twilio-fpa;v=1")
    static let clientValidationContentType = MemberName("twilio-pkrv;v=1")
}
