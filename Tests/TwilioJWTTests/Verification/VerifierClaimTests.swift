import Foundation
import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

/// Claims and time (docs/security-checklist.md, group F), Twilio-specific rules (G) and robustness (H); the IDs
/// in the test and case names are that file's.
@Suite("Verifier: claims, time, keys and robustness")
struct VerifierClaimTests {
    static let verifier60 = try! TokenVerifier(apiKeys: [Fixture.apiKey], leeway: .seconds(60))

    static func withPayload(_ old: String, _ new: String) -> String {
        Fixture.token(payload: Fixture.payload(replacing: old, with: new))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let token: String
        let now: Int
        let leeway60: Bool
        let code: TokenError.Code?
        var testDescription: String { self.id }

        init(_ id: String, _ token: String, now: Int = Fixture.now, leeway60: Bool = false, _ code: TokenError.Code?) {
            self.id = id
            self.token = token
            self.now = now
            self.leeway60 = leeway60
            self.code = code
        }
    }

    static let exp = 1_700_003_600
    static let cases: [Case] = [
        Case("F01 exp == now, leeway 0", Fixture.t0, now: exp, .expired),
        Case("F01 exp == now + 1", Fixture.t0, now: exp - 1, nil),
        Case("F02 leeway 60: exp = now - 59", Fixture.t0, now: exp + 59, leeway60: true, nil),
        Case("F02 leeway 60: exp = now - 60", Fixture.t0, now: exp + 60, leeway60: true, .expired),
        Case("F03 nbf == now", Fixture.t0, now: 1_700_000_000, nil),
        Case("F03 nbf = now + 60, leeway 60", Fixture.t0, now: 1_699_999_940, leeway60: true, nil),
        Case("F03 nbf = now + 61, leeway 60", Fixture.t0, now: 1_699_999_939, leeway60: true, .notYetValid),
        Case("F03 nbf = now + 1, leeway 0", Fixture.t0, now: 1_699_999_999, .notYetValid),
        Case(
            "F04 iat = now + 61", withPayload(#""iat":1700000000,"nbf":1700000000"#, #""iat":1700000161"#),
            now: 1_700_000_100, leeway60: true, .issuedInFuture),
        Case("F05 exp missing", withPayload(#","exp":1700003600"#, ""), .missingClaim),
        Case("F05 iss missing", withPayload(#""iss":"SK11111111111111111111111111111111","#, ""), .missingClaim),
        Case("F05 sub missing", withPayload(#""sub":"AC00000000000000000000000000000000","#, ""), .missingClaim),
        Case(
            "F05 grants missing",
            withPayload(#","grants":{"identity":"alice","voice":{"incoming":{"allow":true}}}"#, ""), .missingClaim),
        Case("F06 exp as a string", withPayload(#""exp":1700003600"#, #""exp":"1700003600""#), .malformed),
        Case("F07 exp 1e300", withPayload(#""exp":1700003600"#, #""exp":1e300"#), .malformed),
        Case("F07 exp 1e19", withPayload(#""exp":1700003600"#, #""exp":1e19"#), .malformed),
        Case("F07 exp Int.max", withPayload(#""exp":1700003600"#, #""exp":9223372036854775807"#), .malformed),
        Case("F07 exp -1", withPayload(#""exp":1700003600"#, #""exp":-1"#), .malformed),
        Case("F07 exp with a fraction", withPayload(#""exp":1700003600"#, #""exp":1700003600.5"#), .malformed),
        Case("F07 exp as 1700003600.0", withPayload(#""exp":1700003600"#, #""exp":1700003600.0"#), .malformed),
        Case("F07 nbf Int.max", withPayload(#""nbf":1700000000"#, #""nbf":9223372036854775807"#), .malformed),
        // F06/F07 hold for every NumericDate (RFC 7519 §2), not only exp.
        Case("F06 nbf as a string", withPayload(#""nbf":1700000000"#, #""nbf":"1700000000""#), .malformed),
        Case("F06 iat as a string", withPayload(#""iat":1700000000"#, #""iat":"1700000000""#), .malformed),
        Case("F07 nbf as 1700000000.0", withPayload(#""nbf":1700000000"#, #""nbf":1700000000.0"#), .malformed),
        Case("F07 nbf with a fraction", withPayload(#""nbf":1700000000"#, #""nbf":1699999999.5"#), .malformed),
        Case("F07 nbf 1.7e9", withPayload(#""nbf":1700000000"#, #""nbf":1.7e9"#), .malformed),
        Case("F07 iat as 1700000000.0", withPayload(#""iat":1700000000"#, #""iat":1700000000.0"#), .malformed),
        Case("F07 iat with a fraction", withPayload(#""iat":1700000000"#, #""iat":1699999999.5"#), .malformed),
        Case("F07 iat 1e300", withPayload(#""iat":1700000000"#, #""iat":1e300"#), .malformed),
        Case("F08 valid for two days", withPayload(#""exp":1700003600"#, #""exp":1700172800"#), .lifetimeTooLong),
        Case("F08 exactly 24 hours", withPayload(#""exp":1700003600"#, #""exp":1700086400"#), nil),
        Case(
            "F08 no nbf or iat, exp two days away",
            withPayload(#""iat":1700000000,"nbf":1700000000,"exp":1700003600"#, #""exp":1700172900"#), .lifetimeTooLong),
        // F08 is exp − max(iat, nbf). twilio-python writes nbf and no iat; two hours into a 25-hour token, exp is
        // only 23 hours away, so only the nbf rule catches it.
        Case(
            "F08 nbf and no iat (twilio-python), exp = nbf + 90000, verified at nbf + 7200",
            withPayload(#""iat":1700000000,"nbf":1700000000,"exp":1700003600"#, #""nbf":1700000000,"exp":1700090000"#),
            now: 1_700_007_200, .lifetimeTooLong),
        Case(
            "F08 nbf and no iat, exp = nbf + 86400, verified at nbf + 7200",
            withPayload(#""iat":1700000000,"nbf":1700000000,"exp":1700003600"#, #""nbf":1700000000,"exp":1700086400"#),
            now: 1_700_007_200, nil),
        Case(
            "F08 nbf and no iat, two days, verified a day in",
            withPayload(#""iat":1700000000,"nbf":1700000000,"exp":1700003600"#, #""nbf":1700000000,"exp":1700172800"#),
            now: 1_700_100_000, .lifetimeTooLong),
        // An nbf in the past (twilio-python's explicit nbf, AT-10) does not count against the lifetime; iat does.
        Case(
            "F08 nbf before iat: exp = iat + 86400",
            withPayload(
                #""iat":1700000000,"nbf":1700000000,"exp":1700003600"#,
                #""iat":1700000000,"nbf":1699990000,"exp":1700086400"#),
            nil),
        Case(
            "F08 nbf before iat: exp = iat + 86401",
            withPayload(
                #""iat":1700000000,"nbf":1700000000,"exp":1700003600"#,
                #""iat":1700000000,"nbf":1699990000,"exp":1700086401"#),
            .lifetimeTooLong),
        Case(
            "F10 iss minus its last character",
            withPayload(#""iss":"SK11111111111111111111111111111111""#, #""iss":"SK1111111111111111111111111111111""#),
            .unknownIssuer),
        Case(
            "F10 'x' + iss",
            withPayload(
                #""iss":"SK11111111111111111111111111111111""#, #""iss":"xSK11111111111111111111111111111111""#),
            .unknownIssuer),
        Case(
            "F10 iss + '1'",
            withPayload(
                #""iss":"SK11111111111111111111111111111111""#, #""iss":"SK111111111111111111111111111111111""#),
            .unknownIssuer),
        Case(
            "F10 iss as an array",
            withPayload(
                #""iss":"SK11111111111111111111111111111111""#, #""iss":["SK11111111111111111111111111111111"]"#),
            .malformed),
        Case(
            "F10 iss as a number", withPayload(#""iss":"SK11111111111111111111111111111111""#, #""iss":5"#), .malformed),
        Case(
            "F11 iss lower-cased",
            withPayload(#""iss":"SK11111111111111111111111111111111""#, #""iss":"sk11111111111111111111111111111111""#),
            .unknownIssuer),
        Case(
            "F12 sub another account",
            withPayload(#""sub":"AC00000000000000000000000000000000""#, #""sub":"AC99999999999999999999999999999999""#),
            .subjectMismatch),
        Case("F13 aud present", withPayload(#""jti""#, #""aud":"x","jti""#), .wrongTokenType),
        Case(
            "F15 expired and a bad signature", Fixture.token(secret: Array(String(repeating: "t", count: 32).utf8)),
            now: exp + 1000, .invalidSignature),
        Case(
            "grants identity as a number (twilio-python passes ints through)",
            withPayload(#""identity":"alice""#, #""identity":42"#), nil),
        Case("grants identity as an array", withPayload(#""identity":"alice""#, #""identity":["a"]"#), .malformed),
    ]

    @Test("claims and time", arguments: cases.filter { !$0.id.hasPrefix("F15 ") })
    func claimRow(_ testCase: Case) {
        Self.check(testCase)
    }

    @Test(
        "F15 a token both expired and wrongly signed is an invalid signature, never expired",
        .bug("https://github.com/golang-jwt/jwt/security/advisories/GHSA-29wx-vh33-7x7r", "golang-jwt CVE-2024-51744"),
        arguments: cases.filter { $0.id.hasPrefix("F15 ") })
    func signatureBeforeClaims(_ testCase: Case) {
        Self.check(testCase)
    }

    static func check(_ testCase: Case) {
        let verifier = testCase.leeway60 ? Self.verifier60 : Fixture.verifier
        do {
            _ = try verifier.verify(testCase.token, at: testCase.now)
            if let code = testCase.code { Issue.record("accepted; expected \(code)") }
        } catch {
            #expect(error.code == testCase.code, "\(error.message)")
        }
    }

    @Test("F08 the message of a twilio-python-style token valid 25 hours from nbf names Twilio's limit")
    func lifetimeFromNotBefore() {
        let token = Self.withPayload(
            #""iat":1700000000,"nbf":1700000000,"exp":1700003600"#, #""nbf":1700000000,"exp":1700090000"#)
        #expect {
            try Fixture.verifier.verify(token, at: 1_700_007_200)
        } throws: {
            guard let error = $0 as? TokenError else { return false }
            return error.code == .lifetimeTooLong && error.message.contains("(error 20157)")
        }
    }

    /// A TaskRouter token whose `account_sid` is `accountSID`, issued by the fixture account and signed with its auth
    /// token, in the layout twilio-python's `WorkerCapabilityToken` writes
    /// (https://github.com/twilio/twilio-python/blob/9.13.0/twilio/jwt/taskrouter/capabilities.py).
    static func taskRouterToken(accountSID: String) -> String {
        let workspace = "WS" + String(repeating: "1", count: 32)
        let worker = "WK" + String(repeating: "2", count: 32)
        let payload =
            #"{"account_sid":"\#(accountSID)","workspace_sid":"\#(workspace)","channel":"\#(worker)","#
            + #""version":"v1","friendly_name":"\#(worker)","policies":[{"url":"#
            + #""https://taskrouter.twilio.com/v1/Workspaces/\#(workspace)/Workers/\#(worker)","method":"GET","#
            + #""allow":true,"query_filter":{},"post_filter":{}}],"worker_sid":"\#(worker)","#
            + #""iss":"\#(Fixture.accountSID)","exp":1700003600,"nbf":1700000000}"#
        return Fixture.token(header: #"{"alg":"HS256","typ":"JWT"}"#, payload: payload)
    }

    @Test("F12 a TaskRouter token whose account_sid is not its issuer is a subject mismatch")
    func taskRouterAccountMismatch() throws {
        let verifier = try TokenVerifier(
            accounts: [AccountCredentials(accountSID: Fixture.accountSID, authToken: Secret(Fixture.secret))])
        // The same token with account_sid == iss verifies, so the mismatch is the only rule broken.
        let matching = try verifier.verify(
            Self.taskRouterToken(accountSID: Fixture.accountSID), as: TaskRouterClaims.self, at: Fixture.now)
        #expect(matching.claims.accountSID == Fixture.accountSID)
        let other = "AC" + String(repeating: "9", count: 32)
        #expect(
            throws: TokenError(
                .subjectMismatch, "'account_sid' (\(other)) is not the issuer \(Fixture.accountSID)")
        ) {
            try verifier.verify(Self.taskRouterToken(accountSID: other), at: Fixture.now)
        }
        #expect {
            try verifier.verify(
                Self.taskRouterToken(accountSID: "not an account"), as: TaskRouterClaims.self, at: Fixture.now)
        } throws: {
            ($0 as? TokenError)?.code == .subjectMismatch
        }
    }

    @Test("a TaskRouter policy of the wrong shape is named by its position in the messages")
    func taskRouterPolicyMessages() throws {
        let verifier = try TokenVerifier(
            accounts: [AccountCredentials(accountSID: Fixture.accountSID, authToken: Secret(Fixture.secret))])
        let token = Self.taskRouterToken(accountSID: Fixture.accountSID)
        let payload = base64URLDecodedString(token.split(separator: ".")[1])!
        let cases: [(String, String, TokenError)] = [
            (
                #""method":"GET""#, #""method":5"#,
                TokenError(.malformed, "'method' in the policies[0] must be a string; it is the integer 5")
            ),
            (
                #""allow":true"#, #""allow":"yes""#,
                TokenError(.malformed, "'allow' in the policies[0] must be a Boolean; it is a string")
            ),
            (#""method":"GET","#, "", TokenError(.missingClaim, "the policies[0] have no 'method'")),
        ]
        for (old, new, error) in cases {
            #expect(payload.contains(old))
            let mutated = Fixture.token(
                header: #"{"alg":"HS256","typ":"JWT"}"#, payload: payload.replacingOccurrences(of: old, with: new))
            #expect(throws: error) { try verifier.verify(mutated, as: TaskRouterClaims.self, at: Fixture.now) }
        }
    }

    @Test("error messages name the claim and the times")
    func messages() {
        #expect(
            throws: TokenError(
                .expired,
                "the token expired at 1700003600 (2023-11-14T23:13:20Z), 0 s before the verification time 1700003600 (2023-11-14T23:13:20Z), leeway 0 s"
            )
        ) {
            try Fixture.verifier.verify(Fixture.t0, at: Self.exp)
        }
        #expect(
            throws: TokenError(
                .unknownIssuer, "no API key is configured for the issuer SK22222222222222222222222222222222")
        ) {
            try Fixture.verifier.verify(
                Self.withPayload(
                    #""iss":"SK11111111111111111111111111111111""#, #""iss":"SK22222222222222222222222222222222""#),
                at: Fixture.now)
        }
    }

    @Test("F09 leeway must be 0...300 seconds; at least one key; unique SIDs")
    func configuration() throws {
        for leeway: Duration in [.seconds(-1), .seconds(301), .milliseconds(1500)] {
            #expect { try TokenVerifier(apiKeys: [Fixture.apiKey], leeway: leeway) } throws: {
                ($0 as? TokenError)?.code == .invalidArgument
            }
        }
        #expect(throws: TokenError(.invalidArgument, "a verifier needs at least one key")) { try TokenVerifier() }
        #expect { try TokenVerifier(apiKeys: [Fixture.apiKey, Fixture.apiKey]) } throws: {
            ($0 as? TokenError)?.message.contains("each SID may appear once") == true
        }
        #expect(try TokenVerifier(apiKeys: [Fixture.apiKey], leeway: .seconds(300)).leeway == .seconds(300))
    }

    @Test("C13/C14 key lengths: 19 and 31 bytes refused, 32 and 64 accepted")
    func keyLengths() throws {
        #expect { try Secret("your-256-bit-secret") } throws: { ($0 as? TokenError)?.code == .weakSecret }
        #expect { try Secret(String(repeating: "k", count: 31)) } throws: { ($0 as? TokenError)?.code == .weakSecret }
        _ = try Secret(String(repeating: "k", count: 32))
        _ = try Secret(String(repeating: "k", count: 64))
    }

    @Test(
        "C09 PEM, OpenSSH and JWK public-key text is not a secret, even through the insecure opt-in",
        .bug("https://nvd.nist.gov/vuln/detail/CVE-2017-11424", "PyJWT CVE-2017-11424"),
        .bug("https://nvd.nist.gov/vuln/detail/CVE-2022-29217", "PyJWT CVE-2022-29217"))
    func publicKeyTextIsNotASecret() throws {
        for keyText in [
            "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh0ZW5kZWQga2V5IG1hdGVyaWFs user@host",
            #"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T"}"#,
        ] {
            #expect { try Secret(keyText) } throws: { ($0 as? TokenError)?.code == .invalidKey }
            #expect { try Secret(insecureShortSecret: keyText) } throws: { ($0 as? TokenError)?.code == .invalidKey }
        }
    }

    @Test("F14 two keys: the key is chosen by iss and must then verify; the result names it")
    func rotation() throws {
        let keyA = try APIKey(
            sid: "SK" + String(repeating: "a", count: 32), secret: Secret(String(repeating: "A", count: 32)),
            accountSID: Fixture.accountSID)
        let keyB = try APIKey(
            sid: "SK" + String(repeating: "b", count: 32), secret: Secret(String(repeating: "B", count: 32)),
            accountSID: Fixture.accountSID)
        let verifier = try TokenVerifier(apiKeys: [keyA, keyB])
        let tokenB = try AccessToken(identity: "bob").jwt(signedWith: keyB, issuedAt: Fixture.now)
        #expect(try verifier.verify(tokenB, at: Fixture.now).keyID.sid == keyB.sid)
        // iss = SK_B but MAC'd with SK_A's secret.
        let forged = try AccessToken(identity: "bob").jwt(
            signedWith: try APIKey(
                sid: keyB.sid, secret: Secret(String(repeating: "A", count: 32)), accountSID: Fixture.accountSID),
            issuedAt: Fixture.now)
        #expect(throws: TokenError(.invalidSignature, "the signature does not verify with the key \(keyB.sid)")) {
            try verifier.verify(forged, at: Fixture.now)
        }
    }

    /// The verifier finds up to eight keys by comparing SID digits and more by a dictionary; both must find each key,
    /// and only it.
    @Test(
        "F14 with 1, 8, 9 and 20 keys, every key is found by its issuer and verifies only its own tokens",
        arguments: [1, 8, 9, 20]
    )
    func manyKeys(count: Int) throws {
        let keys = try (0..<count).map { index in
            try APIKey(
                sid: "SK" + String(repeating: "0", count: 30) + String(format: "%02x", index),
                secret: Secret(String(repeating: Character(UnicodeScalar(UInt8(65 + index))), count: 32)),
                accountSID: Fixture.accountSID)
        }
        let verifier = try TokenVerifier(apiKeys: keys)
        for key in keys {
            let token = try AccessToken(identity: "bob").jwt(signedWith: key, issuedAt: Fixture.now)
            #expect(try verifier.verify(token, as: AccessTokenClaims.self, at: Fixture.now).keyID.sid == key.sid)
        }
        let stranger = try APIKey(
            sid: "SK" + String(repeating: "f", count: 32), secret: Secret(String(repeating: "z", count: 32)),
            accountSID: Fixture.accountSID)
        let token = try AccessToken(identity: "bob").jwt(signedWith: stranger, issuedAt: Fixture.now)
        #expect(throws: TokenError(.unknownIssuer, "no API key is configured for the issuer \(stranger.sid)")) {
            try verifier.verify(token, as: AccessTokenClaims.self, at: Fixture.now)
        }
    }

    /// The decoder tells the grant and member names it knows by their packed words when they are written plainly;
    /// written with escapes, they must mean exactly the same.
    @Test("grant and member names written with escapes decode to the same claims as written plainly")
    func escapedGrantNames() throws {
        let grants = #"""
            {"identity":"alice","voice":{"incoming":{"allow":true},"outgoing":{"application_sid":"AP00000000000000000000000000000000","params":{"a":1}},"push_credential_sid":"CR00000000000000000000000000000000","endpoint_id":"e"},"video":{"room":"r"},"chat":{"service_sid":"IS00000000000000000000000000000000"},"data_sync":{"service_sid":"IS00000000000000000000000000000001"},"task_router":{"workspace_sid":"WS00000000000000000000000000000000","worker_sid":"WK00000000000000000000000000000000","role":"worker"},"player":{"x":1},"ip_messaging":{"service_sid":"IS00000000000000000000000000000002"},"rtc":{"configuration_profile_sid":"CP00000000000000000000000000000000"}}
            """#
        let names = [
            "identity", "voice", "incoming", "allow", "outgoing", "application_sid", "params", "push_credential_sid",
            "endpoint_id", "video", "room", "chat", "service_sid", "data_sync", "task_router", "workspace_sid",
            "worker_sid", "role", "player", "ip_messaging", "rtc", "configuration_profile_sid",
        ]
        var escaped = grants
        for name in names {
            let first = name.unicodeScalars.first!.value
            escaped = escaped.replacingOccurrences(
                of: "\"\(name)\"", with: "\"\\u00\(String(first, radix: 16))\(name.dropFirst())\"")
        }
        let occurrences = names.reduce(0) { $0 + grants.components(separatedBy: "\"\($1)\"").count - 1 }
        #expect(escaped.components(separatedBy: "\\u00").count == occurrences + 1)
        let original = #""grants":{"identity":"alice","voice":{"incoming":{"allow":true}}}"#
        let plain = try Fixture.verifier.verify(
            Fixture.token(payload: Fixture.payload(replacing: original, with: #""grants":"# + grants)),
            as: AccessTokenClaims.self, at: Fixture.now)
        let written = try Fixture.verifier.verify(
            Fixture.token(payload: Fixture.payload(replacing: original, with: #""grants":"# + escaped)),
            as: AccessTokenClaims.self, at: Fixture.now
        )
        #expect(plain.claims.grants.count == 8)
        #expect(plain.claims.grants.allSatisfy { if case .custom = $0 { false } else { true } })
        #expect(written.claims == plain.claims)
        #expect(written.claims.identity == "alice")
    }

    @Test("each kind accepts exactly its algorithms", arguments: TokenKind.allCases)
    func acceptedAlgorithms(kind: TokenKind) {
        let listed = kind == .clientValidation ? ["RS256", "PS256"] : ["HS256"]
        #expect(SignatureAlgorithm.accepted(for: kind).map(\.name) == listed)
        for algorithm in ["HS256", "RS256", "PS256", "HS384", "HS512", "RS512", "ES256", "none", "hs256", "HS256 ", ""]
        {
            let accepted = (try? TokenVerifier.algorithm(algorithm, for: kind)) != nil
            #expect(accepted == listed.contains(algorithm), "\(kind) \(algorithm)")
        }
    }

    @Test("C16 one flipped bit in signature byte 0, 15 or 31 is rejected")
    func flippedBits() throws {
        let parts = Fixture.t0.components(separatedBy: ".")
        let signature = try #require(base64URLDecodedBytes(Substring(parts[2])))
        for index in [0, 15, 31] {
            var mutated = signature
            mutated[index] ^= 0x01
            let token = parts[0] + "." + parts[1] + "." + Fixture.b64(mutated)
            #expect { try Fixture.verifier.verify(token, at: Fixture.now) } throws: {
                ($0 as? TokenError)?.code == .invalidSignature
            }
        }
    }

    @Test(
        "C17 signatures are compared in one place, in constant time",
        .bug("https://github.com/advisories/GHSA-w799-prg3-cx77", "python-jose CVE-2016-7036"))
    func constantTimeComparison() throws {
        var comparisons: [String] = []
        for module in ["TwilioJWT", "TwilioJWTEngine"] {
            let sources = packageRoot.appendingPathComponent("Sources/\(module)")
            let files = FileManager.default.enumerator(atPath: sources.path)!.compactMap { $0 as? String }
                .filter { $0.hasSuffix(".swift") }
            for file in files {
                let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n")
                where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//")
                    && ((line.contains("signature") && line.contains("==") && !line.contains(".count =="))
                        || line.contains("constantTimeEquals("))
                {
                    comparisons.append("\(module)/\(file): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        // The one comparison of HS256 signatures: the engine's constant-time comparison, called in one place (its
        // declaration is the other line). RS256 and PS256 signatures are checked by BoringSSL itself.
        #expect(
            comparisons.sorted() == [
                "TwilioJWTEngine/JWS/HS256Key.swift: package static func constantTimeEquals(_ first: "
                    + "UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> Bool {",
                "TwilioJWTEngine/JWS/HS256Key.swift: return unsafe self.signature(for: message).withUnsafeBytes { "
                    + "unsafe Self.constantTimeEquals($0, signature) }",
            ])
    }

    @Test("G07 a token of one kind given to another kind's verifier is rejected")
    func kindConfusion() throws {
        let credentials = try AccountCredentials(accountSID: Fixture.accountSID, authToken: Secret(Fixture.secret))
        let verifier = try TokenVerifier(apiKeys: [Fixture.apiKey], accounts: [credentials])
        let capability = try ClientCapabilityToken(scopes: [.incoming(clientName: "alice")]).jwt(
            signedWith: credentials, issuedAt: Fixture.now)
        #expect(throws: TokenError(.wrongTokenType, "expected an access token but got a Client capability token")) {
            try verifier.verify(capability, as: AccessTokenClaims.self, at: Fixture.now)
        }
        #expect(throws: TokenError(.wrongTokenType, "expected a Client capability token but got an access token")) {
            try verifier.verify(Fixture.t0, as: ClientCapabilityClaims.self, at: Fixture.now)
        }
        // G08: an access token for SK… MAC'd with the account's auth token.
        let authToken = String(repeating: "z", count: 32)
        let wrongSecret = Fixture.token(secret: Array(authToken.utf8))
        #expect { try verifier.verify(wrongSecret, at: Fixture.now) } throws: {
            ($0 as? TokenError)?.code == .invalidSignature
        }
    }

    @Test("H02 100 000 seeded mutations of T0: none accepted except the identity, no trap")
    func mutations() {
        var random = SeededGenerator(seed: 0x4D07A7E)
        let original = Array(Fixture.t0.utf8)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \u{0}".utf8)
        var accepted = 0
        for _ in 0..<100_000 {
            var bytes = original
            switch Int.random(in: 0...4, using: &random) {
            case 0:
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] ^= UInt8(1 << Int.random(in: 0...7, using: &random))
            case 1:
                bytes.insert(
                    alphabet.randomElement(using: &random)!, at: Int.random(in: 0...bytes.count, using: &random))
            case 2:
                bytes.remove(at: Int.random(in: 0..<bytes.count, using: &random))
            case 3:
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes.insert(bytes[index], at: index)
            default:
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] = alphabet.randomElement(using: &random)!
            }
            if bytes == original { continue }
            let token = String(decoding: bytes, as: UTF8.self)
            if (try? Fixture.verifier.verify(token, at: Fixture.now)) != nil {
                accepted += 1
            }
        }
        #expect(accepted == 0)
    }

    /// 8 tasks × 10 000 as docs/security-checklist.md#h04 says; about 2 s in a debug build on the 2-core machine.
    @Test("H04 8 concurrent tasks × 10 000 mint and verify give identical results")
    func concurrency() async throws {
        let key = Fixture.apiKey
        let verifier = Fixture.verifier
        let expected = try AccessToken(identity: "alice").jwt(signedWith: key, issuedAt: Fixture.now)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<10_000 {
                        let jwt = try AccessToken(identity: "alice").jwt(signedWith: key, issuedAt: Fixture.now)
                        guard jwt == expected,
                            try verifier.verify(jwt, as: AccessTokenClaims.self, at: Fixture.now).claims.identity
                                == "alice"
                        else { return false }
                    }
                    return true
                }
            }
            for try await ok in group {
                #expect(ok)
            }
        }
    }
}
