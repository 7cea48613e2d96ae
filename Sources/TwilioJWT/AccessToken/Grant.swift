@_spi(Engine) import TwilioJWTEngine

/// One grant of an access token: what the token lets a client SDK do.
///
/// Each case carries a typed grant; ``custom(key:value:)`` carries any other grant as JSON, for grants Twilio
/// adds after this library was written.
public enum Grant: Sendable, Hashable {
    /// Programmable Voice (`voice`).
    case voice(VoiceGrant)
    /// Programmable Video (`video`).
    case video(VideoGrant)
    /// Conversations and Chat (`chat`).
    case chat(ChatGrant)
    /// Sync (`data_sync`).
    case sync(SyncGrant)
    /// TaskRouter (`task_router`).
    case taskRouter(TaskRouterGrant)
    /// Twilio Live playback (`player`).
    case playback(PlaybackGrant)
    /// Legacy IP Messaging (`ip_messaging`).
    case ipMessaging(IPMessagingGrant)
    /// Legacy Video beta (`rtc`).
    case rtc(RTCGrant)
    /// Any other grant: `key` is its member name inside `grants`, `value` is written verbatim.
    ///
    /// The key must not be empty or `identity` (which is the token's identity). A custom grant whose key is
    /// one of the typed grants' keys takes that grant's place, as it would in twilio-python.
    case custom(key: String, value: JSONValue)

    /// The grant's member name inside the token's `grants` object.
    public var key: String {
        switch self {
        case .voice: return GrantKind.voice.key
        case .video: return GrantKind.video.key
        case .chat: return GrantKind.chat.key
        case .sync: return GrantKind.sync.key
        case .taskRouter: return GrantKind.taskRouter.key
        case .playback: return GrantKind.playback.key
        case .ipMessaging: return GrantKind.ipMessaging.key
        case .rtc: return GrantKind.rtc.key
        case .custom(let key, _): return key
        }
    }
}

/// The grants this library knows, each with the member name it has inside a token's `grants` object: the one place
/// a grant's key is spelled. Minting writes it (``Grant/key``), verification finds the grant by it
/// (``init(member:)``) and decodes the grant's type (``decode(_:)``).
///
/// Adding a grant: a case here with its key and a line in ``decode(_:)``, a type conforming to ``GrantContent`` in a
/// file of its own, a case of ``Grant`` and its accessor in ``Grants``, and their tests (`docs/architecture.md`).
enum GrantKind: String, CaseIterable, Sendable {
    case voice
    case video
    case chat
    case sync = "data_sync"
    case taskRouter = "task_router"
    case playback = "player"
    case ipMessaging = "ip_messaging"
    case rtc

    /// The member name inside `grants`.
    var key: String { self.rawValue }

    /// Each kind with its key prepared for comparison.
    private static let keys = Self.allCases.map { (kind: $0, name: MemberName($0.rawValue)) }

    /// The kind whose key is the name of `member`, if any.
    init?(member: JSONMemberView) {
        // By index, so that each key is compared in place rather than copied out of the table.
        for index in Self.keys.indices where member.hasName(Self.keys[index].name) {
            self = Self.keys[index].kind
            return
        }
        return nil
    }

    /// The typed grant of this kind that `value` holds, or `nil` when `value` is not exactly of its shape (it is then
    /// kept as a ``Grant/custom(key:value:)``).
    func decode(_ value: JSONValueView) -> Grant? {
        // `if let` rather than `Optional.map`, whose closure copies the grant.
        switch self {
        case .voice: if let grant = VoiceGrant(decoding: value) { return .voice(grant) }
        case .video: if let grant = VideoGrant(decoding: value) { return .video(grant) }
        case .chat: if let grant = ChatGrant(decoding: value) { return .chat(grant) }
        case .sync: if let grant = SyncGrant(decoding: value) { return .sync(grant) }
        case .taskRouter: if let grant = TaskRouterGrant(decoding: value) { return .taskRouter(grant) }
        case .playback: if let grant = PlaybackGrant(decoding: value) { return .playback(grant) }
        case .ipMessaging: if let grant = IPMessagingGrant(decoding: value) { return .ipMessaging(grant) }
        case .rtc: if let grant = RTCGrant(decoding: value) { return .rtc(grant) }
        }
        return nil
    }
}

