#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Hands `webhook send`'s signed request to `twilio-token-send`, which posts it and prints the answer.
///
/// The HTTP client is URLSession, and linking it (Foundation, ICU's data and libcurl on Linux) would make every
/// command of the tool start about twice as slowly (docs/performance.md, "The command-line tool and URLSession"), for
/// one command used while developing. So it lives in a second program, installed next to `twilio-token`, and
/// `twilio-token` replaces itself with it (`execv`) once the request is signed: the tool itself never loads
/// Foundation's networking. An HTTP client package (async-http-client) would instead be resolved by every consumer of
/// the TwilioJWT product (Scripts/check-consumer.sh).
///
/// The request travels in a file only this user can read, which the sender deletes on reading: the URL, the timeout,
/// the headers and the body, each as its length in decimal, a line feed, and its bytes.
enum WebhookSender {
    /// The helper's name.
    static let helperName = "twilio-token-send"

    /// Writes the request, then runs the helper in this process's place; returns only by throwing.
    static func send(_ url: String, headers: [(name: String, value: String)], body: [UInt8], timeout: Int) throws
        -> Never
    {
        guard let helper = Self.helperPath() else {
            throw CLIError.failure(
                "webhook send needs \(Self.helperName) next to twilio-token (swift build --product \(Self.helperName)): "
                    + "it holds the HTTP client, so that the other commands start without loading one")
        }
        var fields = [Array(url.utf8), Array(String(timeout).utf8), Array(String(headers.count).utf8)]
        for header in headers {
            fields.append(Array(header.name.utf8))
            fields.append(Array(header.value.utf8))
        }
        fields.append(body)
        let file = try Self.writeRequest(Self.encoded(fields))
        // libcurl, under URLSession on Linux, would send the request through a proxy named by http_proxy,
        // https_proxy or ALL_PROXY; the request must reach its URL and nothing else.
        ProcessIO.setEnvironment("NO_PROXY", "*")
        ProcessIO.setEnvironment("no_proxy", "*")
        let failure = ProcessIO.execute(helper, [Self.helperName, file])
        try? FileManager.default.removeItem(atPath: file)
        throw CLIError.failure("cannot run \(helper) (errno \(failure))")
    }

    /// `fields`, each as its length, a line feed and its bytes.
    static func encoded(_ fields: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for field in fields {
            bytes += Array(String(field.count).utf8)
            bytes.append(UInt8(ascii: "\n"))
            bytes += field
        }
        return bytes
    }

    /// The helper beside this program: in the folder of the path it was started by, or on `PATH`.
    static func helperPath() -> String? {
        let invoked = CommandLine.arguments.first ?? ""
        var folders: [Substring] = []
        if let slash = invoked.lastIndex(of: "/") {
            folders.append(invoked[..<slash])
        } else {
            folders += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        }
        for folder in folders where !folder.isEmpty {
            let candidate = folder + "/" + Self.helperName
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Writes `bytes` to a new file in the temporary folder that only this user can read, and returns its path.
    private static func writeRequest(_ bytes: [UInt8]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.path
        for _ in 0..<8 {
            let path = folder + "/twilio-token-send-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
            guard !FileManager.default.fileExists(atPath: path) else { continue }
            if FileManager.default.createFile(
                atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
            {
                return path
            }
        }
        throw CLIError.failure("cannot write the request to the temporary folder \(folder)")
    }
}
