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
        case .voice: return "voice"
        case .video: return "video"
        case .chat: return "chat"
        case .sync: return "data_sync"
        case .taskRouter: return "task_router"
        case .playback: return "player"
        case .ipMessaging: return "ip_messaging"
        case .rtc: return "rtc"
        case .custom(let key, _): return key
        }
    }
}

extension Grant {
    func validate() throws(TokenError) {
        switch self {
        case .voice(let grant): try grant.validate()
        case .video: break
        case .chat(let grant): try grant.validate(key: "chat")
        case .sync(let grant): try grant.validate()
        case .taskRouter(let grant): try grant.validate()
        case .playback(let grant): try grant.validate()
        case .ipMessaging(let grant): try grant.chatShape.validate(key: "ip_messaging")
        case .rtc(let grant): try grant.validate()
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

    /// Writes the grant's member name.
    func writeKey(to writer: inout JSONWriter) {
        switch self {
        case .voice: writer.key("voice")
        case .video: writer.key("video")
        case .chat: writer.key("chat")
        case .sync: writer.key("data_sync")
        case .taskRouter: writer.key("task_router")
        case .playback: writer.key("player")
        case .ipMessaging: writer.key("ip_messaging")
        case .rtc: writer.key("rtc")
        case .custom(let key, _): writer.key(escaping: key)
        }
    }

    /// Writes the grant's value (not its key). Call ``validate()`` first.
    func writeValue(to writer: inout JSONWriter) {
        switch self {
        case .voice(let grant): grant.write(to: &writer)
        case .video(let grant): grant.write(to: &writer)
        case .chat(let grant): grant.write(to: &writer)
        case .sync(let grant): grant.write(to: &writer)
        case .taskRouter(let grant): grant.write(to: &writer)
        case .playback(let grant): try! writer.value(grant.grant)
        case .ipMessaging(let grant): grant.chatShape.write(to: &writer)
        case .rtc(let grant): grant.write(to: &writer)
        case .custom(_, let value): try! writer.value(value)
        }
    }
}
