import TwilioJWT

/// Renders a decoded token for people: header and claims in the token's order, times in UTC with how far away
/// they are, grants, scopes and policies explained.
struct TokenDescription {
    let token: UnverifiedToken
    let now: Int

    func render(verifiedBy keyID: String? = nil) -> String {
        var lines: [String] = []
        let kind = self.token.kind.map { "Twilio \($0)" } ?? "JWT (not a Twilio token)"
        lines.append(kind + (keyID.map { " — signature verified with \($0)" } ?? " — signature NOT verified"))
        lines.append("")
        lines.append("Header")
        for (name, value) in self.token.header {
            lines.append("  \(Self.padded(name)) \(Self.display(value))")
        }
        lines.append("")
        lines.append("Claims")
        for (name, value) in self.token.payload where name != "grants" && name != "policies" {
            lines.append("  \(Self.padded(name)) \(self.describeClaim(name, value))")
        }
        if let claims = try? self.token.claims() {
            switch claims {
            case .access(let access):
                lines.append("")
                lines.append("Grants")
                lines.append("  identity     \(access.identity.map { Self.display(.string($0)) } ?? "(none)")")
                for grant in access.grants {
                    lines.append("  \(Self.padded(grant.key)) \(Self.explain(grant))")
                }
            case .clientCapability(let capability):
                lines.append("")
                lines.append("Scopes")
                for scope in capability.scopes {
                    lines.append("  \(Self.explain(scope))")
                }
                for scope in capability.unrecognizedScopes {
                    lines.append("  unrecognized: \(scope)")
                }
                if capability.scopes.isEmpty && capability.unrecognizedScopes.isEmpty {
                    lines.append("  (none: the device can do nothing)")
                }
            case .taskRouter(let taskRouter):
                lines.append("")
                lines.append("Policies (\(taskRouter.policies.count))")
                for policy in taskRouter.policies {
                    var line =
                        "  \(policy.allow ? "allow" : "deny ") \(policy.method.uppercased().padding(6)) \(policy.url)"
                    if !policy.queryFilter.isEmpty { line += "  query \(policy.queryFilter)" }
                    if !policy.postFilter.isEmpty { line += "  post \(policy.postFilter)" }
                    lines.append(line)
                }
            case .clientValidation(let validation):
                lines.append("")
                lines.append("Request")
                lines.append("  signed headers  \(validation.signedHeaders.joined(separator: ", "))")
                lines.append("  request hash    \(validation.requestHash)")
            }
        } else if let grants = self.token.payload["grants"] {
            lines.append("  \(Self.padded("grants")) \(Self.display(grants))")
        }
        return lines.joined(separator: "\n")
    }

    func describeClaim(_ name: String, _ value: JSONValue) -> String {
        guard case .int(let time) = value, ["exp", "nbf", "iat"].contains(name) else {
            return Self.display(value)
        }
        // A token may hold any integer; only times a token can validly carry get a date and a distance.
        guard Self.isRepresentable(time) else {
            return "\(time)  (out of range: Unix times run from 0 to \(UnixTime.maximum), the end of the year 9999)"
        }
        let date = "\(time)  \(UnixTime.iso8601(time))"
        guard let ahead = Self.seconds(from: self.now, to: time) else { return date }
        let relative: String
        switch name {
        case "exp":
            relative = ahead > 0 ? "expires in \(Self.duration(ahead))" : "expired \(Self.duration(-ahead)) ago"
        case "nbf":
            relative =
                ahead > 0 ? "not valid for another \(Self.duration(ahead))" : "valid since \(Self.duration(-ahead)) ago"
        default:
            relative = ahead > 0 ? "\(Self.duration(ahead)) in the future" : "\(Self.duration(-ahead)) ago"
        }
        return "\(date)  (\(relative))"
    }

    /// Whether `time` is a Unix time a token can validly carry (0 to the end of the year 9999).
    static func isRepresentable(_ time: Int) -> Bool {
        (0...UnixTime.maximum).contains(time)
    }

