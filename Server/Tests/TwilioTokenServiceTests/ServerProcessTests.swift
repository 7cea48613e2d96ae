import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing
import TwilioJWT

/// The `twilio-token-server` executable as a process: its command line and exit statuses, signals (SIGHUP reloads,
/// SIGTERM drains), TLS, and slow clients.
@Suite("Server process", .serialized)
struct ServerProcessTests {
    static let bearer = ["Authorization": "Bearer \(Fixtures.bearerKey)", "Content-Type": "application/json"]
    static let voiceRequest = #"{"profile":"voice","identity":"alice"}"#

    /// A config in a fresh folder; returns the folder and the config's path.
    static func config(_ edit: (String) -> String = { $0 }, extra: String = "") throws -> (URL, String) {
        let directory = try Fixtures.temporaryDirectory()
        let secret = try Fixtures.write(Fixtures.canarySecret, "api.secret", in: directory)
        let config = try Fixtures.write(
            edit(Fixtures.bearerConfig(secretPath: secret, extra: extra)), "server.yaml", in: directory)
        return (directory, config)
    }

    /// Runs the server binary to completion.
    static func run(_ arguments: [String]) throws -> Subprocess.Output {
        try Subprocess.run(ServerProcess.binary, arguments)
    }

    @Test("--check-config prints a summary without secrets and exits 0")
    func checkConfig() throws {
        let (directory, config) = try Self.config()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.run(["--config", config, "--check-config"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("configuration is valid\nlisten: 127.0.0.1:0\n"))
        #expect(result.stdout.contains("api keys: \(Fixtures.keySID) (active)\n"))
        #expect(result.stdout.contains("auth: bearer, principals backend, single\n"))
        #expect(Canary.leaks(of: Fixtures.canarySecret, in: result.stdout + result.stderr).isEmpty)
        #expect(!result.stdout.contains(Fixtures.bearerKeyHash))
    }

    @Test("an invalid config exits 78 with one line naming the key; a bad command line exits 64")
    func exitStatuses() throws {
        let (directory, config) = try Self.config { $0.replacingOccurrences(of: "ttl: 600", with: "ttl: 90000") }
        defer { try? FileManager.default.removeItem(at: directory) }
        let invalid = try Self.run(["--config", config])
        #expect(invalid.status == 78)
        #expect(
            invalid.stderr
                == "twilio-token-server: invalid configuration: profiles.video.ttl: must be 1 to 86400, not 90000\n")
        #expect(invalid.stdout.isEmpty)

        let missing = try Self.run(["--config", directory.appendingPathComponent("absent.yaml").path])
        #expect(missing.status == 78)
        #expect(missing.stderr.hasPrefix("twilio-token-server: invalid configuration: cannot read the config file"))

        for arguments in [["--port", "70000", "--config", config], ["--config"], ["--no-such-flag"], []] {
            let usage = try Self.run(arguments)
            #expect(usage.status == 64, "\(arguments): \(usage.stderr)")
            #expect(!usage.stderr.contains("Fatal error"))
        }
        let help = try Self.run(["--help"])
        #expect(help.status == 0)
        for option in [
            "--config", "--env-file", "--host", "--port", "--check-config", "--log-level", "SIGHUP", "SIGTERM",
        ] {
            #expect(help.stdout.contains(option), "\(option)")
        }
    }

