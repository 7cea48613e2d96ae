import Foundation
import Testing
import TwilioJWT
import TwilioJWTTestSupport

/// Defects found by an audit of `twilio-token`, each run end to end against the built binary.
@Suite("twilio-token audit regressions")
struct CLIRegressionTests {
    static let account = CLITests.account
    static let apiKey = CLITests.apiKey
    static let apiSecret = CLITests.apiSecret
    /// AT-1: what `access --identity alice --now 1700000000` mints with the test credentials.
    static let expectedToken = AccessTokenVector.all[0].token + "\n"

    /// An unsigned-looking token (the signature is never checked by `decode` and `lint`) with `payload` as its
    /// claims.
    static func token(header: String = #"{"alg":"HS256"}"#, payload: String) -> String {
        base64URLEncoded(Array(header.utf8)) + "." + base64URLEncoded(Array(payload.utf8)) + ".AAAA"
    }

    // MARK: Times at the edges of Int never trap

    @Test("decode: exp = Int.min is described as out of range, without a trap")
    func decodeIntMinExpiry() throws {
        let result = try CLI.run(["decode", "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOi05MjIzMzcyMDM2ODU0Nzc1ODA4fQ.AAAA"])
        #expect(result.status == 0)
        #expect(
            result.stdout == """
                JWT (not a Twilio token) — signature NOT verified

                Header
                  alg          HS256

                Claims
                  exp          -9223372036854775808  (out of range: Unix times run from 0 to 253402300799, the end of the year 9999)

                """)
        #expect(result.stderr == "")
    }

    static let extremeTimes = [Int.min, Int.min + 1, -1, 0, 253_402_300_799, 253_402_300_800, Int.max]

    @Test("decode, decode --json and lint never trap on extreme exp, nbf and iat", arguments: extremeTimes)
    func extremeTimesNeverTrap(_ time: Int) throws {
        let access = #"{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}"#
        let otherClaims =
            #""jti":"x","iss":"\#(Self.apiKey)","sub":"\#(Self.account)","grants":{"identity":"alice","video":{}}"#
        for claim in ["exp", "nbf", "iat"] {
            let tokens = [
                Self.token(payload: #"{"\#(claim)":\#(time)}"#),
                Self.token(header: access, payload: #"{\#(otherClaims),"\#(claim)":\#(time)}"#),
            ]
            for token in tokens {
                for command in [["decode"], ["decode", "--json"], ["lint"], ["lint", "--now", "253402300799"]] {
                    let result = try CLI.run(command + [token])
                    let what = "\(command.joined(separator: " ")) with \(claim) \(time)"
                    #expect(result.status == 0 || result.status == 1, "\(what): status \(result.status)")
                    #expect(!result.stderr.contains("Fatal error"), "\(what)")
                    #expect(!result.stderr.contains("Backtrac"), "\(what)")
                    #expect(!result.stderr.contains("runtime failure"), "\(what)")
                    if command == ["decode"] {
                        #expect(result.status == 0, "\(what)")
                        let described =
                            (0...UnixTime.maximum).contains(time)
                            ? "\(time)  \(UnixTime.iso8601(time))"
                            : "\(time)  (out of range: Unix times run from 0 to 253402300799, the end of the year 9999)"
                        #expect(result.stdout.contains("  \(claim)          \(described)"), "\(what)")
                    }
                }
            }
        }
    }

    // MARK: A secret where a path belongs is not echoed

    @Test("a value that may be a secret, given as a path, is not echoed; a path is")
    func secretLikePathsAreNotEchoed() throws {
        let secretLike = String(repeating: "5", count: 32)
        let note = "(the value is not shown because it looks like a secret rather than a path)"
        let cases: [(arguments: [String], flag: String)] = [
            (
                ["access", "--account-sid", Self.account, "--api-key", Self.apiKey, "--api-secret-file"],
                "--api-secret-file"
            ),
            (["capability", "--account-sid", Self.account, "--auth-token-file"], "--auth-token-file"),
            (["access", "--env-file"], "--env-file"),
        ]
        for (arguments, flag) in cases {
            let result = try CLI.run(arguments + [secretLike])
            #expect(result.status == 1)
            #expect(
                result.stderr
                    == "twilio-token: error: \(flag): cannot read the file: no such file or no permission \(note)\n")
        }
        let validationKey = try CLI.run([
            "verify", "x.y.z", "--validation-key", "CR" + String(repeating: "c", count: 32) + "=" + secretLike,
        ])
        #expect(validationKey.status == 1)
        #expect(
            validationKey.stderr
                == "twilio-token: error: --validation-key: cannot read the file: no such file or no permission \(note)\n"
        )
        // Short names and names with '/' or '.' cannot be a Twilio secret: they are shown.
        for path in ["api-secret", "secrets/api", "api.secret"] {
            let result = try CLI.run([
                "access", "--account-sid", Self.account, "--api-key", Self.apiKey, "--api-secret-file", path,
            ])
            #expect(
                result.stderr
                    == "twilio-token: error: --api-secret-file: cannot read \(path): no such file or no permission\n")
        }
    }

    // MARK: dotenv files with CRLF line ends

    @Test("an --env-file with CRLF (or CR) line ends mints the same token as flags")
    func crlfEnvFile() throws {
        let now = ["--now", "1700000000", "--identity", "alice"]
        let fromFlags = try CLI.run(
            ["access", "--account-sid", Self.account, "--api-key", Self.apiKey, "--api-secret", Self.apiSecret] + now)
        #expect(fromFlags.stdout == Self.expectedToken)
        for lineEnd in ["\r\n", "\r"] {
            let contents =
                [
                    "# written on Windows", "TWILIO_ACCOUNT_SID=\(Self.account)", "TWILIO_API_KEY='\(Self.apiKey)'",
                    "", "TWILIO_API_SECRET=\(Self.apiSecret)",
                ].joined(separator: lineEnd) + lineEnd
            let envFile = try CLI.file(contents, name: ".env")
            let result = try CLI.run(["access", "--env-file", envFile.path] + now)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == fromFlags.stdout, "line end \(lineEnd.debugDescription)")
            #expect(result.stderr == "")
        }
        // Line numbers still count CRLF lines one by one.
        let malformed = try CLI.file("A=1\r\nB=2\r\nNOT A LINE\r\n", name: ".env")
        let error = try CLI.run(["access", "--env-file", malformed.path])
        #expect(error.status == 64)
        #expect(error.stderr == "twilio-token: error: --env-file: line 3 is not KEY=VALUE\n")
    }

    // MARK: Env files with secrets that others can read

    @Test("an --env-file holding a secret and readable by others gets one warning; the token is unchanged")
    func exposedEnvFileWarning() throws {
        let now = ["--now", "1700000000", "--identity", "alice"]
        for secretName in ["TWILIO_API_SECRET", "API_KEY_SECRET", "API_SECRET", "TWILIO_API_KEY_SECRET"] {
            let contents =
                "TWILIO_ACCOUNT_SID=\(Self.account)\nTWILIO_API_KEY=\(Self.apiKey)\n\(secretName)=\(Self.apiSecret)\n"
            let exposed = try CLI.file(contents, mode: 0o644, name: ".env")
            let warned = try CLI.run(["access", "--env-file", exposed.path] + now)
            #expect(warned.status == 0)
            #expect(warned.stdout == Self.expectedToken)
            #expect(
                warned.stderr
                    == "twilio-token: warning: --env-file: \(exposed.path) holds secrets and other users can read it (mode 644); run chmod 600 \(exposed.path)\n"
            )
            let privateFile = try CLI.file(contents, mode: 0o600, name: ".env")
            let quiet = try CLI.run(["access", "--env-file", privateFile.path] + now)
            #expect(quiet.stdout == Self.expectedToken)
            #expect(quiet.stderr == "")
        }
        // Auth tokens are secrets too; group-readable is as exposed as world-readable.
        for secretName in ["TWILIO_AUTH_TOKEN", "AUTH_TOKEN"] {
            let exposed = try CLI.file("\(secretName)=\(CLITests.authToken)\n", mode: 0o640, name: ".env")
            let result = try CLI.run([
                "capability", "--env-file", exposed.path, "--account-sid", Self.account, "--incoming", "alice",
            ])
            #expect(result.status == 0)
            #expect(result.stderr.hasPrefix("twilio-token: warning: --env-file: \(exposed.path) holds secrets"))
            #expect(result.stderr.hasSuffix("(mode 640); run chmod 600 \(exposed.path)\n"))
        }
        // No secret in it, no warning.
        let sidsOnly = try CLI.file("TWILIO_ACCOUNT_SID=\(Self.account)\nTWILIO_API_KEY=\(Self.apiKey)\n", mode: 0o644)
        let result = try CLI.run(["access", "--env-file", sidsOnly.path, "--api-secret", Self.apiSecret] + now)
        #expect(result.stdout == Self.expectedToken)
        #expect(result.stderr == "")
    }
}
