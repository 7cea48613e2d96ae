import TwilioJWTTestSupport

@testable import TwilioJWT

extension RandomSpecs {
    /// `[[name, [values…]]…]` with distinct names, as Python keyword arguments allow.
    mutating func keywordParameters() -> JSONValue {
        var names = Set<String>()
        var pairs: [JSONValue] = []
        for _ in 0..<self.int(0...4) {
            let name = self.string(maxLength: 8)
            guard names.insert(name).inserted else { continue }
            let values = (0..<self.int(1...3)).map { _ in JSONValue.string(self.string(maxLength: 12)) }
            pairs.append([.string(name), .array(values)])
        }
        return .array(pairs)
    }

    mutating func lifetime(into spec: inout JSONObject, issuedAt: Int, validUntil: Bool) {
        var lifetime = 3600
        if self.bool(0.5) {
            lifetime = self.int(1...86_400)
            spec["ttl"] = .int(lifetime)
        }
        if validUntil && self.bool(0.2) {
            lifetime = self.int(1...86_400)
            spec["validUntil"] = .int(issuedAt + lifetime)
        }
        switch self.int(0...3) {
        case 0: spec["nbf"] = "omitted"
        case 1: spec["nbf"] = .int(issuedAt + lifetime - self.int(1...lifetime + 10_000))
        default: break
        }
    }

    /// A random Client capability token spec (`twilio_reference.py capability`).
    mutating func capabilitySpec() -> JSONValue {
        var spec = JSONObject()
        let issuedAt = self.int(1_000_000_000...2_000_000_000)
        spec["accountSid"] = .string(self.sid("AC"))
        spec["authToken"] = .string(self.hex(32))
        spec["issuedAt"] = .int(issuedAt)
        self.lifetime(into: &spec, issuedAt: issuedAt, validUntil: false)
        var ops: [JSONValue] = []
        for _ in 0..<self.int(0...4) {
            switch self.int(0...2) {
            case 0: ops.append(["op": "incoming", "clientName": .string(self.nonEmptyString(maxLength: 12))])
            case 1:
                var op: JSONObject = ["op": "outgoing", "applicationSid": .string(self.sid("AP"))]
                if self.bool(0.7) { op["params"] = self.keywordParameters() }
                ops.append(.object(op))
            default:
                var op: JSONObject = ["op": "events"]
                if self.bool(0.7) { op["filters"] = self.keywordParameters() }
                ops.append(.object(op))
            }
        }
        spec["ops"] = .array(ops)
        return .object(spec)
    }

    /// A random TaskRouter token spec (`twilio_reference.py taskrouter`).
    mutating func taskRouterSpec() -> JSONValue {
        var spec = JSONObject()
        let issuedAt = self.int(1_000_000_000...2_000_000_000)
        spec["accountSid"] = .string(self.sid("AC"))
        spec["authToken"] = .string(self.hex(32))
        spec["issuedAt"] = .int(issuedAt)
        spec["workspaceSid"] = .string(self.sid("WS"))
        self.lifetime(into: &spec, issuedAt: issuedAt, validUntil: true)
        let isWorker: Bool
        switch self.int(0...2) {
        case 0:
            spec["channel"] = ["worker": .string(self.sid("WK"))]
            isWorker = true
        case 1:
            spec["channel"] = ["taskQueue": .string(self.sid("WQ"))]
            isWorker = false
        default:
            spec["channel"] = ["workspace": true]
            isWorker = false
        }
        var flags = JSONObject()
        for (index, (flag, _)) in CapabilitySpec.flagCapabilities.enumerated() where index < 7 || isWorker {
            if self.bool(0.4) { flags[flag] = .bool(self.bool()) }
        }
        spec["flags"] = .object(flags)
        var policies: [JSONValue] = []
        for _ in 0..<self.int(0...3) {
            var policy: JSONObject = [
                "url": .string("https://taskrouter.twilio.com/v1/Workspaces/" + self.string(maxLength: 10)),
                "method": .string(self.pick(["GET", "POST", "DELETE", "get", "Post"])),
                "allow": .bool(self.bool()),
            ]
            if self.bool() { policy["queryFilter"] = .object(self.jsonObject()) }
            if self.bool() { policy["postFilter"] = .object(self.jsonObject()) }
            policies.append(.object(policy))
        }
        spec["policies"] = .array(policies)
        return .object(spec)
    }
}