    /// `time - now`, or `nil` when either is not ``isRepresentable(_:)``. Both then lie within 0 to
    /// ``UnixTime/maximum``, so the difference cannot overflow, whatever integers a token holds.
    static func seconds(from now: Int, to time: Int) -> Int? {
        guard Self.isRepresentable(now), Self.isRepresentable(time) else { return nil }
        return time - now
    }

    static func explain(_ grant: Grant) -> String {
        switch grant {
        case .voice(let voice):
            var parts: [String] = []
            parts.append(voice.incomingAllowed ? "incoming calls allowed" : "no incoming calls")
            if let outgoing = voice.outgoing {
                var part = "outgoing calls via \(outgoing.applicationSID)"
                if !outgoing.params.isEmpty { part += " with params \(outgoing.params)" }
                parts.append(part)
            }
            if let push = voice.pushCredentialSID { parts.append("push credential \(push)") }
            if let endpoint = voice.endpointID { parts.append("endpoint \(display(.string(endpoint)))") }
            return parts.joined(separator: "; ")
        case .video(let video):
            return video.room.map { "room \(display(.string($0)))" } ?? "any room"
        case .chat(let chat):
            return Self.members([
                ("service", chat.serviceSID), ("endpoint", chat.endpointID), ("role", chat.deploymentRoleSID),
                ("push credential", chat.pushCredentialSID),
            ]) + " (Conversations / Chat)"
        case .ipMessaging(let legacy):
            return Self.members([
                ("service", legacy.serviceSID), ("endpoint", legacy.endpointID), ("role", legacy.deploymentRoleSID),
                ("push credential", legacy.pushCredentialSID),
            ]) + " (legacy IP Messaging)"
        case .sync(let sync):
            return Self.members([("service", sync.serviceSID), ("endpoint", sync.endpointID)])
        case .taskRouter(let taskRouter):
            return Self.members([
                ("workspace", taskRouter.workspaceSID), ("worker", taskRouter.workerSID), ("role", taskRouter.role),
            ])
        case .playback(let playback):
            return "Live playback grant \(playback.grant)"
        case .rtc(let rtc):
            return Self.members([("configuration profile", rtc.configurationProfileSID)]) + " (legacy Video beta)"
        case .custom(_, let value):
            return "\(value) (not a grant this tool knows)"
        }
    }

    static func explain(_ scope: ClientCapabilityToken.Scope) -> String {
        switch scope {
        case .incoming(let name):
            return "incoming calls to client \(display(.string(name)))"
        case .outgoing(let app, let name, let params):
            var text = "outgoing calls via \(app)"
            if let name { text += " as client \(display(.string(name)))" }
            if !params.isEmpty {
                text +=
                    " with params " + params.map { "\($0.name)=\(display(.string($0.value)))" }.joined(separator: ", ")
            }
            return text
        case .eventStream(let filters):
            if filters.isEmpty { return "event stream" }
            return "event stream filtered by "
                + filters.map { "\($0.name)=\(display(.string($0.value)))" }.joined(separator: ", ")
        }
    }

    static func members(_ pairs: [(String, String?)]) -> String {
        let present = pairs.compactMap { name, value in value.map { "\(name) \(display(.string($0)))" } }
        return present.isEmpty ? "(no members)" : present.joined(separator: "; ")
    }

    /// JSON for display; strings without quotes when they are plain ASCII words.
    static func display(_ value: JSONValue) -> String {
        if case .string(let text) = value, !text.isEmpty,
            text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") })
        {
            return text
        }
        return value.description
    }

    static func padded(_ name: String) -> String { name.padding(12) }

    static func duration(_ seconds: Int) -> String {
        switch seconds {
        case ..<120: return "\(seconds) s"
        case ..<7200: return "\(seconds / 60) min"
        case ..<172_800: return "\(seconds / 3600) h \(seconds % 3600 / 60) min"
        default: return "\(seconds / 86_400) d \(seconds % 86_400 / 3600) h"
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        self.count >= width ? self : self + String(repeating: " ", count: width - self.count)
    }
}