    @Test("it serves tokens, logs one access line and one audit line per token, and never the token or a secret")
    func serves() async throws {
        let (directory, config) = try Self.config()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await ServerProcess(["--config", config])
        let response = try await HTTP.request(
            port: server.port, method: "POST", path: "/v1/token", headers: Self.bearer, body: Self.voiceRequest)
        #expect(response.status == 200)
        let token = try #require(
            (try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])?["token"] as? String)
        // HEAD of a GET route; unknown paths and methods get the JSON errors too.
        #expect(try await HTTP.request(port: server.port, method: "HEAD", path: "/healthz").status == 200)
        let unknown = try await HTTP.request(port: server.port, path: "/admin")
        #expect(unknown.status == 404)
        #expect(unknown.body == #"{"error":{"code":"not_found","message":"there is no such route"}}"#)
        #expect(unknown.headers.lowercased().contains("cache-control: no-store"))
        let trace = try await HTTP.request(port: server.port, method: "TRACE", path: "/v1/token")
        #expect(trace.status == 405)
        #expect(trace.headers.contains("Allow: POST, OPTIONS"))
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
        let log = server.log
        #expect(log.contains("token minted"))
        #expect(log.contains("path=/v1/token"))
        #expect(!log.contains(token))
        #expect(!log.contains(String(token.split(separator: ".")[2])))
        #expect(!log.contains(Fixtures.bearerKey))
        #expect(Canary.leaks(of: Fixtures.canarySecret, in: log).isEmpty)
    }

    @Test("with metrics_port set, /metrics is served there and not on the main port")
    func metricsPort() async throws {
        let (directory, config) = try Self.config {
            $0.replacingOccurrences(of: "  port: 0", with: "  port: 0\n  metrics_port: 0")
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let check = try Self.run(["--config", config, "--check-config"])
        #expect(check.status == 78)
        #expect(check.stderr.contains("server.metrics_port: must be 1 to 65535, not 0"))

        let free = try await Self.freePort()
        try Fixtures.write(
            try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(
                of: "metrics_port: 0", with: "metrics_port: \(free)"),
            "server.yaml", in: directory)
        let server = try await ServerProcess(["--config", config])
        _ = try await HTTP.request(
            port: server.port, method: "POST", path: "/v1/token", headers: Self.bearer, body: Self.voiceRequest)
        let metrics = try await HTTP.request(port: free, path: "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.body.contains(#"twilio_tokens_minted_total{profile="voice"} 1"#))
        // The latency histogram of each route, method and status.
        #expect(
            metrics.body.contains(
                #"http_server_request_duration_count{http_route="/v1/token",http_request_method="POST",http_response_status_code="200"} 1"#
            ))
        #expect(try await HTTP.request(port: server.port, path: "/metrics").status == 404)
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }

    /// A port that was free a moment ago (bound and released by a throwaway listener).
    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    @Test("SIGHUP reloads a rotated key on a connection that stays open; an invalid reload keeps the running config")
    func reload() async throws {
        let (directory, config) = try Self.config()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await ServerProcess(["--config", config])
        let connection = try await RawConnection.connect(port: server.port)
        let request =
            "POST /v1/token HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(Fixtures.bearerKey)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(Self.voiceRequest.utf8.count)\r\n\r\n\(Self.voiceRequest)"
        let (first, second) = try await connection.channel.executeThenClose { inbound, outbound in
            var reader = ResponseReader(inbound.makeAsyncIterator())
            try await outbound.write(ByteBuffer(string: request))
            let first = try await reader.next()

            // Rotate: a second key becomes active, the first stays for tokens already out.
            let secondSecret = try Fixtures.write(Fixtures.secondSecret, "second.secret", in: directory)
            let firstSecret = directory.appendingPathComponent("api.secret").path
            let rotated = Fixtures.bearerConfig(secretPath: firstSecret)
                .replacingOccurrences(
                    of: "active_api_key: \(Fixtures.keySID)", with: "active_api_key: \(Fixtures.secondKeySID)"
                )
                .replacingOccurrences(
                    of: "    \(Fixtures.keySID): { secret_file: \(firstSecret) }",
                    with: "    \(Fixtures.keySID): { secret_file: \(firstSecret) }\n"
                        + "    \(Fixtures.secondKeySID): { secret_file: \(secondSecret) }")
            try Fixtures.write(rotated, "server.yaml", in: directory)
            server.signal(SIGHUP)
            try await Self.waitFor("configuration reloaded", in: server)

            try await outbound.write(ByteBuffer(string: request))
            let second = try await reader.next()
            return (first, second)
        }
        #expect(HTTP.parse(first).status == 200)
        #expect(HTTP.parse(second).status == 200)
        let firstToken = try UnverifiedToken(decoding: try Self.token(in: first))
        let secondToken = try UnverifiedToken(decoding: try Self.token(in: second))
        #expect(firstToken.payload["iss"]?.stringValue == Fixtures.keySID)
        #expect(secondToken.payload["iss"]?.stringValue == Fixtures.secondKeySID)

        // A broken file is reported and changes nothing.
        try Fixtures.write("auth: { mode: sometimes }\n", "server.yaml", in: directory)
        server.signal(SIGHUP)
        try await Self.waitFor("configuration not reloaded", in: server)
        let third = try await HTTP.request(
            port: server.port, method: "POST", path: "/v1/token", headers: Self.bearer, body: Self.voiceRequest)
        #expect(third.status == 200)
        #expect(
            try UnverifiedToken(decoding: try Self.token(in: third.body)).payload["iss"]?.stringValue
                == Fixtures.secondKeySID)
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }

    @Test("SIGTERM under load: keep-alive clients get every answer, are told to close, and the server exits 0")
    func gracefulShutdown() async throws {
        let (directory, config) = try Self.config(
            { $0.replacingOccurrences(of: "  port: 0", with: "  port: 0\n  shutdown_grace: 1") },
            extra: "rate_limit: { per_principal_per_minute: 1000000, per_ip_per_minute: 1000000 }")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await ServerProcess(["--config", config])
        let pid = server.pid
        let tally = Tally()
        let request =
            "POST /v1/token HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(Fixtures.bearerKey)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(Self.voiceRequest.utf8.count)\r\n\r\n\(Self.voiceRequest)"
        // Eight persistent connections, as a load generator keeps them, each sending request after request.
        var connections: [RawConnection] = []
        for _ in 0..<8 { connections.append(try await RawConnection.connect(port: server.port)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for connection in connections {
                group.addTask {
                    try await connection.channel.executeThenClose { inbound, outbound in
                        var reader = ResponseReader(inbound.makeAsyncIterator())
                        while true {
                            try await outbound.write(ByteBuffer(string: request))
                            let response = (try? await reader.next()) ?? ""
                            let (status, headers, _) = HTTP.parse(response)
                            guard status == 200 else {
                                tally.failed.add(1, ordering: .relaxed)
                                return
                            }
                            tally.ok.add(1, ordering: .relaxed)
                            if headers.lowercased().contains("\r\nconnection: close") {
                                tally.refused.add(1, ordering: .relaxed)
                                return
                            }
                        }
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(1))
                kill(pid, SIGTERM)
            }
            try await group.waitForAll()
        }
        let status = try await server.waitForExit()
        let ok = tally.ok.load(ordering: .relaxed)
        let failed = tally.failed.load(ordering: .relaxed)
        let closed = tally.refused.load(ordering: .relaxed)
        #expect(status == 0, "\(server.log)")
        #expect(ok > 50, "ok \(ok), failed \(failed)")
        #expect(failed == 0, "ok \(ok), failed \(failed)")
        // Every connection was told to close while the server drained.
        #expect(closed == 8)
        #expect(server.log.contains("stopping: draining connections"))
        // A new connection after the stop is refused.
        await #expect(throws: (any Error).self) { try await RawConnection.connect(port: server.port) }
    }

    @Test("slow clients: hundreds of half-sent requests do not starve others, and are closed after the idle timeout")
    func slowloris() async throws {
        let (directory, config) = try Self.config(
            { $0.replacingOccurrences(of: "  port: 0", with: "  port: 0\n  idle_timeout: 2\n  body_timeout: 1") },
            extra: "rate_limit: { per_principal_per_minute: 1000000, per_ip_per_minute: 1000000 }")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await ServerProcess(["--config", config])
        // 300 connections that send part of a request head and then nothing.
        var stalled: [RawConnection] = []
        for _ in 0..<300 {
            let connection = try await RawConnection.connect(port: server.port)
            try await connection.channel.channel.writeAndFlush(
                ByteBuffer(string: "POST /v1/token HTTP/1.1\r\nHost: x\r\n"))
            stalled.append(connection)
        }
        // Meanwhile ordinary requests are answered promptly.
        for _ in 0..<20 {
            let start = ContinuousClock.now
            let response = try await HTTP.request(
                port: server.port, method: "POST", path: "/v1/token", headers: Self.bearer, body: Self.voiceRequest)
            #expect(response.status == 200)
            #expect(ContinuousClock.now - start < .seconds(1))
        }
        // After the idle timeout the server has closed every stalled connection.
        try await Task.sleep(for: .seconds(4))
        var closed = 0
        for connection in stalled where !connection.channel.channel.isActive {
            closed += 1
        }
        #expect(closed == stalled.count)

        // A body that stops arriving gets 408 after the body timeout.
        let slowBody = try await RawConnection.connect(port: server.port)
        let head =
            "POST /v1/token HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(Fixtures.bearerKey)\r\n"
            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"profile\""
        let start = ContinuousClock.now
        let response = try await slowBody.exchange(head, timeout: .seconds(10))
        #expect(HTTP.parse(response).status == 408, "\(response)")
        #expect(ContinuousClock.now - start < .seconds(3))
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }

    @Test(
        "malformed and ambiguous HTTP gets one 400 and a closed connection, and the server keeps serving",
        arguments: [
            // Content-Length and Transfer-Encoding together: the request-smuggling pair (RFC 9112 §6.1).
            "POST /v1/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
            "GARBAGE\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 40_000))\r\n\r\n",
        ])
    func malformedHTTP(_ request: String) async throws {
        let (directory, config) = try Self.config()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await ServerProcess(["--config", config])
        let answer = try await RawConnection.connect(port: server.port).exchangeUntilClosed(request)
        let statusLines = answer.components(separatedBy: "\r\n").filter { $0.hasPrefix("HTTP/1.1 ") }
        #expect(statusLines == ["HTTP/1.1 400 Bad Request"], "\(answer.prefix(300))")
        #expect(try await HTTP.request(port: server.port, path: "/healthz").status == 200)
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }

    @Test("with TLS configured it serves HTTPS only")
    func tls() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("server.key").path
        let certificate = directory.appendingPathComponent("server.crt").path
        let openssl = try Self.runTool(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj",
                "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1", "-keyout", key, "-out", certificate,
            ])
        try #require(openssl == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        let secret = try Fixtures.write(Fixtures.canarySecret, "api.secret", in: directory)
        let config = try Fixtures.write(
            Fixtures.bearerConfig(secretPath: secret).replacingOccurrences(
                of: "  port: 0", with: "  port: 0\n  tls: { certificate_file: \(certificate), key_file: \(key) }"),
            "server.yaml", in: directory)
        let server = try await ServerProcess(["--config", config])
        #expect(server.log.contains("tls=true"))

        let curl = try Self.runTool(
            "/usr/bin/curl",
            [
                "-sS", "--fail", "--cacert", certificate, "-o", directory.appendingPathComponent("health").path,
                "https://127.0.0.1:\(server.port)/healthz",
            ])
        #expect(curl == 0)
        #expect(
            try String(contentsOfFile: directory.appendingPathComponent("health").path, encoding: .utf8)
                == #"{"status":"ok"}"#)
        // Plain HTTP on the TLS port gets no HTTP answer.
        let plain = try await RawConnection.connect(port: server.port).exchange(
            "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", timeout: .seconds(3))
        #expect(!plain.hasPrefix("HTTP/1.1 200"))
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }

    // MARK: - Helpers

    static func runTool(_ path: String, _ arguments: [String]) throws -> Int32 {
        try Subprocess.run(URL(fileURLWithPath: path), arguments).status
    }

    static func waitFor(_ text: String, in server: ServerProcess) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !server.log.contains(text) {
            guard ContinuousClock.now < deadline else {
                throw ServerProcess.Failure(description: "no `\(text)` in the log: \(server.log)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    static func token(in response: String) throws -> String {
        let body = response.range(of: "\r\n\r\n").map { String(response[$0.upperBound...]) } ?? response
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return try #require(object?["token"] as? String)
    }
}

/// Counts shared by the load tasks.
final class Tally: Sendable {
    let ok = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
    let refused = Atomic<Int>(0)
    let stop = Atomic<Bool>(false)
}

/// Reads one whole response at a time from a connection's inbound stream.
struct ResponseReader {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending = ""

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) {
        self.iterator = iterator
    }

    mutating func next() async throws -> String {
        while !RawConnection.isComplete(self.pending) {
            guard let buffer = try await self.iterator.next() else { break }
            self.pending += String(buffer: buffer)
        }
        let response = self.pending
        self.pending = ""
        return response
    }
}
