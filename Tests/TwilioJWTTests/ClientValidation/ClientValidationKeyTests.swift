import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

/// Reading PKCV keys: what is accepted, every refusal with its code and message, and that neither messages nor
/// descriptions ever show key material.
@Suite("Client validation keys")
struct ClientValidationKeyTests {
    typealias Fixtures = PKCVFixtures

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let code: TokenError.Code
        let phrase: String
        var credentialSID = PKCVFixtures.credentialSID
        var apiKeySID = PKCVFixtures.apiKeySID
        var accountSID = PKCVFixtures.accountSID
        let pem: @Sendable () throws -> String

        var testDescription: String { self.name }
    }

    /// The PKCS#8 PEM of the fixture key with `change` applied to its body lines.
    static func damaged(_ change: @escaping @Sendable ([String]) -> [String]) -> @Sendable () -> String {
        {
            let lines = Fixtures.pkcs8PEM.split(separator: "\n").map(String.init)
            return ([lines[0]] + change(Array(lines.dropFirst().dropLast())) + [lines.last!]).joined(separator: "\n")
        }
    }

    static let privateKeyCases: [Case] = [
        Case(name: "empty PEM", code: .invalidKey, phrase: "the private key PEM is empty", pem: { "" }),
        Case(name: "blank PEM", code: .invalidKey, phrase: "the private key PEM is empty", pem: { " \n\t\r\n" }),
        Case(
            name: "not PEM", code: .invalidKey, phrase: "is not PEM: there is no '-----BEGIN …-----' line",
            pem: {
                Self.body(Fixtures.pkcs8PEM)
            }),
        Case(
            name: "a file name", code: .invalidKey, phrase: "looks like a file name",
            pem: {
                "/etc/twilio/private_key.pem"
            }),
        Case(
            name: "an OpenSSH public key line", code: .invalidKey, phrase: "OpenSSH public key line",
            pem: {
                "ssh-rsa " + Self.body(Fixtures.publicKeyPEM) + " me@host"
            }),
        Case(
            name: "PEM cut short", code: .invalidKey, phrase: "has no matching '-----END …-----' line",
            pem: {
                String(Fixtures.pkcs8PEM.dropLast(30))
            }),
        Case(
            name: "PEM body with a foreign character", code: .invalidKey, phrase: "not base64",
            pem: damaged {
                var lines = $0
                lines[3] = "!" + lines[3].dropFirst()
                return lines
            }),
        Case(
            name: "line breaks stored as \\n", code: .invalidKey, phrase: "stored as the two characters '\\n'",
            pem: {
                Fixtures.pkcs8PEM.replacingOccurrences(of: "\n", with: "\\n")
            }),
        Case(
            name: "PEM body that is not a key", code: .invalidKey, phrase: "cannot be read as an RSA private key",
            pem: damaged { lines in lines.map { String(repeating: "A", count: $0.count) } }),
        Case(
            name: "PEM body truncated mid-key", code: .invalidKey, phrase: "cannot be read as an RSA private key",
            pem: damaged { Array($0.prefix(5)) }),
        Case(
            name: "two PEM blocks", code: .invalidKey, phrase: "holds 2 blocks ('PRIVATE KEY', 'PUBLIC KEY')",
            pem: {
                Fixtures.pkcs8PEM + Fixtures.publicKeyPEM
            }),
        Case(
            name: "SPKI public key instead of the private key", code: .invalidKey,
            phrase: "a public key PEM ('PUBLIC KEY') was given where the private key belongs",
            pem: { Fixtures.publicKeyPEM }),
        Case(
            name: "PKCS#1 public key instead of the private key", code: .invalidKey,
            phrase: "a public key PEM ('RSA PUBLIC KEY') was given where the private key belongs",
            pem: { Fixtures.publicKeyPKCS1PEM }),
        Case(
            name: "1024-bit key", code: .invalidKey, phrase: "is a 1024-bit RSA key; Twilio requires 2048-bit keys",
            pem: {
                Fixtures.shortKey.pkcs8PEMRepresentation
            }),
        Case(
            name: "1024-bit PKCS#1 key", code: .invalidKey, phrase: "1024-bit RSA key",
            pem: {
                Fixtures.shortKey.pemRepresentation
            }),
        Case(
            name: "exponent 3", code: .invalidKey,
            phrase: "the public exponent of the private key is 3; Twilio requires 65537",
            pem: { try Fixtures.pythonKey("rsaExponent3") }),
        Case(
            name: "EC key in PKCS#8", code: .invalidKey, phrase: "is an EC key, not a plain RSA key",
            pem: {
                try Fixtures.pythonKey("ecPKCS8")
            }),
        Case(
            name: "EC key in SEC 1", code: .invalidKey, phrase: "is 'EC PRIVATE KEY', not an RSA key",
            pem: {
                try Fixtures.pythonKey("ecSEC1")
            }),
        Case(
            name: "Ed25519 key", code: .invalidKey, phrase: "is an Ed25519 key",
            pem: {
                try Fixtures.pythonKey("ed25519PKCS8")
            }),
        Case(
            name: "encrypted PKCS#8 key", code: .invalidKey, phrase: "encrypted with a passphrase",
            pem: {
                try Fixtures.pythonKey("rsaEncryptedPKCS8")
            }),
        Case(
            name: "encrypted PKCS#1 key (Proc-Type)", code: .invalidKey, phrase: "encrypted with a passphrase",
            pem: {
                try Fixtures.pythonKey("rsaEncryptedPKCS1")
            }),
        Case(
            name: "OpenSSH private key", code: .invalidKey, phrase: "is in OpenSSH format",
            pem: {
                try Fixtures.pythonKey("rsaOpenSSH")
            }),
        Case(
            name: "certificate", code: .invalidKey, phrase: "a certificate PEM was given where the private key",
            pem: {
                try Fixtures.pythonKey("certificate")
            }),
        Case(
            name: "credential SID is an API key SID", code: .invalidSID,
            phrase: "credential SID must be 'CR' followed by 32 lower-case hex digits; got 34 characters starting 'SK' "
                + "(this looks like an API key SID",
            credentialSID: PKCVFixtures.apiKeySID, pem: { Fixtures.pkcs8PEM }),
        Case(
            name: "API key SID is a credential SID", code: .invalidSID, phrase: "API key SID must be 'SK'",
            apiKeySID: PKCVFixtures.credentialSID, pem: { Fixtures.pkcs8PEM }),
        Case(
            name: "empty account SID", code: .invalidSID,
            phrase: "account SID must be 'AC' followed by 32 lower-case "
                + "hex digits; got an empty string",
            accountSID: "", pem: { Fixtures.pkcs8PEM }),
        Case(
            name: "a bad SID is reported before a bad key", code: .invalidSID, phrase: "credential SID",
            credentialSID: "CR1", pem: { Fixtures.publicKeyPEM }),
    ]

    static func body(_ pem: String) -> String { PEMCanary.body(of: pem) }

    @Test(
        "private keys: fails with the expected code and message, and no key material", .pythonReference,
        arguments: privateKeyCases)
    func privateKeyRefused(_ testCase: Case) throws {
        let pem = try testCase.pem()
        do {
            let key = try ClientValidationKey(
                credentialSID: testCase.credentialSID, apiKeySID: testCase.apiKeySID,
                accountSID: testCase.accountSID, privateKeyPEM: pem)
            Issue.record("expected \(testCase.code), read \(key)")
        } catch {
            #expect(error.code == testCase.code)
            #expect(error.message.contains(testCase.phrase), "message was: \(error.message)")
            Self.expectNoKeyMaterial(in: error, pems: [pem, Fixtures.pkcs8PEM, Fixtures.publicKeyPEM])
        }
    }

    static let publicKeyCases: [Case] = [
        Case(name: "empty PEM", code: .invalidKey, phrase: "the public key PEM is empty", pem: { "" }),
        Case(
            name: "PKCS#8 private key instead of the public key", code: .invalidKey,
            phrase: "a private key PEM ('PRIVATE KEY') was given where the public key belongs",
            pem: { Fixtures.pkcs8PEM }),
        Case(
            name: "PKCS#1 private key instead of the public key", code: .invalidKey,
            phrase: "a private key PEM ('RSA PRIVATE KEY') was given where the public key belongs",
            pem: { Fixtures.pkcs1PEM }),
        Case(
            name: "certificate", code: .invalidKey, phrase: "a certificate PEM was given where the public key",
            pem: {
                try Fixtures.pythonKey("certificate")
            }),
        Case(
            name: "1024-bit public key", code: .invalidKey, phrase: "the public key is a 1024-bit RSA key",
            pem: {
                Fixtures.shortKey.publicKey.pemRepresentation
            }),
        Case(
            name: "exponent 3", code: .invalidKey,
            phrase: "the public exponent of the public key is 3; Twilio requires 65537",
            pem: { try Fixtures.pythonKey("rsaExponent3Public") }),
        Case(
            name: "EC public key", code: .invalidKey, phrase: "the public key is an EC key",
            pem: {
                try Fixtures.pythonKey("ecPublic")
            }),
        Case(
            name: "damaged public key", code: .invalidKey, phrase: "cannot be read as an RSA public key",
            pem: {
                Fixtures.publicKeyPEM.replacingOccurrences(of: "MIIB", with: "AAAA")
            }),
        Case(
            name: "bad credential SID", code: .invalidSID, phrase: "credential SID must be 'CR'",
            credentialSID: "CR" + String(repeating: "D", count: 32), pem: { Fixtures.publicKeyPEM }),
    ]

    @Test(
        "public keys: fails with the expected code and message, and no key material", .pythonReference,
        arguments: publicKeyCases)
    func publicKeyRefused(_ testCase: Case) throws {
        let pem = try testCase.pem()
        do {
            let key = try ClientValidationPublicKey(credentialSID: testCase.credentialSID, publicKeyPEM: pem)
            Issue.record("expected \(testCase.code), read \(key)")
        } catch {
            #expect(error.code == testCase.code)
            #expect(error.message.contains(testCase.phrase), "message was: \(error.message)")
            Self.expectNoKeyMaterial(in: error, pems: [pem, Fixtures.pkcs8PEM])
        }
    }

    static func expectNoKeyMaterial(
        in error: TokenError, pems: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for rendering in Canary.renderings(of: error) + [error.message] {
            for pem in pems {
                let leaks = PEMCanary.leaks(of: pem, in: rendering)
                #expect(
                    leaks.isEmpty, "key material \(leaks.prefix(3)) in: \(rendering)", sourceLocation: sourceLocation)
            }
        }
    }

    // MARK: - Accepted forms

    /// The same key in every form a person might paste: both PEM kinds, CRLF line ends, no line breaks at all,
    /// and explanatory text around the block (RFC 7468 §2).
    static let acceptedForms: [(name: String, pem: @Sendable () -> String)] = [
        ("PKCS#8", { Fixtures.pkcs8PEM }),
        ("PKCS#1", { Fixtures.pkcs1PEM }),
        ("CRLF line ends", { Fixtures.pkcs8PEM.replacingOccurrences(of: "\n", with: "\r\n") }),
        ("on one line", { Fixtures.pkcs1PEM.replacingOccurrences(of: "\n", with: "") }),
        ("with text around it", { "Key for PKCV, made 2024-01-01\n" + Fixtures.pkcs8PEM + "\n\n" }),
        ("indented lines", { Fixtures.pkcs8PEM.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") }),
    ]

    @Test("every accepted form reads the same key: identical RS256 tokens", arguments: acceptedForms.map(\.name))
    func acceptedForm(name: String) throws {
        let pem = Self.acceptedForms.first { $0.name == name }!.pem()
        let key = try ClientValidationKey(
            credentialSID: Fixtures.credentialSID, apiKeySID: Fixtures.apiKeySID, accountSID: Fixtures.accountSID,
            privateKeyPEM: pem)
        let token = ClientValidationToken(
            request: try ClientValidationRequest(method: "GET", path: "/", headers: [("Host", "h")]))
        #expect(
            try token.jwt(signedWith: key, issuedAt: 1_700_000_000)
                == token.jwt(signedWith: Fixtures.key, issuedAt: 1_700_000_000))
        #expect(key.keySizeInBits == 2048)
    }

    @Test("public keys are read from SPKI, PKCS#1 and one-line PEM, and check our signatures")
    func publicKeyForms() throws {
        let token = try ClientValidationToken(
            request: ClientValidationRequest(method: "GET", path: "/", headers: [("Host", "h")])
        ).jwt(signedWith: Fixtures.key, issuedAt: 1_700_000_000)
        let (input, signature) = signingInputAndSignature(token)
        let forms = [
            Fixtures.publicKeyPEM, Fixtures.publicKeyPKCS1PEM,
            Fixtures.publicKeyPEM.replacingOccurrences(of: "\n", with: ""),
            Fixtures.key.publicKey.pemRepresentation,
        ]
        for pem in forms {
            let publicKey = try ClientValidationPublicKey(credentialSID: Fixtures.credentialSID, publicKeyPEM: pem)
            #expect(publicKey.isValidSignature(signature, for: input, algorithm: .rs256))
            #expect(!publicKey.isValidSignature(signature, for: input + [0], algorithm: .rs256))
            #expect(publicKey.keySizeInBits == 2048)
        }
        #expect(Fixtures.key.publicKey.pemRepresentation.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        #expect(Fixtures.key.publicKey.credentialSID == Fixtures.credentialSID)
    }

    // MARK: - Redaction

    @Test("ClientValidationKey shows its SIDs and never its key, in every rendering")
    func redacted() throws {
        let key = Fixtures.key
        let values: [Any] = [key, [key], Optional(key) as Any, key.publicKey]
        for value in values {
            for rendering in Canary.renderings(of: value) {
                for pem in [Fixtures.pkcs8PEM, Fixtures.pkcs1PEM] {
                    let leaks = PEMCanary.leaks(of: pem, in: rendering)
                    #expect(leaks.isEmpty, "key material \(leaks.prefix(3)) in: \(rendering)")
                }
                #expect(!rendering.contains("_RSA"), "swift-crypto internals in: \(rendering)")
                #expect(!rendering.contains("backing"), "swift-crypto internals in: \(rendering)")
            }
        }
        #expect(
            key.description
                == "ClientValidationKey(credentialSID: \(Fixtures.credentialSID), apiKeySID: \(Fixtures.apiKeySID), "
                + "accountSID: \(Fixtures.accountSID), privateKey: <redacted, 2048-bit RSA>)")
        #expect(key.debugDescription == key.description)
        #expect(Mirror(reflecting: key).children.map(\.label) == ["credentialSID", "apiKeySID", "accountSID"])
        #expect(
            "\(key.publicKey)" == "ClientValidationPublicKey(credentialSID: \(Fixtures.credentialSID), 2048-bit RSA)")
    }
}
