import Testing
import TwilioJWT
import TwilioJWTTestSupport

/// One access-token vector of `Vectors/access-token-vectors.json`.
struct AccessTokenVector: Sendable, CustomTestStringConvertible {
    let id: String
    let input: JSONValue
    let header: String
    let payload: String
    let token: String

    var testDescription: String { self.id }

    static let all: [AccessTokenVector] = {
        let file = try! loadVectorFile("access-token-vectors")
        return file["vectors"]!.arrayValue!.map { vector in
            AccessTokenVector(
                id: vector["id"]!.stringValue!,
                input: vector["input"]!,
                header: vector["header"]!.stringValue!,
                payload: vector["payload"]!.stringValue!,
                token: vector["token"]!.stringValue!
            )
        }
    }()
}

/// One vector of `Vectors/capability-token-vectors.json` or `Vectors/taskrouter-token-vectors.json`.
struct TokenVector: Sendable, CustomTestStringConvertible {
    let id: String
    let input: JSONValue
    let header: String
    let payload: String
    let token: String?

    var testDescription: String { self.id }

    static func load(_ file: String) -> [TokenVector] {
        let contents = try! loadVectorFile(file)
        return contents["vectors"]!.arrayValue!.map { vector in
            TokenVector(
                id: vector["id"]!.stringValue!,
                input: vector["input"]!,
                header: vector["header"]!.stringValue!,
                payload: vector["payload"]!.stringValue!,
                token: vector["token"]?.stringValue
            )
        }
    }

    /// Checks a minted token against the vector: the whole token when the vector has one, and always the
    /// header and payload JSON.
    func check(_ jwt: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if let token = self.token {
            #expect(jwt == token, sourceLocation: sourceLocation)
        }
        let segments = jwt.split(separator: ".", omittingEmptySubsequences: false)
        #expect(segments.count == 3, sourceLocation: sourceLocation)
        #expect(base64URLDecodedString(segments[0]) == self.header, sourceLocation: sourceLocation)
        #expect(base64URLDecodedString(segments[1]) == self.payload, sourceLocation: sourceLocation)
    }

    /// The scope parameters of a capability spec, `[[name, [values…]]…]`, flattened to `(name, value)` pairs in
    /// order, as the tool's repeated `--outgoing-param` and `--event-filter` take them.
    static func parameters(_ value: JSONValue?) -> [(name: String, value: String)] {
        var parameters: [(name: String, value: String)] = []
        for pair in value?.arrayValue ?? [] {
            let name = pair.arrayValue![0].stringValue!
            for value in pair.arrayValue![1].arrayValue! {
                parameters.append((name, value.stringValue!))
            }
        }
        return parameters
    }
}

/// The access token twilio-ruby mints for AT-1 (`RB AT-1` of `Vectors/cross-library-tokens.json`), whose header
/// has members in another order than twilio-python's and a `twr` of `null`.
let rubyAccessToken: String = {
    let file = try! loadVectorFile("cross-library-tokens")
    return file["tokens"]!.arrayValue!.first { $0["id"]?.stringValue?.hasPrefix("RB AT-1") == true }!["token"]!
        .stringValue!
}()

/// The Client Validation token of `Vectors/client-validation-vectors.json` (RS256, issued at 1700000000, expiring
/// at 1700000300), the SID of its public key credential, and that public key in PEM.
enum ClientValidationVector {
    static let file = try! loadVectorFile("client-validation-vectors")
    static let credentialSID = file["credentials"]!["credentialSid"]!.stringValue!
    static let token = file["tokens"]!.arrayValue![0]["token"]!.stringValue!
    static let publicKeyPEM = file["tokens"]!.arrayValue![0]["publicKey"]!.stringValue!
}

