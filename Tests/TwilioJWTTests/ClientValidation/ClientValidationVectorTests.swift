import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

/// The Public Key Client Validation vectors of `Vectors/client-validation-vectors.json`
/// (twilio-token-formats.md §3, made with twilio-python 9.13.0).
@Suite("Client validation vectors (twilio-token-formats.md §3)")
struct ClientValidationVectorTests {
    static let file: JSONValue? = try? loadVectorFile("client-validation-vectors")
    static let requestVectors: [JSONValue] = Self.file?["requests"]?.arrayValue ?? []
    static let tokenVectors: [JSONValue] = Self.file?["tokens"]?.arrayValue ?? []

    @Test("the vector file loads and cites its source")
    func fileLoads() throws {
        let file = try loadVectorFile("client-validation-vectors")
        #expect(file["source"]?.stringValue?.hasPrefix("../shared/reference/twilio-token-formats.md §3") == true)
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

    @Test("header and payload are the reference token's, and its signature verifies", arguments: Self.tokenVectors)
    func token(vector: JSONValue) throws {
        let requestID = vector["request"]!.stringValue!
        let input = try #require(Self.requestVectors.first { $0["id"]?.stringValue == requestID }?["input"])
        let credentials = try #require(Self.file?["credentials"])
        let reference = vector["token"]!.stringValue!

        // The reference's private key is not published: sign with ours. The first two segments depend only on
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
