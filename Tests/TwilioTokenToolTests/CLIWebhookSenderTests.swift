import Foundation
import Testing
import TwilioJWTTestSupport

/// `webhook send` runs `twilio-token-send` in its place: found beside the tool, refused when missing, and the request
/// file it leaves for the helper is private and gone afterwards.
struct CLIWebhookSenderTests {
    static let token = "0123456789abcdef0123456789abcdef"

    @Test("without twilio-token-send beside it, send says what to build and exits 1")
    func missingHelper() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tt-send-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let alone = folder.appendingPathComponent("twilio-token")
        try FileManager.default.copyItem(at: CLI.binary, to: alone)
        let output = try Subprocess.run(
            alone, ["webhook", "send", "http://127.0.0.1:9/voice", "--param", "To=bob", "--auth-token", Self.token],
            stdin: Data(), environment: ["PATH": "/usr/bin:/bin"])
        #expect(output.status == 1)
        #expect(
            String(decoding: output.stderr, as: UTF8.self)
                == "twilio-token: error: webhook send needs twilio-token-send next to twilio-token (swift build "
                + "--product twilio-token-send): it holds the HTTP client, so that the other commands start without "
                + "loading one\n")
        #expect(output.stdout.isEmpty)
    }

    @Test("twilio-token-send alone is a usage error, and a request file it cannot read is refused")
    func helperAlone() throws {
        let helper = CLI.binary.deletingLastPathComponent().appendingPathComponent("twilio-token-send")
        let alone = try Subprocess.run(helper, [], stdin: Data(), environment: [:])
        #expect(alone.status == 64)
        #expect(
            String(decoding: alone.stderr, as: UTF8.self)
                == "twilio-token: error: twilio-token-send is run by `twilio-token webhook send`, not by itself\n")
        let garbage = try CLI.file("not a request", name: "request")
        let refused = try Subprocess.run(helper, [garbage.path], stdin: Data(), environment: [:])
        #expect(refused.status == 64)
        #expect(
            String(decoding: refused.stderr, as: UTF8.self)
                == "twilio-token: error: twilio-token-send: the request file is not one twilio-token wrote\n")
        #expect(!FileManager.default.fileExists(atPath: garbage.path), "the helper deletes the file it read")
    }

    @Test("a refused connection leaves no request file behind")
    func noRequestFileLeft() throws {
        let before = Set(try Self.requestFiles())
        let result = try CLI.run(
            ["webhook", "send", "http://127.0.0.1:9/voice", "--param", "To=bob", "--auth-token", Self.token])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("twilio-token: error: cannot connect to http://127.0.0.1:9"))
        #expect(Set(try Self.requestFiles()).subtracting(before).isEmpty)
    }

    static func requestFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("twilio-token-send-") }
    }
}
