@_spi(Engine) import TwilioJWTEngine

/// The Programmable Video grant (`video`): lets a Video SDK client connect to rooms.
///
/// Twilio Video also needs an identity on the token (at most 128 characters), and the API key that signs
/// it must be a US1 key.
public struct VideoGrant: Sendable, Hashable {
    /// The room the client may join, by name or SID (`RM…`); `nil` allows any room.
    public var room: String?

    public init(room: String? = nil) {
        self.room = room
    }
}

extension VideoGrant: GrantContent {
    func validate(key: String) throws(TokenError) {}

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.optionalMember(.room, self.room)
        writer.endObject()
    }

    init?(decoding value: JSONValueView) {
        var grant = VideoGrant()
        let fits = value.forEachStringMember { member, string in
            guard member.hasName(.room) else { return false }
            grant.room = string
            return true
        }
        guard fits else { return nil }
        self = grant
    }
}

extension MemberName {
    fileprivate static let room: MemberName = "room"
}
