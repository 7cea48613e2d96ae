import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

/// Every error path of minting, with its code, a phrase the message must contain, and no secret in it.
@Suite("Access token errors")
struct AccessTokenErrorTests {
    static let accountSID = "AC" + String(repeating: "a", count: 32)
    static let keySID = "SK" + String(repeating: "b", count: 32)
    static let now = 1_700_000_000

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let code: TokenError.Code
        let phrase: String
        let make: @Sendable () throws(TokenError) -> String

        var testDescription: String { self.name }
    }

    static func key() throws(TokenError) -> APIKey {
        try APIKey(sid: keySID, secret: Secret(Canary.apiSecret), accountSID: accountSID)
    }

    static func mint(_ change: @escaping @Sendable (inout AccessToken) throws(TokenError) -> Void)
        -> @Sendable () throws(TokenError) -> String
    {
        { () throws(TokenError) -> String in
            var token = AccessToken(identity: "alice")
            try change(&token)
            return try token.jwt(signedWith: try key(), issuedAt: now)
        }
    }

    static func keyCase(sid: String, account: String, _ secret: String = Canary.apiSecret)
        -> @Sendable () throws(TokenError) -> String
    {
        { () throws(TokenError) -> String in
            _ = try APIKey(sid: sid, secret: Secret(secret), accountSID: account)
            return ""
        }
    }

    static let cases: [Case] = [
        // SIDs of the key
        Case(
            name: "key SID is an account SID", code: .invalidSID, phrase: "this looks like an account SID",
            make: keyCase(sid: accountSID, account: accountSID)),
        Case(
            name: "account SID is a key SID", code: .invalidSID,
            phrase:
                "account SID must be 'AC' followed by 32 lower-case hex digits; got 34 characters starting 'SK' (this looks like an API key SID",
            make: keyCase(sid: keySID, account: keySID)),
        Case(
            name: "secret given as the key SID", code: .invalidSID, phrase: "shape of a secret or auth token",
            make: keyCase(sid: Canary.apiSecret.dropLast().description, account: accountSID)),
        Case(
            name: "key SID too short", code: .invalidSID, phrase: "got 10 characters starting 'SK'",
            make: keyCase(sid: "SK12345678", account: accountSID)),
        Case(
            name: "key SID with upper-case hex", code: .invalidSID, phrase: "upper-case hex",
            make: keyCase(sid: "SK" + String(repeating: "B", count: 32), account: accountSID)),
        Case(
            name: "key SID with a non-hex character", code: .invalidSID, phrase: "not a hex digit at offset 5",
            make: keyCase(sid: "SKbbbzbbbbbbbbbbbbbbbbbbbbbbbbbbbb", account: accountSID)),
        Case(
            name: "empty account SID", code: .invalidSID, phrase: "got an empty string",
            make: keyCase(sid: keySID, account: "")),
        // Secrets
        Case(
            name: "empty secret", code: .weakSecret, phrase: "the secret is empty",
            make: keyCase(sid: keySID, account: accountSID, "")),
        Case(
            name: "31-byte secret", code: .weakSecret, phrase: "31 bytes long",
            make: keyCase(sid: keySID, account: accountSID, String(Canary.apiSecret.prefix(31)))),
        Case(
            name: "empty secret through the insecure opt-in", code: .weakSecret, phrase: "the secret is empty",
            make: { () throws(TokenError) -> String in
                _ = try Secret(insecureShortSecret: "")
                return ""
            }),
        // Lifetimes
        Case(
            name: "ttl 0", code: .invalidTTL, phrase: "ttl must be between 1 and 86400 seconds; got 0",
            make: mint { $0.expiration = .ttl(0) }),
        Case(name: "ttl -1", code: .invalidTTL, phrase: "got -1", make: mint { $0.expiration = .ttl(-1) }),
        Case(name: "ttl 86401", code: .invalidTTL, phrase: "error 20157", make: mint { $0.expiration = .ttl(86_401) }),
        Case(
            name: "ttl in milliseconds", code: .invalidTTL, phrase: "was it given in milliseconds? 3600 seconds",
            make: mint { $0.expiration = .ttl(3_600_000) }),
        Case(
            name: "absolute expiry beyond 24 hours", code: .lifetimeTooLong,
            phrase: "86401 seconds after the issue time",
            make: mint { $0.expiration = .at(now + 86_401) }),
        Case(
            name: "expiry at the issue time", code: .invalidTimeRange, phrase: "must be after nbf 1700000000",
            make: mint { $0.expiration = .at(now) }),
        Case(
            name: "nbf after expiry", code: .invalidTimeRange, phrase: "would never be valid",
            make: mint { $0.notBefore = .at(now + 7200) }),
        Case(
            name: "expiry before issue without nbf", code: .invalidTimeRange, phrase: "after the issue time",
            make: mint {
                $0.notBefore = .omitted
                $0.expiration = .at(now - 1)
            }),
        Case(
            name: "negative nbf", code: .invalidArgument, phrase: "nbf -5 must be a Unix time",
            make: mint { $0.notBefore = .at(-5) }),
        Case(
            name: "negative issue time", code: .invalidArgument, phrase: "issue time -1",
            make: { () throws(TokenError) -> String in try AccessToken().jwt(signedWith: try key(), issuedAt: -1) }),
        Case(
            name: "issue time beyond the year 9999", code: .invalidArgument, phrase: "the year 9999",
            make: { () throws(TokenError) -> String in try AccessToken().jwt(signedWith: try key(), issuedAt: .max) }),
        // Region
        Case(
            name: "empty region", code: .invalidRegion, phrase: "leave the region out",
            make: mint { $0.region = .unlisted("") }),
        Case(
            name: "upper-case region", code: .invalidRegion, phrase: "region ids are lower-case: 'ie1'",
            make: mint { $0.region = .unlisted("IE1") }),
        Case(
            name: "edge name as region", code: .invalidRegion, phrase: "got 'dublin'",
            make: mint { $0.region = .unlisted("dublin") }),
        Case(
            name: "secret as region", code: .invalidRegion, phrase: "got 33 characters",
            make: mint { $0.region = .unlisted(Canary.apiSecret) }),
        Case(
            name: "legacy Voice edge id as region", code: .invalidRegion,
            phrase: "region 'de1' is not a Twilio Region id Twilio documents (au1, ie1, jp1, us1",
            make: mint { (token) throws(TokenError) in token.region = try Region(id: "de1") }),
        Case(
            name: "malformed region by id", code: .invalidRegion, phrase: "got 'dublin'",
            make: mint { (token) throws(TokenError) in token.region = try Region(id: "dublin") }),
        Case(
            name: "ttl past the year 9999", code: .invalidArgument,
            phrase: "expiry 253402304399 (issue time 253402300799 + ttl 3600) is after 253402300799",
            make: { () throws(TokenError) -> String in
                try AccessToken().jwt(signedWith: try key(), issuedAt: 253_402_300_799)
            }),
        // Grants
        Case(
            name: "voice application SID", code: .invalidSID, phrase: "voice.outgoing.application_sid must be 'AP'",
            make: mint { $0.grants.voice = VoiceGrant(outgoing: .init(applicationSID: "AP123")) }),
        Case(
            name: "empty voice application SID", code: .invalidSID,
            phrase: "application_sid must be 'AP' followed by 32 lower-case hex digits; got an empty string",
            make: mint { $0.grants.voice = VoiceGrant(outgoing: .init(applicationSID: "")) }),
        Case(
            name: "voice push credential is a key SID", code: .invalidSID,
            phrase:
                "voice.push_credential_sid must be 'CR' followed by 32 lower-case hex digits; got 34 characters starting 'SK' (this looks like an API key SID, not a credential SID)",
            make: mint { $0.grants.voice = VoiceGrant(pushCredentialSID: keySID) }),
        Case(
            name: "chat service SID", code: .invalidSID, phrase: "chat.service_sid must be 'IS'",
            make: mint { $0.grants.chat = ChatGrant(serviceSID: "WS" + String(repeating: "1", count: 32)) }),
        Case(
            name: "chat role SID", code: .invalidSID, phrase: "chat.deployment_role_sid",
            make: mint { $0.grants.chat = ChatGrant(deploymentRoleSID: "RL1") }),
        Case(
            name: "chat push credential", code: .invalidSID, phrase: "chat.push_credential_sid",
            make: mint { $0.grants.chat = ChatGrant(pushCredentialSID: "CR1") }),
        Case(
            name: "ip messaging service SID", code: .invalidSID, phrase: "ip_messaging.service_sid",
            make: mint { $0.grants.ipMessaging = IPMessagingGrant(serviceSID: "IS1") }),
        Case(
            name: "sync service SID", code: .invalidSID, phrase: "data_sync.service_sid",
            make: mint { $0.grants.sync = SyncGrant(serviceSID: "IS-nope") }),
        Case(
            name: "task router workspace SID", code: .invalidSID, phrase: "task_router.workspace_sid",
            make: mint {
                $0.grants.taskRouter = TaskRouterGrant(workspaceSID: "WK" + String(repeating: "2", count: 32))
            }),
        Case(
            name: "task router worker SID", code: .invalidSID, phrase: "task_router.worker_sid",
            make: mint { $0.grants.taskRouter = TaskRouterGrant(workerSID: "WK") }),
        Case(
            name: "rtc configuration profile SID", code: .invalidSID, phrase: "rtc.configuration_profile_sid",
            make: mint { $0.grants.rtc = RTCGrant(configurationProfileSID: "VS0") }),
        Case(
            name: "custom grant with an empty key", code: .invalidGrant, phrase: "must not be empty",
            make: mint { $0.grants.add(.custom(key: "", value: [:])) }),
        Case(
            name: "custom grant named identity", code: .invalidGrant, phrase: "cannot use the key 'identity'",
            make: mint { $0.grants.add(.custom(key: "identity", value: "bob")) }),
        Case(
            name: "NaN in voice params", code: .invalidGrant, phrase: "voice.outgoing.params.n is not a finite number",
            make: mint {
                $0.grants.voice = VoiceGrant(
                    outgoing: .init(
                        applicationSID: "AP" + String(repeating: "c", count: 32), params: ["n": .double(.nan)]))
            }),
        Case(
            name: "infinity deep in a custom grant", code: .invalidGrant, phrase: "x.a[1].b is not a finite number",
            make: mint { $0.grants.add(.custom(key: "x", value: ["a": [1, ["b": .double(-.infinity)]]])) }),
        Case(
            name: "infinity in a playback grant", code: .invalidGrant, phrase: "player.v",
            make: mint { $0.grants.playback = PlaybackGrant(grant: ["v": .double(.infinity)]) }),
        Case(
            name: "empty custom jti", code: .invalidArgument, phrase: "token identifier (jti) must not be empty",
            make: mint { $0.tokenIdentifier = .custom("") }),
    ]

    @Test("fails with the expected code and message", arguments: cases.filter { !$0.name.hasPrefix("empty secret") })
    func failsWithCode(_ testCase: Case) {
        Self.check(testCase)
    }

    /// A `Secret` can never be empty, so no HMAC is ever computed with an empty key (docs/security-checklist.md#c12).
    @Test(
        "C12 an empty secret is refused, even through the insecure opt-in",
        .bug("https://github.com/jwt/ruby-jwt/security/advisories/GHSA-c32j-vqhx-rx3x", "ruby-jwt CVE-2026-45363"),
        arguments: cases.filter { $0.name.hasPrefix("empty secret") })
    func emptySecret(_ testCase: Case) {
        Self.check(testCase)
    }

    static func check(_ testCase: Case) {
        do {
            let token = try testCase.make()
            Issue.record("expected \(testCase.code), minted \(token.prefix(20))…")
        } catch {
            #expect(error.code == testCase.code)
            #expect(error.message.contains(testCase.phrase), "message was: \(error.message)")
            for rendering in Canary.renderings(of: error) + [error.message] {
                #expect(Canary.leaks(in: rendering).isEmpty, "secret material in: \(rendering)")
            }
        }
    }

    @Test("every error code has a case")
    func everyCodeIsCovered() {
        let covered = Set(Self.cases.map(\.code))
        let all: Set<TokenError.Code> = [
            .invalidSID, .weakSecret, .invalidTTL, .invalidTimeRange, .lifetimeTooLong, .invalidRegion,
            .invalidGrant, .invalidArgument,
        ]
        #expect(all.isSubset(of: covered))
    }

    @Test("short secrets work through the opt-in")
    func insecureShortSecret() throws {
        let key = try APIKey(
            sid: Self.keySID, secret: Secret(insecureShortSecret: "short"), accountSID: Self.accountSID)
        let jwt = try AccessToken().jwt(signedWith: key, issuedAt: Self.now)
        #expect(jwt.split(separator: ".").count == 3)
    }

    @Test("the boundaries are accepted: ttl 1 and 86400, expiry exactly 24 hours after issue")
    func boundariesAccepted() throws {
        let key = try Self.key()
        for expiration in [Expiration.ttl(1), .ttl(86_400), .at(Self.now + 86_400), .at(Self.now + 1)] {
            let jwt = try AccessToken(expiration: expiration).jwt(signedWith: key, issuedAt: Self.now)
            #expect(!jwt.isEmpty)
        }
        // nbf in the past is fine (AT-10 has one), and so is an expiry right after a future nbf.
        let token = AccessToken(expiration: .ttl(120), notBefore: .at(Self.now + 119))
        #expect(throws: Never.self) { try token.jwt(signedWith: key, issuedAt: Self.now) }
    }
}
