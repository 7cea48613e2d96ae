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

    /// Whether a vector is valid through the production path: the decoder of ``UnverifiedToken`` and
    /// ``TokenVerifier`` (size, exactly three non-empty segments, strict base64url, UTF-8 JSON header), the
    /// verifier's `alg` rule for HMAC keys, and ``HS256Key`` over the signing input exactly as transmitted.
    ///
    /// Wycheproof's payloads (`foo`, `Test`…) are not JSON claim sets, which every JWT must have (RFC 7519 §7.2), so
    /// the decoder rejects each vector at its payload, after the envelope, the header and the payload's base64url
    /// have passed. That one rejection is expected and is the only one tolerated: the signature's base64url, `alg`
    /// and MAC, which the decoder would check next, are then checked by the same production functions.
    static func isValidThroughProductionPath(_ jws: String, key: [UInt8]) -> Bool {
        let algorithm: String?
        let signature: [UInt8]?
        do throws(TokenError) {
            let token = try UnverifiedToken(decoding: jws)
            algorithm = token.algorithm
            signature = token.signature
        } catch let error where error.code == .malformed && Self.isPayloadNotAClaimSet(error.message) {
            let parts = jws.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, let header = Base64URL.decode(parts[0]),
                case .object(let object)? = try? JSONReader.parse(header)
            else {
                Issue.record("the decoder passed the header of \(jws.prefix(40))… but it does not decode")
                return false
            }
            algorithm = object["alg"]?.stringValue
            signature = Base64URL.decode(parts[2])
        } catch {
            return false
        }
        guard let algorithm, (try? TokenVerifier.checkAlgorithm(algorithm, for: .access)) != nil,
            let signature, !signature.isEmpty, let lastDot = jws.utf8.lastIndex(of: UInt8(ascii: "."))
        else { return false }
        let signingInput = Array(jws.utf8[..<lastDot])
        return signingInput.withUnsafeBytes { HS256Key(keyBytes: key).isValidSignature(signature, for: $0) }
    }

    /// The decoder's message for a payload that decodes but is not a JSON object.
    static func isPayloadNotAClaimSet(_ message: String) -> Bool {
        message.hasPrefix("the payload is not acceptable JSON") || message == "the payload must be a JSON object"
    }

    @Test("H01 expected result through the production decoder and HS256 check", arguments: vectors)
    func vectorThroughProductionPath(_ vector: Vector) {
        #expect(Self.isValidThroughProductionPath(vector.jws, key: vector.key) == vector.valid)
    }
}
