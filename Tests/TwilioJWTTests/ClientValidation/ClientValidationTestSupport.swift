import Foundation
import Testing
import TwilioJWTTestSupport
import _CryptoExtras

@testable import TwilioJWT

/// Runs `Tests/Python/pkcv_reference.py` (twilio-python 9.13.0's `ClientValidationJwt` and `ValidationClient`,
/// PyJWT and cryptography): the byte-exact reference for Public Key Client Validation tokens.
enum PKCVReference {
    static let script = packageRoot.appendingPathComponent("Tests/Python/pkcv_reference.py")

    static func run(_ command: String, _ requests: JSONValue) throws -> [JSONValue] {
        guard let results = try PythonReference.run(command, requests, script: Self.script).arrayValue else {
            throw TestDataError("pkcv_reference.py \(command) did not print a JSON array")
        }
        return results
    }
}

/// One RSA key pair shared by the tests (key generation takes a noticeable fraction of a second), and SIDs.
enum PKCVFixtures {
    static let accountSID = "AC" + String(repeating: "a", count: 32)
    static let apiKeySID = "SK" + String(repeating: "b", count: 32)
    static let credentialSID = "CR" + String(repeating: "d", count: 32)

    static let privateKey: _RSA.Signing.PrivateKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    /// `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1).
    static let pkcs1PEM: String = privateKey.pemRepresentation
    /// `-----BEGIN PRIVATE KEY-----` (PKCS#8).
    static let pkcs8PEM: String = privateKey.pkcs8PEMRepresentation
    static let publicKeyPEM: String = privateKey.publicKey.pemRepresentation
    static let publicKeyPKCS1PEM: String = privateKey.publicKey.pkcs1PEMRepresentation

    static let key: ClientValidationKey = try! ClientValidationKey(
        credentialSID: credentialSID, apiKeySID: apiKeySID, accountSID: accountSID, privateKeyPEM: pkcs8PEM)

    /// A 1024-bit key, which swift-crypto makes only through its `unsafe` initializer.
    static let shortKey: _RSA.Signing.PrivateKey = try! _RSA.Signing.PrivateKey(
        unsafeKeySize: .init(bitCount: 1024))

    /// Keys that swift-crypto cannot make, made once by Python's cryptography: kind → PEM.
    static let pythonKeys: [String: String] = {
        let kinds = [
            "rsaExponent3", "rsaExponent3Public", "ecPKCS8", "ecSEC1", "ecPublic", "ed25519PKCS8",
            "rsaEncryptedPKCS8", "rsaEncryptedPKCS1", "rsaOpenSSH", "certificate",
        ]
        guard let pems = try? PKCVReference.run("keys", .array(kinds.map(JSONValue.string))) else { return [:] }
        return Dictionary(uniqueKeysWithValues: zip(kinds, pems.map { $0.stringValue ?? "" }))
    }()

    static func pythonKey(_ kind: String) throws -> String {
        guard let pem = pythonKeys[kind] else {
            throw TestDataError("pkcv_reference.py keys could not make '\(kind)'; is Tests/requirements.txt installed?")
        }
        return pem
    }
}

/// Checks that no text shows key material: no 8-character window of a PEM document's base64 body.
enum PEMCanary {
    static func body(of pem: String) -> String {
        pem.split(whereSeparator: \.isNewline)
            .filter { !$0.hasPrefix("-----") && !$0.contains(":") }
            .joined()
    }

    static func windows(of pem: String) -> Set<String> {
        let characters = Array(Self.body(of: pem))
        guard characters.count >= 8 else { return [] }
        return Set((0...(characters.count - 8)).map { String(characters[$0..<($0 + 8)]) })
    }

    /// The windows of `pem` found in `text`.
    static func leaks(of pem: String, in text: String) -> [String] {
        Self.windows(of: pem).filter { text.contains($0) }.sorted()
    }
}

extension ClientValidationRequest {
    /// Builds a request from the `input` object of a vector (headers as `[[name, value], …]`, body as text).
    init(vectorInput input: JSONValue) throws {
        let headers = (input["headers"]?.arrayValue ?? []).map { pair -> (name: String, value: String) in
            let parts = pair.arrayValue ?? []
            return (name: parts.first?.stringValue ?? "", value: parts.last?.stringValue ?? "")
        }
        try self.init(
            method: input["method"]!.stringValue!,
            path: input["path"]!.stringValue!,
            queryString: input["queryString"]?.stringValue ?? "",
            headers: headers,
            body: Array((input["body"]?.stringValue ?? "").utf8)
        )
    }
}

/// The segments of a compact token.
func segments(_ token: String) -> [Substring] {
    token.split(separator: ".", omittingEmptySubsequences: false)
}

/// The signing input (`segment1.segment2`) and decoded signature of a token.
func signingInputAndSignature(_ token: String) -> (input: [UInt8], signature: [UInt8]) {
    let parts = segments(token)
    let input = Array((parts[0] + "." + parts[1]).utf8)
    return (input, base64URLDecodedBytes(parts[2]) ?? [])
}
