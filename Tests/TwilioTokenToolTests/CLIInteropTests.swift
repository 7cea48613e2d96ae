import Foundation
import Testing
import TwilioJWT
import TwilioJWTTestSupport

@Suite("twilio-token against twilio-python and PyJWT")
struct CLIInteropTests {
    /// Random access-token specs made current (so PyJWT, which reads the real clock, accepts them): issued now,
    /// valid for at least two minutes, never starting in the future.
    static func currentSpecs(count: Int, seed: UInt64) throws -> [(spec: JSONValue, arguments: [String])] {
        var random = RandomSpecs(seed: seed)
        let now = Int(Date().timeIntervalSince1970)
        var result: [(JSONValue, [String])] = []
        while result.count < count {
            guard var spec = random.accessTokenSpec().objectValue else { continue }
            spec["issuedAt"] = .int(now)
            let ttl = max(120, spec["ttl"]?.intValue ?? 3600)
            spec["ttl"] = spec["ttl"] == nil ? nil : .int(ttl)
            if spec["validUntil"] != nil { spec["validUntil"] = .int(now + ttl) }
            if case .int? = spec["nbf"] { spec["nbf"] = .int(now - random.int(0...600)) }
            if let arguments = try CLIArguments.access(.object(spec)) {
                result.append((.object(spec), arguments))
            }
        }
        return result
    }

    @Test(
        "200 random tokens minted by the tool equal twilio-python's bytes and verify with PyJWT", .pythonReference)
    func toolTokensMatchPythonAndVerifyWithPyJWT() throws {
        let cases = try Self.currentSpecs(count: 200, seed: 0xC11_0001)
        let python = try PythonReference.run("access", .array(cases.map(\.spec))).arrayValue!
        var tokens: [String] = []
        for ((spec, arguments), reference) in zip(cases, python) {
            let result = try CLI.run(arguments)
            #expect(result.status == 0, "\(result.stderr)")
            let token = String(result.stdout.dropLast())
            #expect(token == reference.stringValue, "spec \(spec.json)")
            tokens.append(token)
        }
        let requests = zip(cases, tokens).map { item, token -> JSONValue in
            ["token": .string(token), "key": item.spec["apiKeySecret"]!]
        }
        let decoded = try PythonReference.run("pyjwt", .array(requests)).arrayValue!
        for ((spec, _), claims) in zip(cases, decoded) {
            #expect(claims["error"] == nil, "PyJWT: \(claims.json)")
            #expect(claims["iss"] == spec["apiKeySid"])
            #expect(claims["sub"] == spec["accountSid"])
        }
    }

    @Test("200 tokens minted by twilio-python verify with `twilio-token verify`", .pythonReference)
    func pythonTokensVerifyWithTheTool() throws {
        // One process per token (about 15 ms each): verify reads one token, and each has its own key.
        let cases = try Self.currentSpecs(count: 200, seed: 0xC11_0002)
        let python = try PythonReference.run("access", .array(cases.map(\.spec))).arrayValue!
        for ((spec, _), token) in zip(cases, python) {
            let result = try CLI.run([
                "verify", token.stringValue!, "--api-key", spec["apiKeySid"]!.stringValue!,
                "--api-secret", spec["apiKeySecret"]!.stringValue!, "--account-sid", spec["accountSid"]!.stringValue!,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("valid access token, verified with \(spec["apiKeySid"]!.stringValue!)"))
        }
    }
}
