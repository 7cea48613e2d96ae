import Crypto
import Foundation
import Testing
import TwilioJWTTestSupport
import _CryptoExtras

@testable import TwilioJWT

/// Public Key Client Validation tokens (https://www.twilio.com/docs/iam/pkcv/quickstart; twilio-python's
/// `ClientValidationJwt`, https://github.com/twilio/twilio-python/blob/9.13.0/twilio/jwt/validation/__init__.py)
/// through `TokenVerifier(validationKeys:)`, for the checklist IDs C06, C09, C11, F01, F03 and G09 of
/// docs/security-checklist.md: the public key is found by the header's `kid`, pins
/// RS256 or PS256, and the typed claims are what was signed. Mutations are signed by plain swift-crypto RSA (not
/// the library's signer) with the shared test key, so that each breaks exactly one rule.
@Suite("Verifier: Client Validation tokens (PKCV)")
struct VerifierClientValidationTests {
    static let issuedAt = 1_700_000_000
    static let now = issuedAt + 100
    static let apiKeySecret = "abcdefghijklmnopqrstuvwxyz012345"
    static let apiKey = try! APIKey(
        sid: PKCVFixtures.apiKeySID, secret: Secret(apiKeySecret), accountSID: PKCVFixtures.accountSID)
    /// Both an HMAC key and the RSA public key, so that algorithm confusion between them can be tried.
    static let verifier = try! TokenVerifier(apiKeys: [apiKey], validationKeys: [PKCVFixtures.key.publicKey])

    /// The POST request of the twilio-python Client Validation vector (`Vectors/client-validation-vectors.json`).
    static let request = try! ClientValidationRequest(
        method: "POST",
        url: "https://api.twilio.com/2010-04-01/Accounts/\(PKCVFixtures.accountSID)/Messages.json?PageSize=5&Page=0",
        headers: [
            ("Host", "api.twilio.com"),
            ("Authorization", "Basic " + Data("\(PKCVFixtures.apiKeySID):\(apiKeySecret)".utf8).base64EncodedString()),
        ],
        body: Array("To=%2B15558675309&From=%2B15017250604&Body=hello".utf8)
    )

    // MARK: Hand-made tokens

    static func header(alg: String = "RS256", kid: String = PKCVFixtures.credentialSID) -> String {
        #"{"alg":"\#(alg)","cty":"twilio-pkrv;v=1","kid":"\#(kid)","typ":"JWT"}"#
    }

    /// The claims ClientValidationToken writes (twilio-python's order): hrh, rqh, iss, exp, nbf, sub.
    static let payload =
        #"{"hrh":"authorization;host","rqh":"\#(request.requestHash)","iss":"\#(PKCVFixtures.apiKeySID)","#
        + #""exp":\#(issuedAt + 300),"nbf":\#(issuedAt),"sub":"\#(PKCVFixtures.accountSID)"}"#

    static func payload(replacing old: String, with new: String) -> String {
        precondition(payload.contains(old), "payload does not contain \(old)")
        return payload.replacingOccurrences(of: old, with: new)
    }

    /// RSA-signs `header.payload` with the shared test key: PKCS#1 v1.5 for RS256, PSS for PS256.
    static func rsaToken(header: String = header(), payload: String = payload, pss: Bool = false) -> String {
        let input = Fixture.segment(header) + "." + Fixture.segment(payload)
        let signature = try! PKCVFixtures.privateKey.signature(
            for: SHA256.hash(data: Array(input.utf8)), padding: pss ? .PSS : .insecurePKCS1v1_5)
        return input + "." + Fixture.b64(signature.rawRepresentation)
    }

    /// HMAC-SHA256s `header.payload` with `secret` (the classic RS256 → HS256 confusion when `secret` is the
    /// public key's text).
    static func hmacToken(header: String, payload: String = payload, secret: [UInt8]) -> String {
        Fixture.token(header: header, payload: payload, secret: secret)
    }

