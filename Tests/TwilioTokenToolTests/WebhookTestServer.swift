import Foundation
import TwilioJWT
import TwilioJWTTestSupport

/// `Tests/Python/webhook_test_server.py` in a subprocess: an HTTP server on 127.0.0.1 that answers every request the
/// same way and reports each one it received, for the tests of `twilio-token webhook send`.
final class WebhookTestServer {
    /// How the server answers.
    enum Mode: String {
        /// 200 with a TwiML body.
        case ok
        /// 403, "invalid signature".
        case forbidden
        /// 302 to /elsewhere on the same server, body "moved".
        case redirect
        /// Reads the request and never answers.
        case silent
    }

    /// A request as the server received it.
    struct Received {
        var method: String
        var target: String
        /// In the order received.
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        /// The values of the header `name` (in any case).
        func values(_ name: String) -> [String] {
            self.headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
        }
    }

    static let script = packageRoot.appendingPathComponent("Tests/Python/webhook_test_server.py")

    let port: Int
    private let process: Process
    private let input: FileHandle
    private let output: FileHandle
    private var pending = Data()

    /// The server's base URL, `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(self.port)" }

    init(_ mode: Mode) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path, mode.rawValue]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        self.process = process
        self.input = input.fileHandleForWriting
        self.output = output.fileHandleForReading
        // The first line is "PORT <port>", written once the server listens.
        var buffer = Data()
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = self.output.availableData
            guard !chunk.isEmpty else { throw TestDataError("webhook_test_server.py exited before listening") }
            buffer.append(chunk)
        }
        let newline = buffer.firstIndex(of: UInt8(ascii: "\n"))!
        let line = String(decoding: buffer[..<newline], as: UTF8.self)
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst("PORT ".count)) else {
            throw TestDataError("webhook_test_server.py printed \(line)")
        }
        self.port = port
        self.pending = Data(buffer[buffer.index(after: newline)...])
    }

    /// Stops the server (by closing its standard input) and returns every request it received, in order.
    func stop() throws -> [Received] {
        try? self.input.close()
        self.process.waitUntilExit()
        self.pending.append(self.output.readDataToEndOfFile())
        return try String(decoding: self.pending, as: UTF8.self).split(separator: "\n").map { line in
            let record = try JSONValue(parsing: String(line))
            let headers = (record["headers"]?.arrayValue ?? []).map { pair in
                (name: pair.arrayValue![0].stringValue!, value: pair.arrayValue![1].stringValue!)
            }
            return Received(
                method: record["method"]!.stringValue!, target: record["target"]!.stringValue!, headers: headers,
                body: Self.bytes(hex: record["body"]!.stringValue!))
        }
    }

    deinit {
        try? self.input.close()
    }

    private static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0..<($0 + 2)], as: UTF8.self), radix: 16)!
        }
    }
}