/// Builds the library's grants from the grant specs shared with `twilio_reference.py access` (the format of
/// `Vectors/access-token-vectors.json`).
enum GrantSpec {
    static func grant(_ spec: JSONValue) -> Grant {
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

    /// Each grant of `specs` as its key and its JSON, read back from the `grants` claim of a token the library mints
    /// with them (the library writes grants as twilio-python does), in the token's order.
    static func written(_ specs: [JSONValue]) throws -> [(key: String, json: String)] {
        var token = AccessToken(identity: nil)
        for spec in specs {
            token.grants.add(Self.grant(spec))
        }
        let key = try APIKey(
            sid: "SK" + String(repeating: "b", count: 32),
            secret: Secret("abcdefghijklmnopqrstuvwxyz012345"),
            accountSID: "AC" + String(repeating: "a", count: 32)
        )
        let payload = try UnverifiedToken(decoding: token.jwt(signedWith: key, issuedAt: 1_700_000_000)).payload
        return (payload["grants"]?.objectValue ?? [:]).map { ($0.key, $0.value.json) }
    }
}

/// Random access-token specs in the format of `Tests/Python/twilio_reference.py access`: strings full of the
/// characters that break hand-written JSON and URL encoders, JSON values of every type, every kind of grant.
struct RandomAccessTokenSpecs {
    var generator: SeededGenerator

    init(seed: UInt64) {
        self.generator = SeededGenerator(seed: seed)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self.generator)
    }

    mutating func bool(_ probability: Double = 0.5) -> Bool {
        Double.random(in: 0..<1, using: &self.generator) < probability
    }

    mutating func pick<T>(_ choices: [T]) -> T {
        choices[self.int(0...(choices.count - 1))]
    }

    /// Characters chosen to exercise escaping: quotes, backslashes, `/`, HTML-ish and URL-reserved
    /// characters, C0 controls and DEL, Latin-1, CJK, combining marks, line/paragraph separators and
    /// characters beyond the BMP (surrogate pairs in JSON).
    static let interestingScalars: [Unicode.Scalar] = {
        var scalars: [Unicode.Scalar] = []
        scalars += "abcXYZ019_-. ~".unicodeScalars
        scalars += "\"\\/<>&'=+%?#:;,!*()[]{}@$^`|".unicodeScalars
        scalars += (0...0x1F).map { Unicode.Scalar(UInt8($0)) } + [Unicode.Scalar(0x7F)]
        scalars += "éüñßøÅ中文日本語한국어".unicodeScalars
        scalars += [Unicode.Scalar(0x0301)!, Unicode.Scalar(0x2028)!, Unicode.Scalar(0x2029)!, Unicode.Scalar(0xFEFF)!]
        scalars += "🚀𝄞😀👩‍💻".unicodeScalars
        return scalars
    }()

    mutating func string(maxLength: Int = 16) -> String {
        var string = String.UnicodeScalarView()
        for _ in 0..<self.int(0...maxLength) {
            string.append(self.pick(Self.interestingScalars))
        }
        return String(string)
    }

    mutating func nonEmptyString(maxLength: Int = 16) -> String {
        var value = ""
        while value.isEmpty { value = self.string(maxLength: maxLength) }
        return value
    }

    mutating func hex(_ count: Int) -> String {
        String((0..<count).map { _ in self.pick(Array("0123456789abcdef")) })
    }

    mutating func sid(_ prefix: String) -> String {
        prefix + self.hex(32)
    }

    mutating func double() -> Double {
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

    mutating func jsonValue(depth: Int = 0) -> JSONValue {
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

    mutating func jsonObject(depth: Int = 0) -> JSONObject {
        var object = JSONObject()
        for _ in 0..<self.int(0...5) {
            object[self.string(maxLength: 8)] = self.jsonValue(depth: depth)
        }
        return object
    }

    /// An optional string member: absent, empty (which twilio-python leaves out) or a value.
    mutating func optional(_ make: (inout RandomAccessTokenSpecs) -> String) -> JSONValue? {
        switch self.int(0...3) {
        case 0: return nil
        case 1: return ""
        default: return .string(make(&self))
        }
    }

    mutating func grant() -> JSONValue {
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

    /// A random access-token spec that both twilio-python and the tool accept.
    mutating func accessTokenSpec() -> JSONValue {
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
            // The documented regions: the tool mints with any other only given --allow-unlisted-region.
            spec["region"] = .string(self.pick(["us1", "ie1", "au1", "jp1"]))
        }
        spec["grants"] = .array((0..<self.int(0...6)).map { _ in self.grant() })
        return .object(spec)
    }
}
