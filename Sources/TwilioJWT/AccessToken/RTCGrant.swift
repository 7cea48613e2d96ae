/// The legacy `rtc` grant, which twilio-python ≤ 7 called `ConversationsGrant`: the 2015 Video beta
/// ("Conversations"), configured by a configuration profile.
///
/// This is **not** Twilio Conversations (messaging), which uses ``ChatGrant``. Only for old applications.
public struct RTCGrant: Sendable, Hashable {
    /// The configuration profile SID (`VS…`).
    public var configurationProfileSID: String?

    public init(configurationProfileSID: String? = nil) {
        self.configurationProfileSID = configurationProfileSID
    }
}

extension RTCGrant {
    func validate() throws(TokenError) {
        try SIDKind.configurationProfile.validateIfPresent(
            self.configurationProfileSID,
            field: "rtc.configuration_profile_sid"
        )
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.optionalMember("configuration_profile_sid", self.configurationProfileSID)
        writer.endObject()
    }
}
