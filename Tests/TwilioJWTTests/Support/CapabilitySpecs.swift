import TwilioJWTTestSupport

@testable import TwilioJWT

/// Builds the library's values from the Client capability and TaskRouter specs shared with
/// `twilio_reference.py capability|taskrouter` (the formats of the vector files).
enum CapabilitySpec {
    static func credentials(_ spec: JSONValue) throws -> AccountCredentials {
        try AccountCredentials(
            accountSID: spec["accountSid"]!.stringValue!, authToken: Secret(spec["authToken"]!.stringValue!))
    }

    static func lifetime(_ spec: JSONValue) -> (Expiration, NotBefore) {
        var expiration = Expiration.ttl(spec["ttl"]?.intValue ?? 3600)
        if let validUntil = spec["validUntil"]?.intValue {
            expiration = .at(validUntil)
        }
        let notBefore: NotBefore
        switch spec["nbf"] {
        case nil, .string("issueTime")?: notBefore = .issueTime
        case .string("omitted")?: notBefore = .omitted
        case .int(let time)?: notBefore = .at(time)
        default: fatalError("bad nbf in spec")
        }
        return (expiration, notBefore)
    }

    /// `[[name, [values…]]…]` flattened to repeated parameters.
    static func parameters(_ value: JSONValue?) -> ScopeParameters {
        var parameters = ScopeParameters()
        for (name, value) in TokenVector.parameters(value) {
            parameters.append(name: name, value: value)
        }
        return parameters
    }

    static func capabilityToken(_ spec: JSONValue) -> ClientCapabilityToken {
        let (expiration, notBefore) = Self.lifetime(spec)
        var token = ClientCapabilityToken(expiration: expiration, notBefore: notBefore)
        for op in spec["ops"]!.arrayValue! {
            switch op["op"]!.stringValue! {
            case "incoming": token.allowIncoming(clientName: op["clientName"]!.stringValue!)
            case "outgoing":
                token.allowOutgoing(
                    applicationSID: op["applicationSid"]!.stringValue!,
                    params: Self.parameters(op["params"])
                )
            case "events": token.allowEventStream(filters: Self.parameters(op["filters"]))
            default: fatalError("bad op in spec")
            }
        }
        return token
    }

    static let flagCapabilities: [(String, TaskRouterCapabilities)] = [
        ("allow_web_sockets", .webSockets), ("allow_fetch_self", .fetchSelf), ("allow_update_self", .updateSelf),
        ("allow_delete_self", .deleteSelf), ("allow_fetch_subresources", .fetchSubresources),
        ("allow_update_subresources", .updateSubresources), ("allow_delete_subresources", .deleteSubresources),
        ("allow_fetch_activities", .fetchActivities), ("allow_fetch_reservations", .fetchReservations),
        ("allow_fetch_worker_reservations", .fetchWorkerReservations),
        ("allow_update_activities", .updateActivities), ("allow_update_reservations", .updateReservations),
    ]

    static func taskRouterToken(_ spec: JSONValue) -> TaskRouterCapabilityToken {
        let channelSpec = spec["channel"]!
        let channel: TaskRouterCapabilityToken.Channel
        if let worker = channelSpec["worker"]?.stringValue {
            channel = .worker(worker)
        } else if let queue = channelSpec["taskQueue"]?.stringValue {
            channel = .taskQueue(queue)
        } else {
            channel = .workspace
        }
        let (expiration, notBefore) = Self.lifetime(spec)
        var token = TaskRouterCapabilityToken(
            workspaceSID: spec["workspaceSid"]!.stringValue!,
            channel: channel,
            expiration: expiration,
            notBefore: notBefore
        )
        for (flag, capability) in Self.flagCapabilities {
            switch spec["flags"]?[flag] {
            case .bool(true)?: token.capabilities.insert(capability)
            case .bool(false)?: token.capabilities.remove(capability)
            default: break
            }
        }
        for policy in spec["policies"]?.arrayValue ?? [] {
            token.additionalPolicies.append(
                TaskRouterPolicy(
                    url: policy["url"]!.stringValue!,
                    method: policy["method"]!.stringValue!,
                    allow: policy["allow"]!.boolValue!,
                    queryFilter: policy["queryFilter"]?.objectValue ?? [:],
                    postFilter: policy["postFilter"]?.objectValue ?? [:]
                )
            )
        }
        return token
    }
}
