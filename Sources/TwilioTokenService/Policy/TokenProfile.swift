#if TokenService
import TwilioJWT

/// A named kind of token the service mints (`profiles.NAME`): its grants, fixed SIDs and lifetime, and the one thing a
/// caller may choose, a Video room, when the profile allows it.
public struct TokenProfile: Sendable {
    /// The profile's name.
    public let name: String
    /// Seconds from issue to expiry, 1 to 86,400 (Twilio's 24-hour cap).
    public let ttl: Int
    /// The Video grant, if the profile has one.
    public let video: Video?
    /// The Voice grant, if the profile has one.
    public let voice: Voice?
    /// The Conversations (chat) grant, if the profile has one.
    public let chat: Chat?
    /// The Sync grant, if the profile has one.
    public let sync: Sync?

    /// The grant names a profile's `grants` map accepts.
    public static let grantNames = ["chat", "sync", "video", "voice"]

    /// A profile; at least one grant is required.
    public init(
        name: String,
        ttl: Int = 3600,
        video: Video? = nil,
        voice: Voice? = nil,
        chat: Chat? = nil,
        sync: Sync? = nil
    ) throws(ConfigurationError) {
        let key = "profiles.\(name)"
        guard Self.isValidName(name) else {
            throw ConfigurationError(
                key: key,
                "a profile name is 1 to 64 letters, digits, `_` or `-`"
            )
        }
        guard (1...Expiration.maximumTTL).contains(ttl) else {
            throw ConfigurationError(
                key: "\(key).ttl", "must be 1 to \(Expiration.maximumTTL) seconds (Twilio's 24-hour cap), not \(ttl)")
        }
        guard video != nil || voice != nil || chat != nil || sync != nil else {
            throw ConfigurationError(
                key: "\(key).grants", "a profile needs at least one grant: \(Self.grantNames.joined(separator: ", "))")
        }
        self.name = name
        self.ttl = ttl
        self.video = video
        self.voice = voice
        self.chat = chat
        self.sync = sync
        try self.validateSIDs()
    }

    static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x5F || byte == 0x2D
            }
    }

    private func validateSIDs() throws(ConfigurationError) {
        let key = "profiles.\(self.name).grants"
        func check(_ kind: SIDKind, _ value: String?, _ field: String) throws(ConfigurationError) {
            guard let value else { return }
            do {
                try kind.validate(value, field: "\(key).\(field)")
            } catch {
                throw ConfigurationError(key: "\(key).\(field)", error.message)
            }
        }
        try check(.application, self.voice?.outgoingApplicationSID, "voice.outgoing_application_sid")
        try check(.credential, self.voice?.pushCredentialSID, "voice.push_credential_sid")
        try check(.service, self.chat?.serviceSID, "chat.service_sid")
        try check(.service, self.sync?.serviceSID, "sync.service_sid")
    }

    /// `grants.video`.
    public struct Video: Sendable {
        /// Whether the caller names the room (`room` in the request); the request is refused without one.
        public var roomFromRequest: Bool
        /// What a requested room name must match, in full, when ``roomFromRequest`` is set; `nil` accepts any name.
        public var roomPattern: RoomPattern?
        /// The one room a token of this profile may join when the caller does not choose; `nil` for any room.
        public var room: String?

        /// A Video grant policy.
        public init(roomFromRequest: Bool = false, roomPattern: RoomPattern? = nil, room: String? = nil) {
            self.roomFromRequest = roomFromRequest
            self.roomPattern = roomPattern
            self.room = room
        }
    }

    /// `grants.voice`.
    public struct Voice: Sendable, Hashable {
        /// Whether the client may receive calls.
        public var incoming: Bool
        /// The TwiML App that outgoing calls go to, `AP…`; `nil` for no outgoing calls.
        public var outgoingApplicationSID: String?
        /// The push credential for incoming-call notifications on mobile, `CR…`.
        public var pushCredentialSID: String?

        /// A Voice grant.
        public init(incoming: Bool = false, outgoingApplicationSID: String? = nil, pushCredentialSID: String? = nil) {
            self.incoming = incoming
            self.outgoingApplicationSID = outgoingApplicationSID
            self.pushCredentialSID = pushCredentialSID
        }
    }

    /// `grants.chat`: Conversations.
    public struct Chat: Sendable, Hashable {
        /// The Conversations service, `IS…`.
        public var serviceSID: String?

        /// A Conversations grant.
        public init(serviceSID: String? = nil) {
            self.serviceSID = serviceSID
        }
    }

    /// `grants.sync`.
    public struct Sync: Sendable, Hashable {
        /// The Sync service, `IS…`.
        public var serviceSID: String?

        /// A Sync grant.
        public init(serviceSID: String? = nil) {
            self.serviceSID = serviceSID
        }
    }
}

/// A regular expression a requested Video room name must match in full (`room_pattern`).
///
/// The syntax is Swift Regex's (https://github.com/swiftlang/swift-evolution/blob/main/proposals/0355-regex-syntax-run-time-construction.md),
/// which accepts the common PCRE and ICU forms: `standup-[a-z0-9-]{1,40}`. `Regex` is not `Sendable`, so the
/// pattern is kept as text, checked when the configuration loads, and compiled for each match.
public struct RoomPattern: Sendable, Hashable {
    /// The expression as configured.
    public let source: String

    /// Checks that `source` compiles.
    public init(_ source: String) throws(ConfigurationError) {
        guard (try? Regex(source)) != nil else {
            throw ConfigurationError(key: "room_pattern", "is not a valid regular expression")
        }
        self.source = source
    }

    /// Whether all of `room` matches.
    public func matches(_ room: String) -> Bool {
        guard let regex = try? Regex(self.source) else { return false }
        return (try? regex.wholeMatch(in: room)) != nil
    }
}
#endif
