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
    /// The UTF-8 bytes of ``text`` packed as the document packs short names, when it is ASCII of at most
    /// ``packedCount`` bytes; 0 otherwise.
    let packed: UInt64
    /// The number of UTF-8 bytes of ``text``.
    let count: Int
    /// Whether ``text`` is ASCII (so that a plain ASCII member name equals it exactly when their bytes are equal).
    let isASCII: Bool
    /// The name's place among ``wellKnown``, or -1.
    let slot: Int

    init(_ text: String) {
        self.init(text, slot: -1)
    }

    private init(_ text: String, slot: Int) {
        self.slot = slot
        self.text = text
        self.count = text.utf8.count
        self.isASCII = text.utf8.allSatisfy { $0 < 0x80 }
        var text = text
        self.packed = self.isASCII && self.count <= MemberName.packedCount ? text.withUTF8(MemberName.pack) : 0
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
    // The members of a token's header and claims that a document finds in one pass
    // (`JSONDocument.Builder.indexKnownMembers(ofObjectAt:)`); `slot` is the position in ``wellKnown``.
    static let alg = MemberName("alg", slot: 0)
    static let typ = MemberName("typ", slot: 1)
    static let cty = MemberName("cty", slot: 2)
    static let twr = MemberName("twr", slot: 3)
    static let kid = MemberName("kid", slot: 4)
    static let crit = MemberName("crit", slot: 5)
    static let b64 = MemberName("b64", slot: 6)
    static let zip = MemberName("zip", slot: 7)
    static let jwk = MemberName("jwk", slot: 8)
    static let jku = MemberName("jku", slot: 9)
    static let x5u = MemberName("x5u", slot: 10)
    static let x5c = MemberName("x5c", slot: 11)
    static let x5t = MemberName("x5t", slot: 12)
    static let x5tS256 = MemberName("x5t#S256", slot: 13)
    static let iss = MemberName("iss", slot: 14)
    static let sub = MemberName("sub", slot: 15)
    static let jti = MemberName("jti", slot: 16)
    static let exp = MemberName("exp", slot: 17)
    static let nbf = MemberName("nbf", slot: 18)
    static let iat = MemberName("iat", slot: 19)
    static let aud = MemberName("aud", slot: 20)
    static let grants = MemberName("grants", slot: 21)
    static let scope = MemberName("scope", slot: 22)
    static let policies = MemberName("policies", slot: 23)

    /// The number of well-known names.
    static let wellKnownCount = 24

    /// The names a document indexes for a token's header and claims, in slot order.
    static let wellKnown: [MemberName] = [
        alg, typ, cty, twr, kid, crit, b64, zip, jwk, jku, x5u, x5c, x5t, x5tS256, iss, sub, jti, exp, nbf, iat, aud,
        grants, scope, policies,
    ]

    /// The slot of the well-known name whose bytes pack to `packed` (a plain ASCII name of at most eight bytes).
    ///
    /// Plain names contain no NUL byte (the parser rejects raw control characters), so a packed value stands for
    /// exactly one name. The constants are checked against ``wellKnown`` by the tests.
    @inline(__always)
    static func slot(packed: UInt64) -> Int? {
        switch packed {
        case 0x676c61: return 0  // alg
        case 0x707974: return 1  // typ
        case 0x797463: return 2  // cty
        case 0x727774: return 3  // twr
        case 0x64696b: return 4  // kid
        case 0x7469_7263: return 5  // crit
        case 0x343662: return 6  // b64
        case 0x70697a: return 7  // zip
        case 0x6b776a: return 8  // jwk
        case 0x756b6a: return 9  // jku
        case 0x753578: return 10  // x5u
        case 0x633578: return 11  // x5c
        case 0x743578: return 12  // x5t
        case 0x3635_3253_2374_3578: return 13  // x5t#S256
        case 0x737369: return 14  // iss
        case 0x627573: return 15  // sub
        case 0x69746a: return 16  // jti
        case 0x707865: return 17  // exp
        case 0x66626e: return 18  // nbf
        case 0x746169: return 19  // iat
        case 0x647561: return 20  // aud
        case 0x7374_6e61_7267: return 21  // grants
        case 0x65_706f_6373: return 22  // scope
        case 0x7365_6963_696c_6f70: return 23  // policies
        default: return nil
        }
    }

    /// The slot of the well-known name equal to `text` (compared as Swift compares strings), for member names
    /// written with escapes or non-ASCII characters.
    static func slot(text: String) -> Int? {
        Self.wellKnown.firstIndex { $0.text == text }
    }

    /// The slots of `crit`, ``unsupportedHeaderMembers`` and ``keyHeaderMembers`` (5 to 13) as a mask, so that a
    /// header without any of them, every Twilio token's, is checked with one test.
    static let unusualHeaderMask: UInt32 = 0b11_1111_1110_0000

    /// Header members of JWS features the verifier does not implement.
    static let unsupportedHeaderMembers = [b64, zip]
    /// Header members that carry a key or point to one.
    static let keyHeaderMembers = [jwk, jku, x5u, x5c, x5t, x5tS256]
}

extension MemberName {
    /// The packed bytes of the short member names the access-token decoder tells apart by their word alone
    /// (`JSONDocument.packedName(at:)`): literals, so that reading one costs nothing. The tests check each
    /// against ``MemberName/pack(_:)``.
    enum Packed {
        static let identity: UInt64 = 0x7974_6974_6e65_6469
        static let voice: UInt64 = 0x65_6369_6f76
        static let video: UInt64 = 0x6f_6564_6976
        static let chat: UInt64 = 0x7461_6863
        static let rtc: UInt64 = 0x63_7472
        static let player: UInt64 = 0x7265_7961_6c70
        static let incoming: UInt64 = 0x676e_696d_6f63_6e69
        static let outgoing: UInt64 = 0x676e_696f_6774_756f
        static let params: UInt64 = 0x736d_6172_6170
        static let allow: UInt64 = 0x77_6f6c_6c61
    }
}

// Other names the verifier reads, prepared once.
extension MemberName {
    // Access tokens
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

    // TaskRouter capability tokens
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