    /// The configured public key as the texts a confused verifier might use as an HMAC secret
    /// (docs/security-checklist.md#c09).
    static let publicKeyPEM = Array(PKCVFixtures.publicKeyPEM.utf8)
    static let publicKeyDER = Array(PKCVFixtures.privateKey.publicKey.derRepresentation)
    static let publicKeyJWK: [UInt8] = {
        let primitives = try! PKCVFixtures.privateKey.publicKey.getKeyPrimitives()
        return Array(
            #"{"kty":"RSA","n":"\#(Fixture.b64(primitives.modulus))","e":"\#(Fixture.b64(primitives.publicExponent))"}"#
                .utf8)
    }()

    static func flipLastSignatureByte(_ token: String) -> String {
        let parts = segments(token)
        var signature = base64URLDecodedBytes(parts[2])!
        signature[signature.count - 1] ^= 0x01
        return parts[0] + "." + parts[1] + "." + Fixture.b64(signature)
    }

    // MARK: The table

    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let token: String
        let now: Int
        /// `nil`: must be accepted.
        let code: TokenError.Code?
        var testDescription: String { self.id }

        init(_ id: String, _ token: String, now: Int = VerifierClientValidationTests.now, _ code: TokenError.Code?) {
            self.id = id
            self.token = token
            self.now = now
            self.code = code
        }
    }

    static let accessHeader = #"{"alg":"HS256","cty":"twilio-fpa;v=1","typ":"JWT"}"#
    static let accessPayload =
        #"{"jti":"\#(PKCVFixtures.apiKeySID)-1700000000","grants":{"identity":"alice"},"#
        + #""iss":"\#(PKCVFixtures.apiKeySID)","exp":1700003600,"nbf":1700000000,"sub":"\#(PKCVFixtures.accountSID)"}"#

    static let cases: [Case] = [
        Case(
            "PKCV RS256 minted by ClientValidationToken",
            try! ClientValidationToken(request: request).jwt(signedWith: PKCVFixtures.key, issuedAt: issuedAt), nil),
        Case(
            "PKCV PS256 minted by ClientValidationToken",
            try! ClientValidationToken(request: request, algorithm: .ps256)
                .jwt(signedWith: PKCVFixtures.key, issuedAt: issuedAt), nil),
        Case("PKCV RS256 signed by swift-crypto", rsaToken(), nil),
        Case("PKCV PS256 signed by swift-crypto", rsaToken(header: header(alg: "PS256"), pss: true), nil),
        // C11: the key is found by kid, which must be a credential SID; nothing else is ever tried.
        Case(
            "C11 unknown kid", rsaToken(header: header(kid: "CR" + String(repeating: "e", count: 32))), .unknownIssuer),
        Case("C11 kid is an API key SID", rsaToken(header: header(kid: PKCVFixtures.apiKeySID)), .unknownIssuer),
        Case(
            "C11 kid is upper-case CR…",
            rsaToken(header: header(kid: "CR" + String(repeating: "D", count: 32))), .unknownIssuer),
        Case("C11 kid ../../dev/null", rsaToken(header: header(kid: "../../dev/null")), .unknownIssuer),
        Case("C11 kid ' OR 1=1--", rsaToken(header: header(kid: "' OR 1=1--")), .unknownIssuer),
        Case("C11 kid empty", rsaToken(header: header(kid: "")), .unknownIssuer),
        // R1/C05: the RSA key pins RS256 or PS256; an HMAC over the same claims is refused before any MAC is computed.
        Case(
            "R1 HS256 with cty twilio-pkrv;v=1, MAC'd with the API key secret",
            hmacToken(header: header(alg: "HS256"), secret: Array(apiKeySecret.utf8)), .unsupportedAlgorithm),
        Case(
            "C01 alg none", Fixture.segment(header(alg: "none")) + "." + Fixture.segment(payload) + ".",
            .unsupportedAlgorithm),
        Case("C05 RS512", rsaToken(header: header(alg: "RS512")), .unsupportedAlgorithm),
        Case("C06 ES256", rsaToken(header: header(alg: "ES256")), .unsupportedAlgorithm),
        // C09: MAC'd with the configured public key as text. As a Client Validation token the RSA key refuses HS256;
        // as an access token the HMAC key of its issuer is the API key secret, so the MAC does not verify.
        Case(
            "C09 HS256 Client Validation token MAC'd with the public key PEM",
            hmacToken(header: header(alg: "HS256"), secret: publicKeyPEM), .unsupportedAlgorithm),
        Case(
            "C09 HS256 Client Validation token MAC'd with the public key DER",
            hmacToken(header: header(alg: "HS256"), secret: publicKeyDER), .unsupportedAlgorithm),
        Case(
            "C09 HS256 Client Validation token MAC'd with the public key JWK",
            hmacToken(header: header(alg: "HS256"), secret: publicKeyJWK), .unsupportedAlgorithm),
        Case(
            "C09 HS256 access token MAC'd with the public key PEM",
            hmacToken(header: accessHeader, payload: accessPayload, secret: publicKeyPEM), .invalidSignature),
        Case(
            "C09 HS256 access token MAC'd with the public key JWK",
            hmacToken(header: accessHeader, payload: accessPayload, secret: publicKeyJWK), .invalidSignature),
        Case(
            "C06 access token RS256-signed with the configured RSA key",
            rsaToken(header: #"{"alg":"RS256","cty":"twilio-fpa;v=1","typ":"JWT"}"#, payload: accessPayload),
            .unsupportedAlgorithm),
        // Twilio error 20154: both hashes are required.
        Case(
            "PKCV hrh missing", rsaToken(payload: payload(replacing: #""hrh":"authorization;host","#, with: "")),
            .missingClaim),
        Case(
            "PKCV rqh missing",
            rsaToken(payload: payload(replacing: #""rqh":"\#(request.requestHash)","#, with: "")), .missingClaim),
        // The signature covers the bytes as sent.
        Case("C16 signature's last byte flipped", flipLastSignatureByte(rsaToken()), .invalidSignature),
        Case(
            "C16 PS256 signature's last byte flipped",
            flipLastSignatureByte(rsaToken(header: header(alg: "PS256"), pss: true)), .invalidSignature),
        Case(
            "rqh of another request under the original signature",
            {
                let original = segments(rsaToken())
                let other = payload(replacing: request.requestHash, with: String(repeating: "0", count: 64))
                return original[0] + "." + Fixture.segment(other) + "." + original[2]
            }(), .invalidSignature),
        Case("PS256 header over an RS256 signature", rsaToken(header: header(alg: "PS256")), .invalidSignature),
        Case("RS256 header over a PS256 signature", rsaToken(pss: true), .invalidSignature),
        Case("signature missing", Fixture.segment(header()) + "." + Fixture.segment(payload) + ".", .invalidSignature),
        // Times: exp = issuedAt + 300 (exclusive), nbf = issuedAt.
        Case("F01 verified at exp", rsaToken(), now: issuedAt + 300, .expired),
        Case("F01 verified a second before exp", rsaToken(), now: issuedAt + 299, nil),
        Case("F03 verified a second before nbf", rsaToken(), now: issuedAt - 1, .notYetValid),
        Case(
            "D07 cty twilio-pkrv;v=2",
            rsaToken(header: header().replacingOccurrences(of: "v=1", with: "v=2")), .wrongTokenType),
    ]

    /// The ID prefixes of the rows that have a test of their own below, naming the advisory they guard against.
    static let advisoryRows = ["C01", "C09"]

    @Test(
        "Client Validation row",
        arguments: cases.filter { row in !advisoryRows.contains { row.id.hasPrefix($0 + " ") } })
    func row(_ testCase: Case) {
        Self.check(testCase)
    }

    @Test(
        "C01 alg none is refused by the RSA key",
        .bug(
            "https://github.com/auth0/node-jsonwebtoken/security/advisories/GHSA-qwph-4952-7xr6",
            "jsonwebtoken CVE-2022-23540"),
        arguments: cases.filter { $0.id.hasPrefix("C01 ") })
    func algorithmNone(_ testCase: Case) {
        Self.check(testCase)
    }

    @Test(
        "C09 an HMAC keyed with the configured public key's text never verifies",
        .bug("https://nvd.nist.gov/vuln/detail/CVE-2017-11424", "PyJWT CVE-2017-11424"),
        arguments: cases.filter { $0.id.hasPrefix("C09 ") })
    func publicKeyAsSecret(_ testCase: Case) {
        Self.check(testCase)
    }

    static func check(_ testCase: Case) {
        do {
            let verified = try Self.verifier.verify(testCase.token, at: testCase.now)
            if let code = testCase.code {
                Issue.record("accepted; expected \(code)")
            } else {
                #expect(verified.keyID.sid == PKCVFixtures.credentialSID)
                #expect(verified.claims.kind == .clientValidation)
            }
        } catch {
            #expect(error.code == testCase.code, "\(error.message)")
            // Messages never carry key material or the token.
            #expect(PEMCanary.leaks(of: PKCVFixtures.pkcs8PEM, in: error.message).isEmpty)
            #expect(PEMCanary.leaks(of: PKCVFixtures.publicKeyPEM, in: error.message).isEmpty)
            #expect(!error.message.contains(segments(testCase.token)[1].prefix(24)))
        }
    }

    @Test("a valid RS256 token's typed claims are what was signed")
    func typedClaims() throws {
        let jwt = try ClientValidationToken(request: Self.request).jwt(
            signedWith: PKCVFixtures.key, issuedAt: Self.issuedAt)
        let verified = try Self.verifier.verify(jwt, as: ClientValidationClaims.self, at: Self.now)
        #expect(verified.keyID.sid == PKCVFixtures.credentialSID)
        #expect(verified.algorithm.name == "RS256")
        #expect(
            verified.claims
                == ClientValidationClaims(
                    credentialSID: PKCVFixtures.credentialSID,
                    apiKeySID: PKCVFixtures.apiKeySID,
                    accountSID: PKCVFixtures.accountSID,
                    signedHeaders: ["authorization", "host"],
                    requestHash: "4a4064c53c5a5637fddd09072f7abd6fdef1d79b1f56c369706ba98e52177b5f",
                    expiresAt: Self.issuedAt + 300,
                    notBefore: Self.issuedAt,
                    issuedAt: nil
                ))
        #expect(verified.claims.signedHeaders == Self.request.signedHeaders)
        #expect(verified.claims.requestHash == Self.request.requestHash)
        // verify(_:at:) gives the same claims.
        #expect(try Self.verifier.verify(jwt, at: Self.now).claims == .clientValidation(verified.claims))
    }

    @Test("a valid PS256 token verifies and says PS256")
    func ps256() throws {
        let jwt = try ClientValidationToken(request: Self.request, algorithm: .ps256)
            .jwt(signedWith: PKCVFixtures.key, issuedAt: Self.issuedAt)
        let verified = try Self.verifier.verify(jwt, as: ClientValidationClaims.self, at: Self.now)
        #expect(verified.algorithm.name == "PS256")
        #expect(verified.claims.requestHash == Self.request.requestHash)
    }

    @Test("a public key pinned to one algorithm refuses tokens of the other before checking their signature")
    func pinnedAlgorithm() throws {
        let rs256 = try ClientValidationToken(request: Self.request, algorithm: .rs256)
            .jwt(signedWith: PKCVFixtures.key, issuedAt: Self.issuedAt)
        let ps256 = try ClientValidationToken(request: Self.request, algorithm: .ps256)
            .jwt(signedWith: PKCVFixtures.key, issuedAt: Self.issuedAt)
        let pem = PKCVFixtures.key.publicKey.pemRepresentation
        let onlyRS256 = try TokenVerifier(validationKeys: [
            ClientValidationPublicKey(credentialSID: PKCVFixtures.credentialSID, publicKeyPEM: pem, algorithm: .rs256)
        ])
        #expect(try onlyRS256.verify(rs256, as: ClientValidationClaims.self, at: Self.now).algorithm.name == "RS256")
        #expect {
            _ = try onlyRS256.verify(ps256, as: ClientValidationClaims.self, at: Self.now)
        } throws: { error in
            let error = error as? TokenError
            return error?.code == .unsupportedAlgorithm
                && error?.message
                    == "'alg' is 'PS256' but the public key \(PKCVFixtures.credentialSID) accepts only RS256"
        }
        let onlyPS256 = try TokenVerifier(validationKeys: [
            ClientValidationPublicKey(credentialSID: PKCVFixtures.credentialSID, publicKeyPEM: pem, algorithm: .ps256)
        ])
        #expect(try onlyPS256.verify(ps256, as: ClientValidationClaims.self, at: Self.now).algorithm.name == "PS256")
        #expect(throws: TokenError.self) {
            _ = try onlyPS256.verify(rs256, as: ClientValidationClaims.self, at: Self.now)
        }
        // Unpinned (the default), either verifies.
        #expect(PKCVFixtures.key.publicKey.algorithm == nil)
    }

    @Test("G09 twilio-python's RS256 Client Validation vector verifies with its published public key")
    func referenceToken() throws {
        let vector = try #require(ClientValidationVector.tokens.first { $0["id"]?.stringValue == "PKCV-RS256" })
        let publicKey = try ClientValidationPublicKey(
            credentialSID: PKCVFixtures.credentialSID, publicKeyPEM: try #require(vector["publicKey"]?.stringValue))
        let verifier = try TokenVerifier(validationKeys: [publicKey])
        let token = try #require(vector["token"]?.stringValue)
        let verified = try verifier.verify(token, as: ClientValidationClaims.self, at: Self.now)
        #expect(verified.claims.requestHash == "4a4064c53c5a5637fddd09072f7abd6fdef1d79b1f56c369706ba98e52177b5f")
        #expect(verified.claims.signedHeaders == ["authorization", "host"])
        #expect(verified.claims.apiKeySID == PKCVFixtures.apiKeySID)
        #expect(verified.claims.expiresAt == 1_700_000_300)
        // Our test key is not the vector's: the same token under another public key with the same kid fails.
        #expect {
            try Self.verifier.verify(token, as: ClientValidationClaims.self, at: Self.now)
        } throws: {
            ($0 as? TokenError)?.code == .invalidSignature
        }
    }

    @Test("messages name the credential: unknown kid, a kid that is not a CR SID, HS256 on the RSA key")
    func messages() {
        let unknown = "CR" + String(repeating: "e", count: 32)
        #expect(throws: TokenError(.unknownIssuer, "no public key is configured for the credential \(unknown)")) {
            try Self.verifier.verify(Self.rsaToken(header: Self.header(kid: unknown)), at: Self.now)
        }
        #expect(throws: TokenError(.unknownIssuer, "'kid' must be a credential SID (CR…); it is not")) {
            try Self.verifier.verify(Self.rsaToken(header: Self.header(kid: PKCVFixtures.apiKeySID)), at: Self.now)
        }
        #expect {
            try Self.verifier.verify(
                Self.hmacToken(header: Self.header(alg: "HS256"), secret: Self.publicKeyPEM), at: Self.now)
        } throws: {
            guard let error = $0 as? TokenError else { return false }
            return error.code == .unsupportedAlgorithm && error.message.contains("RS256 or PS256")
        }
        #expect {
            try Self.verifier.verify(
                Self.rsaToken(payload: Self.payload(replacing: #""hrh":"authorization;host","#, with: "")),
                at: Self.now)
        } throws: {
            guard let error = $0 as? TokenError else { return false }
            return error.code == .missingClaim && error.message.contains("'hrh'")
        }
    }
}