/// What every typed grant does: check itself, write its JSON, and read it back.
protocol GrantContent: Sendable, Hashable {
    /// Checks the grant before it is written, naming its fields under `key` in messages.
    func validate(key: String) throws(TokenError)
    /// Writes the grant's value (not its key), as twilio-python writes it.
    func write(to writer: inout JSONWriter)
    /// The grant `value` holds, if it has exactly this grant's shape: no member this grant does not know, every
    /// member of the type this grant writes (`null` counts as absent).
    init?(decoding value: JSONValueView)
}

extension Grant {
    /// Checks the grant before it is written.
    func validate() throws(TokenError) {
        let key = self.key
        switch self {
        case .voice(let grant): try grant.validate(key: key)
        case .video(let grant): try grant.validate(key: key)
        case .chat(let grant): try grant.validate(key: key)
        case .sync(let grant): try grant.validate(key: key)
        case .taskRouter(let grant): try grant.validate(key: key)
        case .playback(let grant): try grant.validate(key: key)
        case .ipMessaging(let grant): try grant.validate(key: key)
        case .rtc(let grant): try grant.validate(key: key)
        case .custom(let key, let value):
            if key.isEmpty {
                throw TokenError(.invalidGrant, "a custom grant's key must not be empty")
            }
            if key == "identity" {
                throw TokenError(
                    .invalidGrant,
                    "a custom grant cannot use the key 'identity': it is the token's identity; set AccessToken.identity"
                )
            }
            if let path = value.pathOfNonFiniteNumber(under: key) {
                throw TokenError.nonFiniteNumber(at: path)
            }
        }
    }

    /// Writes the grant's member: its key and its value. Call ``validate()`` first.
    func write(to writer: inout JSONWriter) {
        writer.key(escaping: self.key)
        self.writeValue(to: &writer)
    }

    /// The grant's value as the token holds it.
    ///
    /// - Throws: `EncodingError` when the grant cannot be written (see ``validate()``).
    func jsonValue() throws -> JSONValue {
        do {
            try self.validate()
        } catch {
            throw EncodingError.invalidValue(
                self, EncodingError.Context(codingPath: [], debugDescription: error.message, underlyingError: error))
        }
        var writer = JSONWriter(capacity: 128)
        self.writeValue(to: &writer)
        return try JSONValue(parsing: writer.string)
    }

    /// Writes the grant's value (not its key). Call ``validate()`` first.
    private func writeValue(to writer: inout JSONWriter) {
        switch self {
        case .voice(let grant): grant.write(to: &writer)
        case .video(let grant): grant.write(to: &writer)
        case .chat(let grant): grant.write(to: &writer)
        case .sync(let grant): grant.write(to: &writer)
        case .taskRouter(let grant): grant.write(to: &writer)
        case .playback(let grant): grant.write(to: &writer)
        case .ipMessaging(let grant): grant.write(to: &writer)
        case .rtc(let grant): grant.write(to: &writer)
        case .custom(_, let value): try! writer.value(value)  // validate() rejected non-finite numbers
        }
    }

    /// The grant that the member `member` of a token's `grants` holds: a typed grant when its key and shape are one
    /// of ours, else a custom grant with the JSON as it is.
    init(decoding member: JSONMemberView) {
        if let kind = GrantKind(member: member), let grant = kind.decode(member.value) {
            self = grant
        } else {
            self = .custom(key: member.name, value: JSONValue(member.value))
        }
    }
}

// The member names of the typed grants' JSON that more than one grant has.
extension MemberName {
    static let serviceSID: MemberName = "service_sid"
    static let endpointID: MemberName = "endpoint_id"
    static let pushCredentialSID: MemberName = "push_credential_sid"
}

extension JSONValueView {
    /// Calls `body` with each member of the object this value is, and the member's string; members whose value is
    /// `null` are skipped (twilio-python leaves them out, ExTwilio writes them). `false` when this is not an object, a
    /// member is neither a string nor `null`, or `body` returns `false` (a member it does not know).
    func forEachStringMember(_ body: (JSONMemberView, String) -> Bool) -> Bool {
        guard let object = self.object else { return false }
        for member in object {
            let value = member.value
            if value.isNull { continue }
            guard let string = value.string, body(member, string) else { return false }
        }
        return true
    }
}
