import Foundation
import Testing

@testable import TwilioJWT

/// One access-token vector of `Vectors/access-token-vectors.json`.
struct AccessTokenVector: Sendable, CustomTestStringConvertible {
    let id: String
    let input: JSONValue
    let header: String
    let payload: String
    let token: String

    var testDescription: String { self.id }

    static let all: [AccessTokenVector] = {
        let file = try! loadVectorFile("access-token-vectors")
        return file["vectors"]!.arrayValue!.map { vector in
            AccessTokenVector(
                id: vector["id"]!.stringValue!,
                input: vector["input"]!,
                header: vector["header"]!.stringValue!,
                payload: vector["payload"]!.stringValue!,
                token: vector["token"]!.stringValue!
            )
        }
    }()
}

@Suite("Access token vectors (twilio-python 9.13.0, reference §1.1)")
struct AccessTokenVectorTests {
    @Test("the vector file holds every AT-* vector of the reference")
    func vectorFileIsComplete() {
        #expect(AccessTokenVector.all.map(\.id) == (1...13).map { "AT-\($0)" })
    }

    @Test("reproduces the token byte for byte", arguments: AccessTokenVector.all)
    func reproducesToken(_ vector: AccessTokenVector) throws {
        let key = try AccessTokenSpec.key(vector.input)
        let token = AccessTokenSpec.token(vector.input)
        let jwt = try token.jwt(signedWith: key, issuedAt: vector.input["issuedAt"]!.intValue!)
        #expect(jwt == vector.token)
    }

    @Test("writes the header and payload JSON of the reference", arguments: AccessTokenVector.all)
    func reproducesJSON(_ vector: AccessTokenVector) throws {
        let key = try AccessTokenSpec.key(vector.input)
        let jwt = try AccessTokenSpec.token(vector.input).jwt(
            signedWith: key,
            issuedAt: vector.input["issuedAt"]!.intValue!
        )
        let segments = jwt.split(separator: ".", omittingEmptySubsequences: false)
        #expect(segments.count == 3)
        #expect(base64URLDecodedString(segments[0]) == vector.header)
        #expect(base64URLDecodedString(segments[1]) == vector.payload)
    }

    @Test("the Date overload rounds down to whole seconds")
    func dateOverload() throws {
        let vector = AccessTokenVector.all[0]
        let key = try AccessTokenSpec.key(vector.input)
        let jwt = try AccessTokenSpec.token(vector.input).jwt(
            signedWith: key,
            issuedAt: Date(timeIntervalSince1970: 1_700_000_000.999)
        )
        #expect(jwt == vector.token)
    }
}
