import Testing

@testable import TwilioJWT

/// Wycheproof's JWS vectors for HS256 (the `hs256` and `base64` groups), run against the library's JWS
/// primitives: strict base64url, the strict JSON reader for the header, and the constant-time HS256 check. The
/// payloads are not JSON claims, so these run below the Twilio-token verifier (security reference §1.2 H01).
@Suite("Wycheproof JWS HS256 and base64 vectors")
struct WycheproofTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let group: String
        let key: [UInt8]
        let tcId: Int
        let comment: String
        let jws: String
        let valid: Bool
        var testDescription: String { "\(self.group) tcId \(self.tcId) \(self.comment)" }
    }

    static let vectors: [Vector] = {
        let file = try! loadVectorFile("wycheproof-jws-hs256")
        return file["groups"]!.arrayValue!.flatMap { group in
            let key = Base64URL.decode(group["key"]!.stringValue!)!
            return group["tests"]!.arrayValue!.map { test in
                // Where the file's label is wrong, the override (documented in the file) is what we expect.
                let result =
                    test["override"]?.stringValue.map { $0.hasPrefix("valid") ? "valid" : "invalid" }
                    ?? test["result"]!.stringValue!
                return Vector(
                    group: group["comment"]!.stringValue!,
                    key: key,
                    tcId: test["tcId"]!.intValue!,
                    comment: test["comment"]!.stringValue!,
                    jws: test["jws"]!.stringValue!,
                    valid: result == "valid"
                )
            }
        }
    }()

    /// A compact JWS is valid when it has exactly three non-empty segments of strict base64url, a header that
    /// is a JSON object with `alg` exactly `HS256`, and a signature that verifies over the segments as sent.
    static func isValid(_ jws: String, key: [UInt8]) -> Bool {
        let parts = jws.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }),
            let header = Base64URL.decode(parts[0]), Base64URL.decode(parts[1]) != nil,
            let signature = Base64URL.decode(parts[2]),
            case .object(let object)? = try? JSONReader.parse(header), object["alg"] == "HS256"
        else { return false }
        let input = Array((parts[0] + "." + parts[1]).utf8)
        return input.withUnsafeBytes { HS256Key(keyBytes: key).isValidSignature(signature, for: $0) }
    }

    @Test("the files hold 17 hs256 and 21 base64 vectors")
    func counts() {
        #expect(Self.vectors.filter { $0.group == "hs256" }.count == 17)
        #expect(Self.vectors.filter { $0.group == "base64" }.count == 21)
    }

    @Test("expected result", arguments: vectors)
    func vector(_ vector: Vector) {
        #expect(Self.isValid(vector.jws, key: vector.key) == vector.valid)
    }
}
