import Foundation
import Testing

/// The Voice webhooks end to end: the built `twilio-token-server` as a process, called by the built
/// `twilio-token webhook send` as Twilio would call it.
@Suite("Voice webhooks, end to end", .serialized)
struct VoiceProcessTests {
    /// The library package's `twilio-token`, which `Scripts/test.sh` builds first (`swift test` at the root), or the
    /// one `TWILIO_TOKEN_BINARY` names.
    static let cli: URL? = {
        if let path = ProcessInfo.processInfo.environment["TWILIO_TOKEN_BINARY"] {
            return URL(fileURLWithPath: path)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidate = root.appendingPathComponent(".build/debug/twilio-token")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }()

    static var required: Bool { ProcessInfo.processInfo.environment["TWILIO_JWT_REQUIRE_REFERENCE"] == "1" }

    @Test("twilio-token webhook send gets the policy's TwiML through a trusted proxy's headers; others get 403")
    func sendThroughTheCLI() async throws {
        guard let cli = Self.cli else {
            if Self.required { Issue.record("no twilio-token binary: run `swift build` at the repository root") }
            return
        }
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = try Fixtures.write(Fixtures.canarySecret, "api.secret", in: directory)
        let token = try Fixtures.write(VoiceWebhookTests.authToken, "auth.token", in: directory)
        let wrongToken = try Fixtures.write("WRONGauthtokenZYXWVUTSRQPONMLKJA", "wrong.token", in: directory)
        let text = Fixtures.bearerConfig(
            secretPath: secret,
            extra: "voice:\n  caller_id: \"+15005550006\"\n  allowed_number_prefixes: [\"+1\"]\n"
        )
        .replacingOccurrences(of: "  active_api_key:", with: "  auth_token_file: \(token)\n  active_api_key:")
        .replacingOccurrences(of: "  port: 0\n", with: "  port: 0\n  trusted_proxies: [\"127.0.0.1\"]\n")
        let config = try Fixtures.write(text, "server.yaml", in: directory)
        let server = try await ServerProcess(["--config", config])
        let origin = "http://127.0.0.1:\(server.port)"
        let forwarded = [
            "--header", "X-Forwarded-Proto: http", "--header", "X-Forwarded-Host: 127.0.0.1:\(server.port)",
        ]

        func send(
            _ path: String, _ parameters: [String], token tokenFile: String = token, headers: [String] = forwarded
        )
            throws -> Subprocess.Output
        {
            try Subprocess.run(
                cli,
                ["webhook", "send", origin + path, "--auth-token-file", tokenFile]
                    + parameters.flatMap { ["--param", $0] } + headers)
        }

        let call = ["From=client:alice", "CallSid=CAffffffffffffffffffffffffffffffff"]
        let client = try send("/v1/voice/outgoing", call + ["To=bob"])
        #expect(client.status == 0, "\(client.stderr)")
        #expect(
            client.stdout
                == "200\n" + VoiceWebhookTests.declaration
                + #"<Response><Dial callerId="client:alice" answerOnBridge="true"><Client>bob</Client></Dial></Response>"#
                + "\n")

        let number = try send("/makeCall", call + ["To=+1 415 555 0100"])
        #expect(number.stdout.contains("<Number>+14155550100</Number>"), "\(number.stdout)")
        let premium = try send("/voice", call + ["To=+19005550100"])
        #expect(premium.stdout == "200\n" + VoiceWebhookTests.notAllowed + "\n")

        let forged = try send("/v1/voice/outgoing", call + ["To=+19005550100"], token: wrongToken)
        #expect(forged.status == 1)
        #expect(forged.stdout.hasPrefix("403\n"))
        #expect(forged.stdout.contains(#""code":"webhook_rejected""#))

        // Without the proxy's headers the server cannot know the public URL, so nothing is accepted.
        let direct = try send("/v1/voice/outgoing", call + ["To=bob"], headers: [])
        #expect(direct.stdout.hasPrefix("403\n"))

        let metrics = try await HTTP.request(port: server.port, path: "/metrics")
        #expect(metrics.body.contains(#"twilio_voice_calls_total{outcome="client"} 1"#))
        #expect(metrics.body.contains(#"twilio_voice_calls_total{outcome="number"} 1"#))
        #expect(metrics.body.contains(#"twilio_voice_calls_refused_total{reason="number_blocked"} 1"#))
        #expect(metrics.body.contains(#"twilio_webhook_rejected_total{cause="signatureMismatch"} 1"#))
        #expect(metrics.body.contains(#"twilio_webhook_rejected_total{cause="noPublicURL"} 1"#))

        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
        let log = server.log
        #expect(log.contains("voice call refused"))
        for output in [log, client.stdout + client.stderr, forged.stdout + forged.stderr] {
            #expect(Canary.leaks(of: VoiceWebhookTests.authToken, in: output).isEmpty)
            #expect(Canary.leaks(of: Fixtures.canarySecret, in: output).isEmpty)
        }
    }
}
