import Testing
import TwilioJWT

/// One access-token vector of `Vectors/access-token-vectors.json`.
public struct AccessTokenVector: Sendable, CustomTestStringConvertible {
    public let id: String
    public let input: JSONValue
    public let header: String
    public let payload: String
    public let token: String

    public var testDescription: String { self.id }

    public static let all: [AccessTokenVector] = {
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

/// One vector of `Vectors/capability-token-vectors.json` or `Vectors/taskrouter-token-vectors.json`.
public struct TokenVector: Sendable, CustomTestStringConvertible {
    public let id: String
    public let input: JSONValue
    public let header: String
    public let payload: String
    public let token: String?

    public var testDescription: String { self.id }

    public static func load(_ file: String) -> [TokenVector] {
        let contents = try! loadVectorFile(file)
        return contents["vectors"]!.arrayValue!.map { vector in
            TokenVector(
                id: vector["id"]!.stringValue!,
                input: vector["input"]!,
                header: vector["header"]!.stringValue!,
                payload: vector["payload"]!.stringValue!,
                token: vector["token"]?.stringValue
            )
        }
    }

    /// Checks a minted token against the vector: the whole token when the vector has one, and always the
    /// header and payload JSON.
    public func check(_ jwt: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if let token = self.token {
            #expect(jwt == token, sourceLocation: sourceLocation)
        }
        let segments = jwt.split(separator: ".", omittingEmptySubsequences: false)
        #expect(segments.count == 3, sourceLocation: sourceLocation)
        #expect(base64URLDecodedString(segments[0]) == self.header, sourceLocation: sourceLocation)
        #expect(base64URLDecodedString(segments[1]) == self.payload, sourceLocation: sourceLocation)
    }

    /// The scope parameters of a capability spec, `[[name, [values…]]…]`, flattened to `(name, value)` pairs in
    /// order: the library's repeated `ScopeParameters`, the tool's repeated `--outgoing-param` and `--event-filter`.
    public static func parameters(_ value: JSONValue?) -> [(name: String, value: String)] {
        var parameters: [(name: String, value: String)] = []
        for pair in value?.arrayValue ?? [] {
            let name = pair.arrayValue![0].stringValue!
            for value in pair.arrayValue![1].arrayValue! {
                parameters.append((name, value.stringValue!))
            }
        }
        return parameters
    }
}

/// The Public Key Client Validation vectors of `Vectors/client-validation-vectors.json`: the credentials, the
/// requests, and the twilio-python RS256 token (issued at 1700000000, expiring at 1700000300) with the public key
/// that verifies it.
public enum ClientValidationVector {
    public static let file = try! loadVectorFile("client-validation-vectors")
    public static let credentials = file["credentials"]!
    public static let requests: [JSONValue] = file["requests"]!.arrayValue!
    public static let tokens: [JSONValue] = file["tokens"]!.arrayValue!
    /// The SID of the public key credential (`CR…`).
    public static let credentialSID = credentials["credentialSid"]!.stringValue!
    /// The first token, `PKCV-RS256`.
    public static let token = tokens[0]["token"]!.stringValue!
    /// The public key of the first token, in PEM.
    public static let publicKeyPEM = tokens[0]["publicKey"]!.stringValue!
}
