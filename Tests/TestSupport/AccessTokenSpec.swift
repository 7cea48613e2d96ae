import TwilioJWT

/// Builds the library's values from the access-token specs shared with `twilio_reference.py access`
/// (the format of `Vectors/access-token-vectors.json`), with the library's public API only.
public enum AccessTokenSpec {
    public static func key(_ spec: JSONValue) throws -> APIKey {
        try APIKey(
            sid: spec["apiKeySid"]!.stringValue!,
            secret: Secret(spec["apiKeySecret"]!.stringValue!),
            accountSID: spec["accountSid"]!.stringValue!
        )
    }

    public static func token(_ spec: JSONValue) -> AccessToken {
        // A region of a spec is written as given (twilio-python checks none), so undocumented ones are unlisted.
        let region = spec["region"]?.stringValue.map { id in Region.documented.first { $0.id == id } ?? .unlisted(id) }
        var token = AccessToken(identity: spec["identity"]?.stringValue, region: region)
        if let ttl = spec["ttl"]?.intValue {
            token.expiration = .ttl(ttl)
        }
        if let validUntil = spec["validUntil"]?.intValue {
            token.expiration = .at(validUntil)
        }
        switch spec["nbf"] {
        case nil, .string("issueTime")?: token.notBefore = .issueTime
        case .string("omitted")?: token.notBefore = .omitted
        case .int(let time)?: token.notBefore = .at(time)
        default: fatalError("bad nbf in spec")
        }
        for grant in spec["grants"]?.arrayValue ?? [] {
            token.grants.add(Self.grant(grant))
        }
        return token
    }

    public static func grant(_ spec: JSONValue) -> Grant {
        let string = { (name: String) in spec[name]?.stringValue }
        switch spec["type"]!.stringValue! {
        case "voice":
            return .voice(
                VoiceGrant(
                    incomingAllowed: spec["incomingAllow"]?.boolValue ?? false,
                    outgoing: string("outgoingApplicationSid").map {
                        .init(applicationSID: $0, params: spec["outgoingApplicationParams"]?.objectValue ?? [:])
                    },
                    pushCredentialSID: string("pushCredentialSid"),
                    endpointID: string("endpointId")
                )
            )
        case "video":
            return .video(VideoGrant(room: string("room")))
        case "chat":
            return .chat(
                ChatGrant(
                    serviceSID: string("serviceSid"),
                    endpointID: string("endpointId"),
                    deploymentRoleSID: string("deploymentRoleSid"),
                    pushCredentialSID: string("pushCredentialSid")
                )
            )
        case "ipMessaging":
            return .ipMessaging(
                IPMessagingGrant(
                    serviceSID: string("serviceSid"),
                    endpointID: string("endpointId"),
                    deploymentRoleSID: string("deploymentRoleSid"),
                    pushCredentialSID: string("pushCredentialSid")
                )
            )
        case "sync":
            return .sync(SyncGrant(serviceSID: string("serviceSid"), endpointID: string("endpointId")))
        case "taskRouter":
            return .taskRouter(
                TaskRouterGrant(
                    workspaceSID: string("workspaceSid"), workerSID: string("workerSid"), role: string("role"))
            )
        case "playback":
            return .playback(PlaybackGrant(grant: spec["grant"] ?? .null))
        case "rtc":
            return .rtc(RTCGrant(configurationProfileSID: string("configurationProfileSid")))
        case "custom":
            return .custom(key: string("key")!, value: spec["value"]!)
        default:
            fatalError("unknown grant type in spec")
        }
    }
}
