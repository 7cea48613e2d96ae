@_spi(Engine) import TwilioJWTEngine

/// The legacy IP Messaging grant (`ip_messaging`), for applications still on Programmable Chat's
/// predecessor.
///
/// twilio-python removed it in 8.0 and most helper libraries dropped it by 2023; twilio-go and twilio-csharp
/// still emit it. It has the same members as ``ChatGrant``, written in the same order. New applications use
/// ``ChatGrant``.
public struct IPMessagingGrant: Sendable, Hashable {
    /// The IP Messaging service SID (`IS…`).
    public var serviceSID: String?
    /// An identifier of this device or endpoint.
    public var endpointID: String?
    /// The SID (`RL…`) of the role the user gets when first created.
    public var deploymentRoleSID: String?
    /// The push credential SID (`CR…`).
    public var pushCredentialSID: String?

    public init(
        serviceSID: String? = nil,
        endpointID: String? = nil,
        deploymentRoleSID: String? = nil,
        pushCredentialSID: String? = nil
    ) {
        self.serviceSID = serviceSID
        self.endpointID = endpointID
        self.deploymentRoleSID = deploymentRoleSID
        self.pushCredentialSID = pushCredentialSID
    }

    /// The grant with the members of `chat` (the two grants have the same ones).
    init(chatShape chat: ChatGrant) {
        self.init(
            serviceSID: chat.serviceSID,
            endpointID: chat.endpointID,
            deploymentRoleSID: chat.deploymentRoleSID,
            pushCredentialSID: chat.pushCredentialSID
        )
    }

    /// The ``ChatGrant`` with this grant's members, which checks and writes them the same way.
    var chatShape: ChatGrant {
        ChatGrant(
            serviceSID: self.serviceSID,
            endpointID: self.endpointID,
            deploymentRoleSID: self.deploymentRoleSID,
            pushCredentialSID: self.pushCredentialSID
        )
    }
}

extension IPMessagingGrant: GrantContent {
    func validate(key: String) throws(TokenError) {
        try self.chatShape.validate(key: key)
    }

    func write(to writer: inout JSONWriter) {
        self.chatShape.write(to: &writer)
    }

    init?(decoding value: JSONValueView) {
        guard let chat = ChatGrant(decoding: value) else { return nil }
        self.init(chatShape: chat)
    }
}
