import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

/// The Public Key Client Validation vectors of `Vectors/client-validation-vectors.json`, made with twilio-python
/// 9.13.0's `ClientValidationJwt`
/// (https://github.com/twilio/twilio-python/blob/9.13.0/twilio/jwt/validation/__init__.py).
@Suite("Client validation vectors (twilio-python 9.13.0 ClientValidationJwt)")
struct ClientValidationVectorTests {
    static let requestVectors: [JSONValue] = ClientValidationVector.requests
    static let tokenVectors: [JSONValue] = ClientValidationVector.tokens

    @Test("the vector file loads and cites its source")
    func fileLoads() throws {
        let file = try loadVectorFile("client-validation-vectors")
        #expect(file["source"]?.stringValue?.hasPrefix("twilio-python 9.13.0 ClientValidationJwt (https://") == true)
        #expect(Self.requestVectors.count == 2)
        #expect(Self.tokenVectors.count == 1)
    }

    @Test("canonical request and rqh", arguments: Self.requestVectors)
    func canonicalRequest(vector: JSONValue) throws {
        let request = try ClientValidationRequest(vectorInput: vector["input"]!)
        if let canonical = vector["canonicalRequest"]?.stringValue {
            #expect(request.canonicalRequest == canonical)
        }
        #expect(request.requestHash == vector["rqh"]!.stringValue!)
        #expect(request.signedHeaderList == "authorization;host")
    }

    @Test("header and payload are twilio-python's, and its signature verifies", arguments: Self.tokenVectors)
    func token(vector: JSONValue) throws {
        let requestID = vector["request"]!.stringValue!
        let input = try #require(Self.requestVectors.first { $0["id"]?.stringValue == requestID }?["input"])
        let credentials = ClientValidationVector.credentials
        let reference = vector["token"]!.stringValue!

        // The vector's private key was discarded: sign with ours. The first two segments depend only on
        // the SIDs, the request and the time; the signature is reproduced by the differential tests.
        let key = try ClientValidationKey(
            credentialSID: credentials["credentialSid"]!.stringValue!,
            apiKeySID: credentials["apiKeySid"]!.stringValue!,
            accountSID: credentials["accountSid"]!.stringValue!,
            privateKeyPEM: PKCVFixtures.pkcs8PEM
        )
        let token = ClientValidationToken(request: try ClientValidationRequest(vectorInput: input))
        let ours = try token.jwt(signedWith: key, issuedAt: vector["issuedAt"]!.intValue!)
        #expect(segments(ours)[0] == segments(reference)[0])
        #expect(segments(ours)[1] == segments(reference)[1])
        #expect(base64URLDecodedString(segments(ours)[0]) == vector["header"]!.stringValue!)
        #expect(base64URLDecodedString(segments(ours)[1]) == vector["payload"]!.stringValue!)

        let publicKey = try ClientValidationPublicKey(
            credentialSID: credentials["credentialSid"]!.stringValue!,
            publicKeyPEM: vector["publicKey"]!.stringValue!
        )
        let (input1, signature) = signingInputAndSignature(reference)
        #expect(publicKey.isValidSignature(signature, for: input1, algorithm: .rs256))
        // …and only that signature, of that input, with that padding.
        #expect(!publicKey.isValidSignature(signature, for: input1, algorithm: .ps256))
        var tampered = input1
        tampered[tampered.count - 2] ^= 0x01
        #expect(!publicKey.isValidSignature(signature, for: tampered, algorithm: .rs256))
        let (ourInput, ourSignature) = signingInputAndSignature(ours)
        #expect(ourInput == input1)
        #expect(!publicKey.isValidSignature(ourSignature, for: ourInput, algorithm: .rs256))
        #expect(key.publicKey.isValidSignature(ourSignature, for: ourInput, algorithm: .rs256))
    }
}
