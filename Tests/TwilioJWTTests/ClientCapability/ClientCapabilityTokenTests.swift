import Testing

@testable import TwilioJWT

@Suite("Client capability tokens")
struct ClientCapabilityTokenTests {
    static let vectors = TokenVector.load("capability-token-vectors")
    static let app = "AP" + String(repeating: "c", count: 32)
    static let credentials = try! AccountCredentials(
        accountSID: "AC" + String(repeating: "a", count: 32),
        authToken: Secret(Canary.authToken)
    )

    @Test("the vector file holds every CAP-* vector of the reference")
    func vectorFileIsComplete() {
        #expect(Self.vectors.map(\.id) == (1...12).map { "CAP-\($0)" })
    }

    @Test("reproduces twilio-python's token byte for byte", arguments: vectors)
    func reproducesVector(_ vector: TokenVector) throws {
        let jwt = try CapabilitySpec.capabilityToken(vector.input).jwt(
            signedWith: CapabilitySpec.credentials(vector.input),
            issuedAt: vector.input["issuedAt"]!.intValue!
        )
        vector.check(jwt)
    }

    @Test("300 random capability tokens are byte-identical to twilio-python's")
    func differential() throws {
        var random = RandomSpecs(seed: 0xCA9A_B111)
        let specs = (0..<300).map { _ in random.capabilitySpec() }
        let expected = try PythonReference.run("capability", .array(specs)).arrayValue!
        try #require(expected.count == specs.count)
        var differences = 0
        for (spec, reference) in zip(specs, expected) {
            let ours = try CapabilitySpec.capabilityToken(spec).jwt(
                signedWith: CapabilitySpec.credentials(spec),
                issuedAt: spec["issuedAt"]!.intValue!
            )
            if ours != reference.stringValue {
                differences += 1
                if differences <= 3 {
                    Issue.record("differs for \(spec.json)\nours:   \(ours)\npython: \(reference.json)")
                }
            }
            // twilio-python's token verifies.
            let issuedAt = spec["issuedAt"]!.intValue!
            _ = try TokenVerifier(accounts: [CapabilitySpec.credentials(spec)])
                .verifyClientCapabilityToken(
                    reference.stringValue!, at: max(issuedAt, spec["nbf"]?.intValue ?? issuedAt))
        }
        #expect(differences == 0)
    }

    @Test("a client name cannot inject a scope (security reference G06)")
    func clientNameInjection() throws {
        let token = ClientCapabilityToken(scopes: [.incoming(clientName: "bob scope:client:outgoing?appSid=APevil")])
        let scope = try token.scopeClaim()
        #expect(scope == "scope:client:incoming?clientName=bob+scope%3Aclient%3Aoutgoing%3FappSid%3DAPevil")
        #expect(scope.split(separator: " ").count == 1)
    }

    @Test("values with &, = and + survive the double encoding")
    func doubleEncoding() throws {
        let token = ClientCapabilityToken(scopes: [.outgoing(applicationSID: Self.app, params: ["a": "1&b=2+3%"])])
        let scope = try token.scopeClaim()
        #expect(scope == "scope:client:outgoing?appParams=a%3D1%2526b%253D2%252B3%2525&appSid=\(Self.app)")
        // Decoding twice gives back the value intact.
        let outer = FormEncoding.decodePairs(scope.split(separator: "?")[1][...])!
        let inner = FormEncoding.decodePairs(outer[0].1[...])!
        #expect(inner.map(\.0) == ["a"])
        #expect(inner.map(\.1) == ["1&b=2+3%"])
    }

    @Test("repeated parameter names are written as repeated keys, like urlencode(doseq=True)")
    func repeatedNames() throws {
        let params = ScopeParameters([("multi", "a"), ("multi", "b"), ("flag", "True")])
        #expect(params.description == "multi=a&multi=b&flag=True")
        #expect(params.values(for: "multi") == ["a", "b"])
    }

    @Test("allowing a kind again replaces it in place; one client name per token")
    func replaceInPlace() throws {
        var token = ClientCapabilityToken()
        token.allowIncoming(clientName: "alice")
        token.allowEventStream()
        token.allowIncoming(clientName: "bob")
        #expect(token.scopes == [.incoming(clientName: "bob"), .eventStream(filters: [:])])
        #expect(token.clientName == "bob")
    }

