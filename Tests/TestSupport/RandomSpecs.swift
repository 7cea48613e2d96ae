import TwilioJWT

/// Random inputs for the differential tests: strings full of the characters that break hand-written JSON
/// and URL encoders, JSON values of every type, and access-token specs in the format of
/// `Tests/Python/twilio_reference.py access`.
public struct RandomSpecs {
    public var generator: SeededGenerator

    public init(seed: UInt64) {
        self.generator = SeededGenerator(seed: seed)
    }

    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self.generator)
    }

    public mutating func bool(_ probability: Double = 0.5) -> Bool {
        Double.random(in: 0..<1, using: &self.generator) < probability
    }

    public mutating func pick<T>(_ choices: [T]) -> T {
        choices[self.int(0...(choices.count - 1))]
    }

    /// Characters chosen to exercise escaping: quotes, backslashes, `/`, HTML-ish and URL-reserved
    /// characters, C0 controls and DEL, Latin-1, CJK, combining marks, line/paragraph separators and
    /// characters beyond the BMP (surrogate pairs in JSON).
    public static let interestingScalars: [Unicode.Scalar] = {
        var scalars: [Unicode.Scalar] = []
        scalars += "abcXYZ019_-. ~".unicodeScalars
        scalars += "\"\\/<>&'=+%?#:;,!*()[]{}@$^`|".unicodeScalars
        scalars += (0...0x1F).map { Unicode.Scalar(UInt8($0)) } + [Unicode.Scalar(0x7F)]
        scalars += "éüñßøÅ中文日本語한국어".unicodeScalars
        scalars += [Unicode.Scalar(0x0301)!, Unicode.Scalar(0x2028)!, Unicode.Scalar(0x2029)!, Unicode.Scalar(0xFEFF)!]
        scalars += "🚀𝄞😀👩‍💻".unicodeScalars
        return scalars
    }()

    public mutating func string(maxLength: Int = 16) -> String {
        var string = String.UnicodeScalarView()
        for _ in 0..<self.int(0...maxLength) {
            string.append(self.pick(Self.interestingScalars))
        }
        return String(string)
    }

    public mutating func nonEmptyString(maxLength: Int = 16) -> String {
        var value = ""
        while value.isEmpty { value = self.string(maxLength: maxLength) }
        return value
    }

    public mutating func hex(_ count: Int) -> String {
        String((0..<count).map { _ in self.pick(Array("0123456789abcdef")) })
    }

    public mutating func sid(_ prefix: String) -> String {
        prefix + self.hex(32)
    }

    public mutating func double() -> Double {
        switch self.int(0...4) {
        case 0:
            return self.pick([
                0.0, -0.0, 1.0, 0.5, -2.5, 1e16, 1e-5, 1e-4, 1e22, 123456789012345680.0, Double.leastNonzeroMagnitude,
            ])
        case 1: return Double(self.int(-1_000_000...1_000_000)) / Double(self.pick([1, 10, 100, 1000, 3, 7]))
        default:
            while true {
                let value = Double(bitPattern: self.generator.next())
                if value.isFinite { return value }
            }
        }
    }

    public mutating func jsonValue(depth: Int = 0) -> JSONValue {
        let maxKind = depth >= 3 ? 4 : 6
        switch self.int(0...maxKind) {
        case 0: return .null
        case 1: return .bool(self.bool())
        case 2: return .int(self.bool() ? self.int(-1000...1000) : Int(bitPattern: UInt(self.generator.next())))
        case 3: return .double(self.double())
        case 4: return .string(self.string())
        case 5: return .array((0..<self.int(0...4)).map { _ in self.jsonValue(depth: depth + 1) })
        default: return .object(self.jsonObject(depth: depth + 1))
        }
    }

    public mutating func jsonObject(depth: Int = 0) -> JSONObject {
        var object = JSONObject()
        for _ in 0..<self.int(0...5) {
            object[self.string(maxLength: 8)] = self.jsonValue(depth: depth)
        }
        return object
    }

    /// An optional string member: absent, empty (which twilio-python leaves out) or a value.
    public mutating func optional(_ make: (inout RandomSpecs) -> String) -> JSONValue? {
        switch self.int(0...3) {
        case 0: return nil
        case 1: return ""
        default: return .string(make(&self))
        }
    }

    public mutating func grant() -> JSONValue {
        var grant = JSONObject()
        let type = self.pick([
            "voice", "video", "chat", "sync", "taskRouter", "playback", "ipMessaging", "rtc", "custom",
        ])
        grant["type"] = .string(type)
        switch type {
        case "voice":
            if self.bool(0.7) { grant["incomingAllow"] = .bool(self.bool()) }
            if self.bool(0.7) {
                grant["outgoingApplicationSid"] = .string(self.sid("AP"))
                if self.bool(0.8) { grant["outgoingApplicationParams"] = .object(self.jsonObject()) }
            }
            grant["pushCredentialSid"] = self.optional { $0.sid("CR") }
            grant["endpointId"] = self.optional { $0.string() }
        case "video":
            grant["room"] = self.optional { $0.string() }
        case "chat", "ipMessaging":
            grant["serviceSid"] = self.optional { $0.sid("IS") }
            grant["endpointId"] = self.optional { $0.string() }
            grant["deploymentRoleSid"] = self.optional { $0.sid("RL") }
            grant["pushCredentialSid"] = self.optional { $0.sid("CR") }
        case "sync":
            grant["serviceSid"] = self.optional { $0.sid("IS") }
            grant["endpointId"] = self.optional { $0.string() }
        case "taskRouter":
            grant["workspaceSid"] = self.optional { $0.sid("WS") }
            grant["workerSid"] = self.optional { $0.sid("WK") }
            grant["role"] = self.optional { $0.string() }
        case "playback":
            grant["grant"] = self.bool(0.2) ? .null : .object(self.jsonObject())
        case "rtc":
            grant["configurationProfileSid"] = self.optional { $0.sid("VS") }
        default:
            var key = ""
            while key.isEmpty || key == "identity" {
                key =
                    self.bool(0.2)
                    ? self.pick(["voice", "video", "chat", "player"]) : self.nonEmptyString(maxLength: 10)
            }
            grant["key"] = .string(key)
            grant["value"] = self.jsonValue()
        }
        return .object(grant)
    }

    /// A random access-token spec that twilio-python, the library and the tool all accept.
    public mutating func accessTokenSpec() -> JSONValue {
        var spec = JSONObject()
        let issuedAt = self.int(1_000_000_000...2_000_000_000)
        spec["accountSid"] = .string(self.sid("AC"))
        spec["apiKeySid"] = .string(self.sid("SK"))
        spec["apiKeySecret"] = .string(
            self.bool(0.8) ? self.hex(32) : self.nonEmptyString(maxLength: 40) + self.hex(32))
        spec["issuedAt"] = .int(issuedAt)
        switch self.int(0...4) {
        case 0: break
        case 1: spec["identity"] = ""
        default: spec["identity"] = .string(self.string(maxLength: 24))
        }
        var lifetime = 3600
        if self.bool(0.6) {
            lifetime = self.int(1...86_400)
            spec["ttl"] = .int(lifetime)
        }
        if self.bool(0.2) {
            lifetime = self.int(1...86_400)
            spec["validUntil"] = .int(issuedAt + lifetime)
        }
        switch self.int(0...3) {
        case 0: spec["nbf"] = "omitted"
        case 1: spec["nbf"] = .int(issuedAt + lifetime - self.int(1...lifetime + 10_000))
        case 2: spec["nbf"] = "issueTime"
        default: break
        }
        if self.bool(0.3) {
            // The documented regions: unlisted ones need `allowsUnlistedRegion` in the library
            // (AccessTokenErrorTests covers them) and `--allow-unlisted-region` in the tool.
            spec["region"] = .string(self.pick(["us1", "ie1", "au1", "jp1"]))
        }
        spec["grants"] = .array((0..<self.int(0...6)).map { _ in self.grant() })
        return .object(spec)
    }
}
