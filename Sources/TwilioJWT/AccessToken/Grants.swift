/// The grants of an access token, in the order they were added, at most one per key.
///
/// Adding a grant whose key is already present replaces that grant and keeps its position, as
/// twilio-python does; the position is part of the token's bytes.
///
/// ```swift
/// var grants: Grants = [.video(VideoGrant(room: "standup"))]
/// grants.voice = VoiceGrant(incomingAllowed: true)   // appended
/// grants.video = VideoGrant(room: "retro")           // replaced in place
/// grants.voice = nil                                 // removed
/// ```
public struct Grants: Sendable, Hashable {
    private var storage: [Grant]

    /// No grants.
    public init() {
        self.storage = []
    }

    /// The grants in order; a later grant with the key of an earlier one replaces it in place.
    public init(_ grants: some Sequence<Grant>) {
        self.storage = []
        for grant in grants {
            self.add(grant)
        }
    }

    /// Grants whose keys are known to be distinct (those of a decoded token, whose member names are unique),
    /// in order, without searching for each one's key.
    init(unique grants: [Grant]) {
        self.storage = grants
    }

    /// Adds `grant`, or replaces the grant with the same key in its position.
    public mutating func add(_ grant: Grant) {
        let key = grant.key
        if let index = self.storage.firstIndex(where: { $0.key == key }) {
            self.storage[index] = grant
        } else {
            self.storage.append(grant)
        }
    }

    /// Removes and returns the grant with `key`, if there is one.
    @discardableResult
    public mutating func remove(key: String) -> Grant? {
        guard let index = self.storage.firstIndex(where: { $0.key == key }) else { return nil }
        return self.storage.remove(at: index)
    }

    /// The grant with `key` (for example `"voice"` or `"data_sync"`), if there is one.
    public subscript(key key: String) -> Grant? {
        self.storage.first { $0.key == key }
    }

    private mutating func set(_ grant: Grant?, key: String) {
        if let grant {
            self.add(grant)
        } else {
            self.remove(key: key)
        }
    }
}

extension Grants {
    /// The Voice grant; setting it adds or replaces it, `nil` removes it.
    public var voice: VoiceGrant? {
        get { if case .voice(let grant)? = self[key: GrantKind.voice.key] { return grant } else { return nil } }
        set { self.set(newValue.map(Grant.voice), key: GrantKind.voice.key) }
    }

    /// The Video grant; setting it adds or replaces it, `nil` removes it.
    public var video: VideoGrant? {
        get { if case .video(let grant)? = self[key: GrantKind.video.key] { return grant } else { return nil } }
        set { self.set(newValue.map(Grant.video), key: GrantKind.video.key) }
    }

    /// The Chat / Conversations grant; setting it adds or replaces it, `nil` removes it.
    public var chat: ChatGrant? {
        get { if case .chat(let grant)? = self[key: GrantKind.chat.key] { return grant } else { return nil } }
        set { self.set(newValue.map(Grant.chat), key: GrantKind.chat.key) }
    }

    /// The Sync grant; setting it adds or replaces it, `nil` removes it.
    public var sync: SyncGrant? {
        get { if case .sync(let grant)? = self[key: GrantKind.sync.key] { return grant } else { return nil } }
        set { self.set(newValue.map(Grant.sync), key: GrantKind.sync.key) }
    }

    /// The TaskRouter grant; setting it adds or replaces it, `nil` removes it.
    public var taskRouter: TaskRouterGrant? {
        get {
            if case .taskRouter(let grant)? = self[key: GrantKind.taskRouter.key] { return grant } else { return nil }
        }
        set { self.set(newValue.map(Grant.taskRouter), key: GrantKind.taskRouter.key) }
    }

    /// The Playback grant; setting it adds or replaces it, `nil` removes it.
    public var playback: PlaybackGrant? {
        get { if case .playback(let grant)? = self[key: GrantKind.playback.key] { return grant } else { return nil } }
        set { self.set(newValue.map(Grant.playback), key: GrantKind.playback.key) }
    }

    /// The legacy IP Messaging grant; setting it adds or replaces it, `nil` removes it.
    public var ipMessaging: IPMessagingGrant? {
        get {
            if case .ipMessaging(let grant)? = self[key: GrantKind.ipMessaging.key] { return grant } else { return nil }
        }
        set { self.set(newValue.map(Grant.ipMessaging), key: GrantKind.ipMessaging.key) }
    }

    /// The legacy `rtc` grant; setting it adds or replaces it, `nil` removes it.
    public var rtc: RTCGrant? {
        get { if case .rtc(let grant)? = self[key: GrantKind.rtc.key] { return grant } else { return nil } }
        set { self.set(newValue.map(Grant.rtc), key: GrantKind.rtc.key) }
    }
}

extension Grants: RandomAccessCollection {
    public var startIndex: Int { self.storage.startIndex }
    public var endIndex: Int { self.storage.endIndex }
    public subscript(position: Int) -> Grant { self.storage[position] }
}

extension Grants: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Grant...) {
        self.init(elements)
    }
}

extension Grants: Encodable {
    /// Encodes the grants as the token's `grants` object writes them: each grant's JSON under its key, in order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MemberKey.self)
        for grant in self {
            try container.encode(try grant.jsonValue(), forKey: MemberKey(grant.key))
        }
    }
}
