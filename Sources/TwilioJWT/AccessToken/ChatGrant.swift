@_spi(Engine) import TwilioJWTEngine

/// The Chat grant (`chat`), which Twilio Conversations uses too: lets a Conversations or Chat SDK client
/// connect to a service.
///
/// For Twilio Conversations, ``serviceSID`` is the Conversations Service SID (`IS…`). Members are written
/// in the order `service_sid`, `endpoint_id`, `deployment_role_sid`, `push_credential_sid`; `nil` and empty
/// strings are left out.
public struct ChatGrant: Sendable, Hashable {
    /// The Chat or Conversations service SID (`IS…`).
    public var serviceSID: String?
    /// An identifier of this device or endpoint. Twilio support has called it deprecated for Chat, and
    /// tokens carrying it have failed to authenticate
    /// (https://github.com/twilio/TwilioChatJsReactNative/issues/6); leave it out unless you need it.
    public var endpointID: String?
    /// The SID (`RL…`) of the role the user gets when first created.
    public var deploymentRoleSID: String?
    /// The push credential SID (`CR…`) for mobile push notifications.
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
}

extension ChatGrant: GrantContent {
    func validate(key: String) throws(TokenError) {
        try SIDKind.service.validateIfPresent(self.serviceSID, field: "\(key).service_sid")
        try SIDKind.deploymentRole.validateIfPresent(self.deploymentRoleSID, field: "\(key).deployment_role_sid")
        try SIDKind.credential.validateIfPresent(self.pushCredentialSID, field: "\(key).push_credential_sid")
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.optionalMember(.serviceSID, self.serviceSID)
        writer.optionalMember(.endpointID, self.endpointID)
        writer.optionalMember(.deploymentRoleSID, self.deploymentRoleSID)
        writer.optionalMember(.pushCredentialSID, self.pushCredentialSID)
        writer.endObject()
    }

    init?(decoding value: JSONValueView) {
        var grant = ChatGrant()
        let fits = value.forEachStringMember { member, string in
            if member.hasName(.serviceSID) {
                grant.serviceSID = string
            } else if member.hasName(.endpointID) {
                grant.endpointID = string
            } else if member.hasName(.deploymentRoleSID) {
                grant.deploymentRoleSID = string
            } else if member.hasName(.pushCredentialSID) {
                grant.pushCredentialSID = string
            } else {
                return false
            }
            return true
        }
        guard fits else { return nil }
        self = grant
    }
}

extension MemberName {
    /// A member of the chat and IP Messaging grants.
    static let deploymentRoleSID: MemberName = "deployment_role_sid"
}