    @Test("an explicit outgoing client name is used without an incoming scope (twilio-ruby's OutgoingClientScope)")
    func explicitOutgoingClientName() throws {
        let token = ClientCapabilityToken(scopes: [.outgoing(applicationSID: Self.app, clientName: "john")])
        #expect(try token.scopeClaim() == "scope:client:outgoing?appSid=\(Self.app)&clientName=john")
        let same = ClientCapabilityToken(scopes: [
            .incoming(clientName: "john"), .outgoing(applicationSID: Self.app, clientName: "john"),
        ])
        #expect(try same.scopeClaim().hasSuffix("&clientName=john"))
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        let name: String
        let token: ClientCapabilityToken
        let code: TokenError.Code
        let phrase: String
        var testDescription: String { self.name }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(
            name: "empty incoming client name",
            token: ClientCapabilityToken(scopes: [.incoming(clientName: "")]),
            code: .invalidArgument,
            phrase: "the incoming client name must not be empty"
        ),
        ErrorCase(
            name: "empty outgoing client name",
            token: ClientCapabilityToken(scopes: [.outgoing(applicationSID: app, clientName: "")]),
            code: .invalidArgument,
            phrase: "the outgoing client name must not be empty"
        ),
        ErrorCase(
            name: "two different client names",
            token: ClientCapabilityToken(scopes: [
                .incoming(clientName: "a"), .outgoing(applicationSID: app, clientName: "b"),
            ]),
            code: .invalidArgument,
            phrase: "differs from the incoming client name"
        ),
        ErrorCase(
            name: "malformed application SID",
            token: ClientCapabilityToken(scopes: [.outgoing(applicationSID: "APabe7650f")]),
            code: .invalidSID,
            phrase: "outgoing application SID must be 'AP' followed by 32 lower-case hex digits; got 10 characters"
        ),
        ErrorCase(
            name: "application SID is an account SID",
            token: ClientCapabilityToken(scopes: [.outgoing(applicationSID: "AC" + String(repeating: "a", count: 32))]),
            code: .invalidSID,
            phrase: "this looks like an account SID"
        ),
        ErrorCase(
            name: "ttl beyond 24 hours",
            token: ClientCapabilityToken(expiration: .ttl(86_401)),
            code: .invalidTTL,
            phrase: "ttl must be between 1 and 86400 seconds"
        ),
    ]

    @Test("bad input gets a specific error without secrets", arguments: errorCases)
    func errors(_ testCase: ErrorCase) {
        do {
            _ = try testCase.token.jwt(signedWith: Self.credentials, issuedAt: 1_700_000_000)
            Issue.record("expected \(testCase.code)")
        } catch {
            #expect(error.code == testCase.code)
            #expect(error.message.contains(testCase.phrase), "message was: \(error.message)")
            for rendering in Canary.renderings(of: error) {
                #expect(Canary.leaks(in: rendering).isEmpty)
            }
        }
    }

    @Test("account credentials: bad SID, empty auth token, environment")
    func credentialErrors() {
        #expect(throws: TokenError(.weakSecret, "the secret is empty")) {
            try AccountCredentials(accountSID: "AC" + String(repeating: "a", count: 32), authToken: Secret(""))
        }
        #expect {
            try AccountCredentials(
                accountSID: "SK" + String(repeating: "b", count: 32), authToken: Secret(Canary.authToken))
        } throws: { ($0 as? TokenError)?.code == .invalidSID }
        #expect(
            throws: TokenError(
                .missingCredential, "the environment variable TWILIO_ACCOUNT_SID (the account SID) is not set")
        ) {
            try AccountCredentials.fromEnvironment([:])
        }
        #expect(
            throws: TokenError(
                .missingCredential, "the environment variable TWILIO_AUTH_TOKEN (the account's auth token) is not set")
        ) {
            try AccountCredentials.fromEnvironment([
                "TWILIO_ACCOUNT_SID": "AC" + String(repeating: "a", count: 32), "TWILIO_AUTH_TOKEN": "",
            ])
        }
        let loaded = try? AccountCredentials.fromEnvironment([
            "TWILIO_ACCOUNT_SID": "AC" + String(repeating: "a", count: 32), "TWILIO_AUTH_TOKEN": Canary.authToken,
        ])
        #expect(loaded?.accountSID == "AC" + String(repeating: "a", count: 32))
        for rendering in Canary.renderings(of: loaded as Any) {
            #expect(Canary.leaks(in: rendering).isEmpty)
        }
    }

    @Test("diagnostics report client names Twilio does not allow")
    func diagnostics() {
        #expect(ClientCapabilityToken(scopes: [.incoming(clientName: "alice_01")]).diagnostics().isEmpty)
        let findings = ClientCapabilityToken(scopes: [.incoming(clientName: "alice smith")]).diagnostics()
        #expect(findings.map(\.field) == ["scope.incoming.clientName"])
        #expect(findings.first?.description.contains("U+0020") == true)
        #expect(ClientCapabilityToken().diagnostics().map(\.severity) == [.note])
    }
}
