import Foundation
import TwilioJWTTestSupport

/// Runs `Tests/Python/webhook_reference.py` (twilio-python 9.13.0's `RequestValidator`): one JSON object a line in,
/// one a line out, strings in UTF-8.
enum WebhookReference {
    static let script = packageRoot.appendingPathComponent("Tests/Python/webhook_reference.py")

    /// A request as the script reads it.
    struct Request: Encodable {
        var url: String
        /// Form parameters as `[name, value]` pairs, or `nil` for a raw body.
        var params: [[String]]?
        /// `"dict"` to pass the parameters as a plain dict instead of a MultiDict.
        var paramsKind: String?
        var body: String?
        var secret: String
        var algorithm: String
        var signature: String?

        init(_ request: GeneratedRequest, url: String? = nil, signature: String? = nil) {
            self.url = url ?? request.url
            switch request.content {
            case .form(let pairs):
                self.params = pairs.map { [$0.name, $0.value] }
                self.paramsKind = request.asDict ? "dict" : nil
            case .raw(let bytes):
                self.body = String(decoding: bytes, as: UTF8.self)
            }
            self.secret = request.secret
            self.algorithm = request.algorithm.rawValue
            self.signature = signature
        }
    }

    /// What `sign` answers: twilio-python's signatures of the URL as given and of its two port forms.
    struct Signatures: Decodable {
        var signature: String
        var withoutPortURL: String
        var withPortURL: String
        var withoutPort: String
        var withPort: String
        var bodySHA256: String?
        var bodyHash: String?
    }

    /// What `validate` answers.
    struct Verdict: Decodable {
        var valid: Bool
        var error: String?
        var bodyHashChecked: Bool
    }

    /// What `algorithm` answers: the algorithm twilio-python's `get_signature_algorithm` reads from a settings header.
    struct Algorithm: Decodable {
        var algorithm: String
        var supported: Bool
        var upper: String
    }

    static func sign(_ requests: [Request]) throws -> [Signatures] {
        try self.run("sign", requests)
    }

    static func validate(_ requests: [Request]) throws -> [Verdict] {
        try self.run("validate", requests)
    }

    static func algorithms(ofSettings headers: [String]) throws -> [Algorithm] {
        try self.run("algorithm", headers.map { ["header": $0] })
    }

    private static func run<Result: Decodable>(_ command: String, _ requests: [some Encodable]) throws -> [Result] {
        let encoder = JSONEncoder()
        var input = Data()
        for request in requests {
            input += try encoder.encode(request)
            input.append(UInt8(ascii: "\n"))
        }
        let output = try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", Self.script.path, command], stdin: input)
        guard output.status == 0 else {
            throw TestDataError(
                "webhook_reference.py \(command) failed (\(output.status)): "
                    + String(decoding: output.stderr, as: UTF8.self))
        }
        let decoder = JSONDecoder()
        let results = try output.stdout.split(separator: UInt8(ascii: "\n")).map { line in
            try decoder.decode(Result.self, from: Data(line))
        }
        guard results.count == requests.count else {
            throw TestDataError("webhook_reference.py \(command) answered \(results.count) of \(requests.count)")
        }
        return results
    }
}
