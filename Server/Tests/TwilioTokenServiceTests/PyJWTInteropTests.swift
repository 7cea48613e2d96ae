import Foundation
import Testing
import TwilioJWT

@testable import TwilioTokenService

/// Each profile's token, verified by an independent implementation: PyJWT from PyPI (the JWT library twilio-python
/// mints with), as Twilio's own services would read it — HS256 with the API key secret, `cty` `twilio-fpa;v=1`.
///
/// `Scripts/test.sh` installs PyJWT and sets `TWILIO_JWT_REQUIRE_REFERENCE=1`; without either, this test is skipped.
@Suite("Tokens verified by PyJWT", .enabled(if: PyJWT.isAvailable, "needs PyJWT (Scripts/test.sh installs it)"))
struct PyJWTInteropTests {
    /// The profiles of the test config, what each request asks, and the grants PyJWT must find.
    static var cases: [(profile: String, request: TokenRequest, grants: [String: Any], ttl: Int)] {
        [
            (
                "video", TokenRequest(profile: "video", identity: "alice", room: "standup-daily"),
                ["identity": "alice", "video": ["room": "standup-daily"]], 600
            ),
            (
                "voice", TokenRequest(profile: "voice", identity: "bob"),
                [
                    "identity": "bob",
                    "voice": ["incoming": ["allow": true], "outgoing": ["application_sid": Fixtures.applicationSID]],
                ], 3600
            ),
            (
                "chat", TokenRequest(profile: "chat", identity: "carol"),
                ["identity": "carol", "chat": ["service_sid": Fixtures.serviceSID]], 1200
            ),
        ]
    }

    @Test("PyJWT verifies each profile's token and reads the grants, issuer, subject and lifetime", arguments: 0..<3)
    func verifies(_ index: Int) async throws {
        let (profile, request, grants, ttl) = Self.cases[index]
        let now = Int(Date().timeIntervalSince1970)
        let configuration = try await Fixtures.bearerConfiguration()
        let service = TokenService(configuration: configuration, logger: CapturedLog().logger(), clock: { now })
        let principal = Principal(kind: .bearer, name: "interop", allowedIdentities: ["alice", "bob", "carol"])
        let issued = try service.issue(request, for: principal)
        #expect(issued.profile == profile)

        let decoded = try PyJWT.decode(issued.token, secret: Fixtures.canarySecret)
        #expect(decoded.header["alg"] as? String == "HS256")
        #expect(decoded.header["cty"] as? String == "twilio-fpa;v=1")
        #expect(decoded.claims["iss"] as? String == Fixtures.keySID)
        #expect(decoded.claims["sub"] as? String == Fixtures.accountSID)
        #expect(decoded.claims["jti"] as? String == issued.tokenID)
        #expect(decoded.claims["exp"] as? Int == now + ttl)
        let actual = try JSONSerialization.data(withJSONObject: decoded.claims["grants"] ?? [:], options: [.sortedKeys])
        let expected = try JSONSerialization.data(withJSONObject: grants, options: [.sortedKeys])
        #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self))

        // A wrong secret fails PyJWT's check.
        #expect(throws: PyJWT.Failure.self) { try PyJWT.decode(issued.token, secret: Fixtures.secondSecret) }
    }
}

/// Runs PyJWT in a `python3` subprocess.
enum PyJWT {
    struct Failure: Error {
        let message: String
    }

    static let isAvailable: Bool = {
        if ProcessInfo.processInfo.environment["TWILIO_JWT_REQUIRE_REFERENCE"] == "1" { return true }
        return (try? Self.run(["-c", "import jwt"]).status) == 0
    }()

    static let script = """
        import json, sys, jwt
        token, secret = sys.argv[1], sys.stdin.read()
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["exp", "iss", "sub"]})
        print(json.dumps({"header": header, "claims": claims}))
        """

    /// The header and claims PyJWT verified, or ``Failure`` with its error.
    static func decode(_ token: String, secret: String) throws -> (header: [String: Any], claims: [String: Any]) {
        let result = try Self.run(["-c", Self.script, token], stdin: secret)
        guard result.status == 0 else { throw Failure(message: result.stderr) }
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return (object?["header"] as? [String: Any] ?? [:], object?["claims"] as? [String: Any] ?? [:])
    }

    private static func run(_ arguments: [String], stdin: String = "") throws -> Subprocess.Output {
        let environment = ProcessInfo.processInfo.environment
        return try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments, stdin: stdin,
            environment: ["PATH": environment["PATH"] ?? "/usr/bin:/bin", "HOME": environment["HOME"] ?? "/"])
    }
}
