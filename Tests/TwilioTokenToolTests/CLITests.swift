import Foundation
import Testing
import TwilioJWT
import TwilioJWTTestSupport

@Suite("twilio-token end to end")
struct CLITests {
    static let account = "AC" + String(repeating: "a", count: 32)
    static let apiKey = "SK" + String(repeating: "b", count: 32)
    static let apiSecret = "abcdefghijklmnopqrstuvwxyz012345"
    static let authToken = "0123456789abcdef0123456789abcdef"
    static let credentials = ["--account-sid", account, "--api-key", apiKey, "--api-secret", apiSecret]

    // MARK: Exact bytes of the twilio-python vectors (Vectors/*.json)

    @Test("access: prints exactly the vector's token and a newline", arguments: AccessTokenVector.all)
    func accessVectors(_ vector: AccessTokenVector) throws {
        let arguments = try #require(try CLIArguments.access(vector.input))
        let result = try CLI.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == vector.token + "\n")
    }

    /// The tool grants scopes in the fixed order incoming, outgoing, event stream; CAP-5 and CAP-12 grant
    /// outgoing first, which only the library can express.
    static let capabilityVectorsThatFitTheTool = TokenVector.load("capability-token-vectors").filter {
        $0.id != "CAP-5" && $0.id != "CAP-12"
    }

    @Test("capability: prints exactly the vector's token", arguments: capabilityVectorsThatFitTheTool)
    func capabilityVectors(_ vector: TokenVector) throws {
        let ops = vector.input["ops"]!.arrayValue!
        var arguments = [
            "capability", "--account-sid", Self.account, "--auth-token", Self.authToken, "--now", "1700000000",
        ]
        if let ttl = vector.input["ttl"]?.intValue { arguments += ["--ttl", String(ttl)] }
        if vector.input["nbf"] == .string("omitted") { arguments.append("--no-nbf") }
        for op in ops {
            switch op["op"]!.stringValue! {
            case "incoming": arguments += ["--incoming", op["clientName"]!.stringValue!]
            case "outgoing":
                arguments += ["--outgoing-app", op["applicationSid"]!.stringValue!]
                for parameter in TokenVector.parameters(op["params"]) {
                    arguments += ["--outgoing-param", "\(parameter.name)=\(parameter.value)"]
                }
            default:
                arguments.append("--event-stream")
                for filter in TokenVector.parameters(op["filters"]) {
                    arguments += ["--event-filter", "\(filter.name)=\(filter.value)"]
                }
            }
        }
        let result = try CLI.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == vector.token! + "\n")
    }

    @Test("taskrouter: prints the vector's token", arguments: TokenVector.load("taskrouter-token-vectors"))
    func taskRouterVectors(_ vector: TokenVector) throws {
        let channel = vector.input["channel"]!
        var arguments = ["taskrouter"]
        if let worker = channel["worker"]?.stringValue {
            arguments += ["worker", "--worker", worker]
        } else if let queue = channel["taskQueue"]?.stringValue {
            arguments += ["taskqueue", "--taskqueue", queue]
        } else {
            arguments.append("workspace")
        }
        arguments += [
            "--workspace", vector.input["workspaceSid"]!.stringValue!, "--account-sid", Self.account, "--auth-token",
            Self.authToken, "--now", "1700000000",
        ]
        if vector.input["flags"]?["allow_update_activities"] == .bool(true) {
            arguments.append("--allow-update-activities")
        }
        if vector.input["flags"]?["allow_update_reservations"] == .bool(true) {
            arguments.append("--allow-update-reservations")
        }
        let result = try CLI.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        vector.check(String(result.stdout.dropLast()))
        #expect(result.stdout.hasSuffix("\n"))
    }

    // MARK: Output formats

    @Test("--json prints the token with its header, payload and times")
    func mintJSON() throws {
        let result = try CLI.run(
            ["access"] + Self.credentials + [
                "--identity", "alice", "--video-room", "r", "--now", "1700000000", "--json",
            ])
        #expect(result.status == 0)
        let json = try JSONValue(parsing: result.stdout)
        #expect(
            json.objectValue?.keys == ["token", "kind", "header", "payload", "issuedAt", "expiresAt", "diagnostics"])
        #expect(json["expiresAt"] == "2023-11-14T23:13:20Z")
        #expect(json["payload"]?["grants"]?["video"]?["room"] == "r")
    }

    @Test("decode explains the token; --json keeps the token's member order")
    func decode() throws {
        let token = AccessTokenVector.all[2].token  // AT-3, voice full
        let text = try CLI.run(["decode", token, "--now", "1700000100"])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("Twilio access token — signature NOT verified\n"))
        #expect(text.stdout.contains("  exp          1700003600  2023-11-14T23:13:20Z  (expires in 58 min)\n"))
        #expect(
            text.stdout.contains(
                "  voice        incoming calls allowed; outgoing calls via APcccccccccccccccccccccccccccccccc with params {\"foo\":\"bar\",\"n\":1}; push credential CRdddddddddddddddddddddddddddddddd; endpoint alice-ep1\n"
            ))
        let json = try CLI.run(["decode", "-", "--json"], stdin: token + "\n")
        #expect(
            json.stdout == #"{"header":"# + AccessTokenVector.all[2].header + #","payload":"#
                + AccessTokenVector.all[2].payload + "}\n")
        let ruby = try CLI.run(["decode", "--json"], stdin: "Bearer " + rubyAccessToken)
        #expect(ruby.stdout.hasPrefix(#"{"header":{"cty":"twilio-fpa;v=1","twr":null,"typ":"JWT","alg":"HS256"}"#))
        let other = try CLI.run([
            "decode",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        ])
        #expect(other.stdout.hasPrefix("JWT (not a Twilio token) — signature NOT verified"))
        let garbage = try CLI.run(["decode", "not-a-token"])
        #expect(garbage.status == 1)
        #expect(
            garbage.stderr
                == "twilio-token: error: not a decodable JWT: the token has 1 segment; a compact JWS has three (header.payload.signature)\n"
        )
    }

    // MARK: verify

    @Test("verify: exit 0 valid, 1 invalid with the reason on stderr, 64 usage; key rotation")
    func verify() throws {
        let token = AccessTokenVector.all[0].token
        let keyFlags = ["--api-key", Self.apiKey, "--api-secret", Self.apiSecret, "--account-sid", Self.account]
        let valid = try CLI.run(["verify", token, "--now", "1700000100"] + keyFlags)
        #expect(valid.status == 0)
        #expect(
            valid.stdout
                == "valid access token, verified with \(Self.apiKey), identity alice, expires 2023-11-14T23:13:20Z (in 58 min)\n"
        )
        let expired = try CLI.run(["verify", token, "--now", "1700003600"] + keyFlags)
        #expect(expired.status == 1)
        #expect(expired.stderr.hasPrefix("twilio-token: error: invalid: expired: the token expired at 1700003600"))
        let leeway = try CLI.run(["verify", token, "--now", "1700003610", "--leeway", "30"] + keyFlags)
        #expect(leeway.status == 0)
        #expect(
            leeway.stdout
                == "valid access token, verified with \(Self.apiKey), identity alice, expires 2023-11-14T23:13:20Z (expired 10 s ago, within the leeway)\n"
        )
        let otherKey = "SK" + String(repeating: "c", count: 32)
        let rotation = try CLI.run([
            "verify", token, "--now", "1700000100", "--api-key", otherKey, "--api-key", Self.apiKey, "--api-secret",
            String(repeating: "x", count: 32), "--api-secret", Self.apiSecret, "--account-sid", Self.account, "--json",
        ])
        #expect(rotation.status == 0)
        #expect(try JSONValue(parsing: rotation.stdout)["keyID"] == .string(Self.apiKey))
        let capability = TokenVector.load("capability-token-vectors")[0].token!
        let withAuthToken = try CLI.run([
            "verify", capability, "--account-sid", Self.account, "--auth-token", Self.authToken, "--now", "1700000100",
        ])
        #expect(withAuthToken.status == 0)
        #expect(withAuthToken.stdout.hasPrefix("valid Client capability token, verified with \(Self.account)"))
        let noKeys = try CLI.run(["verify", token])
        #expect(noKeys.status == 64)
        #expect(
            noKeys.stderr
                == "twilio-token: error: no key to verify with: pass --api-key with --api-secret, --account-sid with --auth-token, or --validation-key (or set TWILIO_API_KEY and TWILIO_API_SECRET, or TWILIO_AUTH_TOKEN)\n"
        )
        let badLeeway = try CLI.run(["verify", token, "--leeway", "301"] + keyFlags)
        #expect(badLeeway.status == 64)
        #expect(badLeeway.stderr == "twilio-token: error: --leeway must be between 0 and 300 seconds; got 301\n")
        let mismatch = try CLI.run(["verify", token, "--api-key", Self.apiKey, "--account-sid", Self.account])
        #expect(mismatch.status == 64)
    }

    static let otherAccount = "AC" + String(repeating: "f", count: 32)
    static let otherKey = "SK" + String(repeating: "c", count: 32)
    static let otherSecret = String(repeating: "x", count: 32)

    /// An access token for alice, minted by the tool with `key` and `secret` of `account`.
    static func mint(account: String, key: String, secret: String) throws -> String {
        let result = try CLI.run([
            "access", "--account-sid", account, "--api-key", key, "--api-secret", secret, "--identity", "alice",
            "--now", "1700000000",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        return String(result.stdout.dropLast())
    }

    @Test("verify: one --account-sid is the account of every API key")
    func verifyOneAccountForAllKeys() throws {
        let keyFlags = [
            "--api-key", Self.apiKey, "--api-secret", Self.apiSecret, "--api-key", Self.otherKey, "--api-secret",
            Self.otherSecret, "--account-sid", Self.account, "--now", "1700000100",
        ]
        for (key, secret) in [(Self.apiKey, Self.apiSecret), (Self.otherKey, Self.otherSecret)] {
            let token = try Self.mint(account: Self.account, key: key, secret: secret)
            let result = try CLI.run(["verify", token] + keyFlags)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("valid access token, verified with \(key), identity alice"))
        }
    }

    @Test("verify: as many --account-sid as --api-key pair up in order, so keys of two accounts verify together")
    func verifyAccountsPairWithKeys() throws {
        let keyFlags = [
            "--api-key", Self.apiKey, "--api-secret", Self.apiSecret, "--account-sid", Self.account,
            "--api-key", Self.otherKey, "--api-secret", Self.otherSecret, "--account-sid", Self.otherAccount,
            "--now", "1700000100",
        ]
        let first = try CLI.run(
            ["verify", try Self.mint(account: Self.account, key: Self.apiKey, secret: Self.apiSecret)] + keyFlags)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("valid access token, verified with \(Self.apiKey), identity alice"))
        let second = try CLI.run(
            ["verify", try Self.mint(account: Self.otherAccount, key: Self.otherKey, secret: Self.otherSecret)]
                + keyFlags)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.hasPrefix("valid access token, verified with \(Self.otherKey), identity alice"))
        // The second key belongs to the second account only: a token of it that claims the first is refused.
        let crossed = try CLI.run(
            ["verify", try Self.mint(account: Self.account, key: Self.otherKey, secret: Self.otherSecret)] + keyFlags)
        #expect(crossed.status == 1)
        #expect(crossed.stderr.hasPrefix("twilio-token: error: invalid: subjectMismatch: "))
        #expect(crossed.stdout.isEmpty)
    }

    @Test("verify: any other number of --account-sid with --api-key is a usage error naming the flags and the rule")
    func verifyAccountCountMismatch() throws {
        let token = try Self.mint(account: Self.account, key: Self.apiKey, secret: Self.apiSecret)
        let thirdKey = "SK" + String(repeating: "d", count: 32)
        let result = try CLI.run([
            "verify", token, "--api-key", Self.apiKey, "--api-key", Self.otherKey, "--api-key", thirdKey,
            "--api-secret", Self.apiSecret, "--api-secret", Self.otherSecret, "--api-secret", Self.apiSecret,
            "--account-sid", Self.account, "--account-sid", Self.otherAccount,
        ])
        #expect(result.status == 64)
        #expect(
            result.stderr
                == "twilio-token: error: --account-sid is given 2 times for 3 API keys (--api-key): give it once for all API keys, or once per --api-key in the same order\n"
        )
        #expect(result.stdout.isEmpty)
    }

    @Test("verify: an auth token from the environment pairs with one account, never with a guess among several")
    func verifyEnvironmentAuthTokenWithSeveralAccounts() throws {
        let capability = try CLI.run([
            "capability", "--account-sid", Self.account, "--auth-token", Self.authToken, "--incoming", "alice",
            "--now", "1700000000",
        ])
        #expect(capability.status == 0, "\(capability.stderr)")
        let token = String(capability.stdout.dropLast())
        let keyFlags = [
            "--api-key", Self.apiKey, "--api-secret", Self.apiSecret, "--account-sid", Self.otherAccount,
            "--api-key", Self.otherKey, "--api-secret", Self.otherSecret, "--account-sid", Self.account,
            "--now", "1700000100",
        ]
        // TWILIO_ACCOUNT_SID says which of the two accounts the auth token belongs to.
        let named = try CLI.run(
            ["verify", token] + keyFlags,
            environment: ["TWILIO_AUTH_TOKEN": Self.authToken, "TWILIO_ACCOUNT_SID": Self.account])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.hasPrefix("valid Client capability token, verified with \(Self.account)"))
        // Without it, the auth token is not paired with the first --account-sid (here the wrong one).
        let unnamed = try CLI.run(["verify", token] + keyFlags, environment: ["TWILIO_AUTH_TOKEN": Self.authToken])
        #expect(unnamed.status == 1)
        #expect(
            unnamed.stderr
                == "twilio-token: error: invalid: unknownIssuer: no auth token is configured for the account \(Self.account)\n"
        )
    }

    @Test("verify: Client Validation tokens with --validation-key CR…=path")
    func verifyClientValidation() throws {
        // Issued at 1700000000 by twilio-python, valid for five minutes.
        let token = ClientValidationVector.token
        let credential = ClientValidationVector.credentialSID
        let pem = try CLI.file(ClientValidationVector.publicKeyPEM, name: "key.pem")
        let valid = try CLI.run([
            "verify", token, "--validation-key", "\(credential)=\(pem.path)", "--now", "1700000100",
        ])
        #expect(valid.status == 0, "\(valid.stderr)")
        #expect(valid.stdout.hasPrefix("valid Client Validation token, verified with \(credential)"))
        let expired = try CLI.run([
            "verify", token, "--validation-key", "\(credential)=\(pem.path)", "--now", "1700000300",
        ])
        #expect(expired.status == 1)
        #expect(expired.stderr.hasPrefix("twilio-token: error: invalid: expired:"))
        let badSID = try CLI.run(["verify", token, "--validation-key", "CR1=\(pem.path)"])
        #expect(badSID.status == 64)
    }

    // MARK: lint

    @Test("lint: exit 0 when clean, 1 with findings and their Twilio error codes")
    func lint() throws {
        let clean = try CLI.run(["lint", AccessTokenVector.all[0].token, "--now", "1700000100"])
        #expect(clean.status == 0)
        #expect(clean.stdout == "clean: no findings\n")
        let findings = try CLI.run(["lint", AccessTokenVector.all[4].token, "--now", "1700003700"])  // AT-5, expired
        #expect(findings.status == 1)
        #expect(
            findings.stdout
                == "warning: claims.exp: the token expired 100 s ago, at 2023-11-14T23:13:20Z (Twilio error 20104)\n")
        // The findings are the whole report: no empty "error:" line after them.
        #expect(findings.stderr == "")
        let json = try CLI.run(["lint", AccessTokenVector.all[4].token, "--now", "1700003700", "--json"])
        #expect(json.status == 1)
        #expect(try JSONValue(parsing: json.stdout)["clean"] == .bool(false))
        #expect(json.stderr == "")
        let voice = try CLI.run(
            ["access"] + Self.credentials + ["--identity", "alice smith", "--voice-incoming", "--now", "1700000000"])
        #expect(voice.stderr.contains("(Twilio error 31105)"))
        let linted = try CLI.run(["lint", "--now", "1700000000"], stdin: voice.stdout)
        #expect(linted.status == 1)
        #expect(linted.stdout.hasPrefix("warning: grants.identity: Voice identities may only contain"))
        #expect(linted.stderr == "")
        let skew = try CLI.run(["lint", AccessTokenVector.all[0].token, "--now", "1699999000"])
        #expect(skew.stdout.contains("(Twilio error 20105)"))
    }

    // MARK: Errors

    struct UsageCase: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let status: Int32
        let message: String
        var testDescription: String { self.arguments.joined(separator: " ") }
    }

    static let usageCases: [UsageCase] = [
        UsageCase(
            arguments: ["access", "--account-sid", apiKey, "--api-key", apiKey, "--api-secret", apiSecret], status: 64,
            message:
                "--account-sid must be 'AC' followed by 32 lower-case hex digits; got 34 characters starting 'SK' (this looks like an API key SID, not an account SID)"
        ),
        UsageCase(
            arguments: ["access", "--account-sid", account, "--api-key", account, "--api-secret", apiSecret],
            status: 64,
            message:
                "--api-key must be 'SK' followed by 32 lower-case hex digits; got 34 characters starting 'AC' (this looks like an account SID, not an API key SID)"
        ),
        UsageCase(
            arguments: ["access", "--account-sid", account, "--api-key", apiKey], status: 64,
            message: "the API key secret is missing: pass --api-secret or set TWILIO_API_SECRET"),
        UsageCase(
            arguments: ["access"] + credentials + ["--ttl", "86401"], status: 64,
            message:
                "--ttl: ttl must be between 1 and 86400 seconds; got 86401: Twilio rejects tokens valid for more than 24 hours (error 20157)"
        ),
        UsageCase(
            arguments: ["access"] + credentials + ["--ttl", "soon"], status: 64,
            message: "--ttl must be a whole number; got 'soon'"),
        UsageCase(
            arguments: ["access"] + credentials + ["--ttl", "60", "--valid-until", "1700000060"], status: 64,
            message: "give either --ttl or --valid-until, not both"),
        UsageCase(
            arguments: ["access"] + credentials + ["--region", "IE1"], status: 64,
            message:
                "--region: a region must be a Twilio Region id: two lower-case letters and a digit, such as 'us1' or 'ie1'; got 'IE1' (region ids are lower-case: 'ie1')"
        ),
        UsageCase(
            arguments: ["access"] + credentials + ["--region", "de1"], status: 64,
            message:
                "--region: region 'de1' is not a Twilio Region id Twilio documents (au1, ie1, jp1, us1; legacy Voice edge ids such as 'de1' or 'sg1' are not regions); a region Twilio has added since can be named as unlisted; pass --allow-unlisted-region to mint with a region Twilio added since"
        ),
        UsageCase(
            arguments: ["access"] + credentials + ["--region", "dublin", "--allow-unlisted-region"], status: 64,
            message:
                "--region: a region must be a Twilio Region id: two lower-case letters and a digit, such as 'us1' or 'ie1'; got 'dublin'"
        ),
        UsageCase(
            arguments: ["access"] + credentials + ["--voice-param", "a=b"], status: 64,
            message: "--voice-param and --voice-params-json need --voice-outgoing-app"),
        UsageCase(
            arguments: ["access"] + credentials + ["--voice-outgoing-app", "AP1"], status: 64,
            message:
                "--voice-outgoing-app must be 'AP' followed by 32 lower-case hex digits; got 3 characters starting 'AP'"
        ),
        UsageCase(
            arguments: ["access"] + credentials + ["--grant", "x={\"a\":1,\"a\":2}"], status: 64,
            message: "--grant x is not valid JSON: duplicate member name 'a' at byte 7"),
        UsageCase(
            arguments: ["access"] + credentials + ["--grant", "identity=\"bob\""], status: 64,
            message: "--grant needs a key other than '' and 'identity' (use --identity)"),
        UsageCase(arguments: ["access", "--bogus"], status: 64, message: "Unknown option '--bogus'"),
        UsageCase(
            arguments: ["capability", "--account-sid", account, "--auth-token", authToken, "--incoming", ""],
            status: 64,
            message: "--incoming needs a client name"),
        UsageCase(
            arguments: ["capability", "--account-sid", account, "--auth-token", "short"], status: 64,
            message:
                "--auth-token: the secret is 5 bytes long; Twilio secrets are 32 characters and HS256 needs at least 32 bytes (use Secret(insecureShortSecret:) only to interoperate with an existing short key)"
        ),
        UsageCase(
            arguments: [
                "taskrouter", "taskqueue", "--workspace", "WS" + String(repeating: "1", count: 32), "--taskqueue",
                "WK" + String(repeating: "2", count: 32), "--account-sid", account, "--auth-token", authToken,
            ], status: 64,
            message:
                "--taskqueue must be 'WQ' followed by 32 lower-case hex digits; got 34 characters starting 'WK' (this looks like a TaskRouter worker SID, not a TaskRouter task queue SID)"
        ),
        UsageCase(
            arguments: [
                "taskrouter", "workspace", "--workspace", "WS" + String(repeating: "1", count: 32), "--account-sid",
                account, "--auth-token", authToken, "--policy", #"{"url":"https://x","method":"PATCH"}"#,
            ], status: 64,
            message:
                "--policy: policies[0].method must be GET, POST or DELETE (TaskRouter policies know no other methods)"),
        UsageCase(
            arguments: ["access"] + credentials + ["--api-secret-file", "/nonexistent/secret"], status: 64,
            message: "give either --api-secret or --api-secret-file, not both"),
        // Times out of range name their flag (the library's messages speak of "issue time", "expiry", "nbf").
        UsageCase(
            arguments: ["access"] + credentials + ["--now", "99999999999999"], status: 64,
            message:
                "--now must be a Unix time in seconds from 0 to 253402300799 (the end of the year 9999); got 99999999999999"
        ),
        UsageCase(
            arguments: ["access"] + credentials + ["--now=-1"], status: 64,
            message: "--now must be a Unix time in seconds from 0 to 253402300799 (the end of the year 9999); got -1"),
        UsageCase(
            arguments: ["access"] + credentials + ["--now", "253402300799"], status: 64,
            message: "--now 253402300799 plus the ttl of 3600 s is after 253402300799, the end of the year 9999"),
        UsageCase(
            arguments: ["access"] + credentials + ["--now", "1700000000", "--valid-until", "300000000000"], status: 64,
            message:
                "--valid-until must be a Unix time in seconds from 0 to 253402300799 (the end of the year 9999); got 300000000000"
        ),
        UsageCase(
            arguments: ["capability", "--account-sid", account, "--auth-token", authToken, "--valid-until=-5"],
            status: 64,
            message:
                "--valid-until must be a Unix time in seconds from 0 to 253402300799 (the end of the year 9999); got -5"
        ),
        UsageCase(
            arguments: ["access"] + credentials + ["--now", "1700000000", "--nbf", "300000000000"], status: 64,
            message:
                "--nbf must be a Unix time in seconds from 0 to 253402300799 (the end of the year 9999); got 300000000000"
        ),
        UsageCase(
            arguments: [
                "taskrouter", "workspace", "--workspace", "WS" + String(repeating: "1", count: 32), "--account-sid",
                account, "--auth-token", authToken, "--nbf=-1",
            ], status: 64,
            message: "--nbf must be a Unix time in seconds from 0 to 253402300799 (the end of the year 9999); got -1"),
        UsageCase(
            arguments: [
                "verify", "x.y.z", "--api-key", apiKey, "--api-secret", apiSecret, "--account-sid", account, "--now",
                "253402300800",
            ], status: 64,
            message:
                "--now must be a Unix time in seconds from 0 to 253402300799 (the end of the year 9999); got 253402300800"
        ),
        UsageCase(
            arguments: ["decode", "x.y.z", "--now", "9223372036854775807"], status: 64,
            message:
                "--now must be a Unix time in seconds from 0 to 253402300799 (the end of the year 9999); got 9223372036854775807"
        ),
        // Standard input feeds one input; a second would find it empty.
        UsageCase(
            arguments: ["verify", "--api-key", apiKey, "--api-secret-file", "-", "--account-sid", account], status: 64,
            message:
                "standard input can feed only one input, but --api-secret-file - and the token (no token argument given) both read it; give the others as files or arguments"
        ),
        UsageCase(
            arguments: ["verify", "-", "--account-sid", account, "--auth-token-file", "-"], status: 64,
            message:
                "standard input can feed only one input, but --auth-token-file - and the token argument - both read it; give the others as files or arguments"
        ),
        UsageCase(
            arguments: [
                "verify", "x.y.z", "--api-key", apiKey, "--api-secret-file", "-", "--api-key",
                "SK" + String(repeating: "c", count: 32), "--api-secret-file", "-", "--account-sid", account,
            ], status: 64,
            message:
                "standard input can feed only one input, but --api-secret-file - and --api-secret-file - both read it; give the others as files or arguments"
        ),
        UsageCase(
            arguments: [
                "verify", "--env-file", "-", "--validation-key", "CR" + String(repeating: "c", count: 32) + "=-",
            ], status: 64,
            message:
                "standard input can feed only one input, but --env-file -, --validation-key …=- and the token (no token argument given) all read it; give the others as files or arguments"
        ),
        UsageCase(
            arguments: ["access", "--env-file", "-", "--api-secret-file", "-"], status: 64,
            message:
                "standard input can feed only one input, but --env-file - and --api-secret-file - both read it; give the others as files or arguments"
        ),
        UsageCase(
            arguments: ["capability", "--auth-token-file", "-", "--env-file", "-"], status: 64,
            message:
                "standard input can feed only one input, but --env-file - and --auth-token-file - both read it; give the others as files or arguments"
        ),
        UsageCase(
            arguments: [
                "taskrouter", "workspace", "--workspace", "WS" + String(repeating: "1", count: 32), "--env-file", "-",
                "--auth-token-file", "-",
            ], status: 64,
            message:
                "standard input can feed only one input, but --env-file - and --auth-token-file - both read it; give the others as files or arguments"
        ),
    ]

    @Test("usage errors: one line naming the flag and the rule, exit 64", arguments: usageCases)
    func usageErrors(_ testCase: UsageCase) throws {
        // Something on standard input, so that the standard-input cases fail for the rule, not for want of input.
        let result = try CLI.run(testCase.arguments, stdin: Self.apiSecret + "\n")
        #expect(result.status == testCase.status)
        #expect(result.stderr == "twilio-token: error: \(testCase.message)\n")
        #expect(result.stdout.isEmpty)
    }

    // MARK: Environment, files, stdin

    @Test("credentials: flags beat --env-file, which beats the environment; quickstart names work")
    func precedence() throws {
        let otherAccount = "AC" + String(repeating: "f", count: 32)
        let envFile = try CLI.file(
            "# quickstart .env\nexport ACCOUNT_SID=\(Self.account)\nAPI_KEY='\(Self.apiKey)'\nAPI_KEY_SECRET=\"\(Self.apiSecret)\"  \n",
            mode: 0o644, name: ".env")
        let now = ["--now", "1700000000", "--identity", "alice"]
        let expected = AccessTokenVector.all[0].token + "\n"

        let fromFile = try CLI.run(["access", "--env-file", envFile.path] + now)
        #expect(fromFile.stdout == expected, "\(fromFile.stderr)")

        let fromEnvironment = try CLI.run(
            ["access"] + now,
            environment: [
                "TWILIO_ACCOUNT_SID": Self.account, "TWILIO_API_KEY": Self.apiKey, "TWILIO_API_SECRET": Self.apiSecret,
            ])
        #expect(fromEnvironment.stdout == expected)

        let quickstartNames = try CLI.run(
            ["access"] + now,
            environment: [
                "ACCOUNT_SID": Self.account, "TWILIO_API_KEY_SID": Self.apiKey, "TWILIO_API_KEY_SECRET": Self.apiSecret,
            ])
        #expect(quickstartNames.stdout == expected)

        // The env file beats the environment…
        let fileOverEnvironment = try CLI.run(
            ["access", "--env-file", envFile.path] + now, environment: ["TWILIO_ACCOUNT_SID": otherAccount])
        #expect(fileOverEnvironment.stdout == expected)
        // …and a flag beats both.
        let flagOverAll = try CLI.run(["access", "--env-file", envFile.path, "--account-sid", otherAccount] + now)
        #expect(
            try UnverifiedToken(decoding: String(flagOverAll.stdout.dropLast())).payload["sub"] == .string(otherAccount)
        )

        // TWILIO_REGION sets the region.
        let region = try CLI.run(["access", "--env-file", envFile.path] + now, environment: ["TWILIO_REGION": "ie1"])
        #expect(try UnverifiedToken(decoding: String(region.stdout.dropLast())).header["twr"] == "ie1")
        // A region Twilio added after the library was written needs --allow-unlisted-region.
        let unlisted = try CLI.run(
            ["access", "--env-file", envFile.path, "--allow-unlisted-region"] + now,
            environment: ["TWILIO_REGION": "xy9"])
        #expect(unlisted.status == 0)
        #expect(try UnverifiedToken(decoding: String(unlisted.stdout.dropLast())).header["twr"] == "xy9")
    }

    @Test("secrets from files and stdin; files other users can read are refused")
    func secretFiles() throws {
        let base = [
            "access", "--account-sid", Self.account, "--api-key", Self.apiKey, "--identity", "alice", "--now",
            "1700000000",
        ]
        let expected = AccessTokenVector.all[0].token + "\n"
        let file = try CLI.file(Self.apiSecret + "\n")
        #expect(try CLI.run(base + ["--api-secret-file", file.path]).stdout == expected)
        #expect(try CLI.run(base + ["--api-secret-file", "-"], stdin: Self.apiSecret + "\r\n").stdout == expected)
        let readable = try CLI.file(Self.apiSecret, mode: 0o644)
        let refused = try CLI.run(base + ["--api-secret-file", readable.path])
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == "twilio-token: error: --api-secret-file: refusing \(readable.path): other users can read it (mode 644); run chmod 600 \(readable.path)\n"
        )
        let missing = try CLI.run(base + ["--api-secret-file", "/nonexistent/secret"])
        #expect(missing.status == 1)
        #expect(
            missing.stderr
                == "twilio-token: error: --api-secret-file: cannot read /nonexistent/secret: no such file or no permission\n"
        )
        let badEnvFile = try CLI.file("NOT A LINE\n", name: ".env")
        let malformed = try CLI.run(["access", "--env-file", badEnvFile.path])
        #expect(malformed.status == 64)
        #expect(malformed.stderr == "twilio-token: error: --env-file: line 1 is not KEY=VALUE\n")
    }

    // MARK: Secrets never leak

    @Test("a canary secret appears in no output of any failing command")
    func canary() throws {
        let canary = Canary.apiSecret
        let account = Self.account
        let commands: [[String]] = [
            ["access", "--account-sid", canary, "--api-key", Self.apiKey, "--api-secret", Self.apiSecret],
            ["access", "--account-sid", account, "--api-key", canary, "--api-secret", Self.apiSecret],
            ["access", "--account-sid", account, "--api-key", Self.apiKey, "--api-secret", String(canary.prefix(20))],
            ["access", "--account-sid", account, "--api-key", Self.apiKey, "--api-secret", canary, "--ttl", canary],
            ["access", "--account-sid", account, "--api-key", Self.apiKey, "--api-secret", canary, "--region", canary],
            [
                "access", "--account-sid", account, "--api-key", Self.apiKey, "--api-secret", canary,
                "--voice-outgoing-app", canary,
            ],
            ["access", "--account-sid", account, "--api-key", Self.apiKey, "--api-secret", canary, "--grant", canary],
            [
                "access", "--account-sid", account, "--api-key", Self.apiKey, "--api-secret", canary, "--grant",
                "x=" + canary,
            ],
            ["access", "--account-sid", account, "--api-key", Self.apiKey, "--api-secret", canary, canary],
            ["access", "--account-sid", account, "--api-key", Self.apiKey, "--api-secret", canary, "--" + canary],
            ["access", "--account-sid", account, "--api-key", Self.apiKey, "--api-secret", canary, "--now", canary],
            ["capability", "--account-sid", account, "--auth-token", canary, "--outgoing-app", canary],
            ["capability", "--account-sid", canary, "--auth-token", canary],
            ["verify", "x.y.z", "--api-key", Self.apiKey, "--api-secret", canary, "--account-sid", account],
            [
                "verify", AccessTokenVector.all[0].token, "--api-key", Self.apiKey, "--api-secret", canary,
                "--account-sid", account,
            ],
            [
                "verify", AccessTokenVector.all[0].token, "--api-key", canary, "--api-secret", canary, "--account-sid",
                account,
            ],
            [
                "verify", AccessTokenVector.all[0].token, "--api-key", Self.apiKey, "--api-secret", canary, "--leeway",
                canary,
            ],
            ["decode", canary],
            ["lint", canary],
            [
                "taskrouter", "worker", "--workspace", canary, "--worker", canary, "--account-sid", account,
                "--auth-token", canary,
            ],
            // A secret passed where a file path belongs.
            ["access", "--account-sid", account, "--api-key", Self.apiKey, "--api-secret-file", canary],
            ["access", "--env-file", canary, "--identity", "alice"],
            ["capability", "--account-sid", account, "--auth-token-file", canary, "--incoming", "alice"],
            ["capability", "--env-file", canary],
            [
                "taskrouter", "worker", "--workspace", "WS" + String(repeating: "1", count: 32), "--worker",
                "WK" + String(repeating: "2", count: 32), "--account-sid", account, "--auth-token-file", canary,
            ],
            ["taskrouter", "taskqueue", "--workspace", canary, "--taskqueue", canary, "--env-file", canary],
            ["verify", "x.y.z", "--api-key", Self.apiKey, "--api-secret-file", canary, "--account-sid", account],
            ["verify", "x.y.z", "--account-sid", account, "--auth-token-file", canary],
            ["verify", "x.y.z", "--env-file", canary],
            ["verify", "x.y.z", "--validation-key", "CR" + String(repeating: "c", count: 32) + "=" + canary],
            ["verify", "x.y.z", "--validation-key", canary + "=" + canary],
            ["verify", "x.y.z", "--validation-key", canary],
        ]
        for command in commands {
            let result = try CLI.run(command)
            #expect(result.status != 0, "\(command.first!) succeeded")
            #expect(Canary.leaks(in: result.all).isEmpty, "leak in \(command): \(result.all)")
        }
    }

    // MARK: Help, version, completions

    @Test("--help has examples on every command; --version; completion scripts")
    func help() throws {
        for command in [
            [], ["access"], ["capability"], ["taskrouter"], ["taskrouter", "worker"], ["taskrouter", "taskqueue"],
            ["taskrouter", "workspace"], ["decode"], ["verify"], ["lint"],
        ] {
            let result = try CLI.run(command + ["--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("Example"), "\(command)")
        }
        // The root help keeps its discussion of output, credentials and exit statuses.
        let root = try CLI.run(["--help"])
        #expect(root.stdout.contains("Credentials come from flags, then --env-file, then the environment"))
        #expect(root.stdout.contains("Exit status: 0 success, 1 failure"))
        #expect(try CLI.run(["--version"]).stdout == "0.1.0\n")
        let completion = try CLI.run(["--generate-completion-script", "bash"])
        #expect(completion.status == 0)
        #expect(completion.stdout.contains("--voice-outgoing-app"))
    }

    @Test(
        "a command group without a subcommand prints its usage on stderr and exits 64", arguments: [[], ["taskrouter"]])
    func missingSubcommand(_ group: [String]) throws {
        let result = try CLI.run(group)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == (try CLI.run(group + ["--help"])).stdout)
        #expect(result.stderr.contains("USAGE: twilio-token \((group + ["<subcommand>"]).joined(separator: " "))\n"))
    }
}
